//! What producers and coordinators type: JSON bodies (API) and HTML forms, parsed into checked
//! values with one message per field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::domain::*;
use crate::error::{FieldError, FieldErrors};
use crate::territories::domain::Slug;
use crate::web::forms::{checked, lang_map, lang_texts, no_control_chars};
use entity::I18nText;

/// A text given once (taken as French) or per language (`{"fr": "...", "ar": "..."}`).
#[derive(Clone, Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum TextInput {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Default for TextInput {
    fn default() -> Self {
        TextInput::PerLanguage(BTreeMap::new())
    }
}

impl TextInput {
    pub fn map(&self) -> BTreeMap<String, String> {
        match self {
            TextInput::One(s) => [("fr".to_owned(), s.clone())].into(),
            TextInput::PerLanguage(m) => m.clone(),
        }
    }
}

/// A whole number given as a JSON number or as form text.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum NumberInput {
    #[default]
    Missing,
    Number(i64),
    Text(String),
}

impl NumberInput {
    fn parse(
        &self,
        errors: &mut FieldErrors,
        field: &str,
        min: i64,
        max: i64,
        required: bool,
    ) -> Option<i64> {
        let n = match self {
            NumberInput::Missing => None,
            NumberInput::Text(t) if t.trim().is_empty() => None,
            NumberInput::Number(n) => Some(*n),
            NumberInput::Text(t) => match t.trim().parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.add(field, FieldError::new("number"));
                    return None;
                }
            },
        };
        match n {
            None if required => {
                errors.add(field, FieldError::new("required"));
                None
            }
            None => None,
            Some(n) if n < min || n > max => {
                errors.add(
                    field,
                    FieldError::new("range").with("min", min).with("max", max),
                );
                None
            }
            Some(n) => Some(n),
        }
    }
}

/// Euros as typed in a form ("12,50", "12.5", "12") to cents.
pub fn parse_euros(s: &str) -> Option<i64> {
    let s = s.trim().replace(['€', ' ', '\u{a0}', '\u{202f}'], "");
    if s.is_empty() {
        return None;
    }
    let s = s.replace(',', ".");
    let (units, cents) = match s.split_once('.') {
        Some((u, c)) if c.len() <= 2 && c.chars().all(|d| d.is_ascii_digit()) => {
            (u, format!("{c:0<2}"))
        }
        Some(_) => return None,
        None => (s.as_str(), "00".to_owned()),
    };
    if units.is_empty() || !units.chars().all(|d| d.is_ascii_digit()) || units.len() > 9 {
        return None;
    }
    Some(units.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?)
}

fn choice(errors: &mut FieldErrors, field: &str, value: &str, allowed: &[&str]) -> String {
    let v = value.trim();
    if allowed.contains(&v) {
        v.to_owned()
    } else {
        errors.add(
            field,
            FieldError::new(if v.is_empty() { "required" } else { "choice" }),
        );
        String::new()
    }
}

fn short_text(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    let v = value.trim();
    if required && v.is_empty() {
        errors.add(field, FieldError::new("required"));
    } else if v.chars().count() > max {
        errors.add(field, FieldError::new("length").with("max", max));
    }
    no_control_chars(errors, field, v);
    v.to_owned()
}

// ----- producers -----

/// A producer profile, as the API takes it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProducerInput {
    pub name: String,
    /// Slug of the partnership it sells through.
    pub partnership: String,
    /// Slug of its territory (in the partnership's partner country).
    pub territory: String,
    /// cooperative, association or family_business.
    pub kind: String,
    pub description: TextInput,
    /// ODCo registration number, if any.
    pub odco_number: String,
    pub women_led: bool,
    /// Any of argane_pgi, saffron_taliouine_pdo, majhoul_dates_pgi, organic, fair_trade, handmade.
    pub labels: Vec<String>,
    pub contact_email: String,
    pub contact_phone: String,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ProducerForm {
    pub name: String,
    pub partnership: String,
    pub territory: String,
    pub kind: String,
    pub description_fr: String,
    pub description_nl: String,
    pub description_en: String,
    pub description_ar: String,
    pub odco_number: String,
    pub women_led: Option<String>,
    pub labels: Vec<String>,
    pub contact_email: String,
    pub contact_phone: String,
}

impl From<ProducerForm> for ProducerInput {
    fn from(f: ProducerForm) -> Self {
        ProducerInput {
            description: TextInput::PerLanguage(lang_map(
                &f.description_fr,
                &f.description_nl,
                &f.description_en,
                &f.description_ar,
            )),
            women_led: checked(&f.women_led),
            name: f.name,
            partnership: f.partnership,
            territory: f.territory,
            kind: f.kind,
            odco_number: f.odco_number,
            labels: f.labels,
            contact_email: f.contact_email,
            contact_phone: f.contact_phone,
        }
    }
}

impl ProducerForm {
    pub fn from_model(p: &entity::producer::Model, partnership: &str, territory: &str) -> Self {
        ProducerForm {
            name: p.name.clone(),
            partnership: partnership.to_owned(),
            territory: territory.to_owned(),
            kind: p.kind.clone(),
            description_fr: p.description.exact("fr").into(),
            description_nl: p.description.exact("nl").into(),
            description_en: p.description.exact("en").into(),
            description_ar: p.description.exact("ar").into(),
            odco_number: p.odco_number.clone().unwrap_or_default(),
            women_led: p.women_led.then(|| "on".into()),
            labels: p.labels.0.clone(),
            contact_email: p.contact_email.clone().unwrap_or_default(),
            contact_phone: p.contact_phone.clone().unwrap_or_default(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewProducer {
    pub name: String,
    pub slug: Slug,
    pub partnership: String,
    pub territory: String,
    pub kind: String,
    pub description: I18nText,
    pub odco_number: Option<String>,
    pub women_led: bool,
    pub labels: Vec<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
}

impl TryFrom<ProducerInput> for NewProducer {
    type Error = FieldErrors;

    fn try_from(i: ProducerInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = short_text(&mut errors, "name", &i.name, 120, true);
        let slug = Slug::from_name(&name);
        if slug.is_none() && !name.is_empty() {
            errors.add("name", FieldError::new("name-letters"));
        }
        let partnership = short_text(&mut errors, "partnership", &i.partnership, 64, true);
        let territory = short_text(&mut errors, "territory", &i.territory, 64, true);
        let kind = choice(&mut errors, "kind", &i.kind, &PRODUCER_KINDS);
        let description = lang_texts(&mut errors, "description", &i.description.map(), 5000);
        let odco = short_text(&mut errors, "odco_number", &i.odco_number, 40, false);
        let mut labels = Vec::new();
        for l in &i.labels {
            if !LABELS.contains(&l.as_str()) {
                errors.add("labels", FieldError::new("choice"));
            } else if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
        let email = short_text(&mut errors, "contact_email", &i.contact_email, 254, false);
        if !email.is_empty() && email.parse::<lettre::Address>().is_err() {
            errors.add("contact_email", FieldError::new("email"));
        }
        let phone = short_text(&mut errors, "contact_phone", &i.contact_phone, 32, false);
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
        {
            errors.add("contact_phone", FieldError::new("phone"));
        }
        match slug {
            Some(slug) if errors.is_empty() => Ok(NewProducer {
                name,
                slug,
                partnership,
                territory,
                kind,
                description,
                odco_number: (!odco.is_empty()).then_some(odco),
                women_led: i.women_led,
                labels,
                contact_email: (!email.is_empty()).then_some(email.to_lowercase()),
                contact_phone: (!phone.is_empty()).then_some(phone),
            }),
            _ => Err(errors),
        }
    }
}

// ----- products -----

/// A product, as the API takes it. Prices in cents, VAT included.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProductInput {
    pub name: TextInput,
    pub description: TextInput,
    pub category: String,
    /// What one unit is ("250 ml bottle").
    pub unit: String,
    /// Units per case.
    #[schema(value_type = i64)]
    pub case_size: NumberInput,
    /// Cases per campaign at least (default 1).
    #[schema(value_type = Option<i64>)]
    pub min_cases: NumberInput,
    /// Weight of one unit in grams.
    #[schema(value_type = i64)]
    pub weight_grams: NumberInput,
    #[schema(value_type = i64)]
    pub price_cents: NumberInput,
    /// 600, 1200 or 2100.
    #[schema(value_type = i64)]
    pub vat_rate_bp: NumberInput,
    /// Units in stock; absent or null: made to order.
    #[schema(value_type = Option<i64>)]
    pub stock: NumberInput,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ProductForm {
    pub name_fr: String,
    pub name_nl: String,
    pub name_en: String,
    pub name_ar: String,
    pub description_fr: String,
    pub description_nl: String,
    pub description_en: String,
    pub description_ar: String,
    pub category: String,
    pub unit: String,
    pub case_size: String,
    pub min_cases: String,
    pub weight_grams: String,
    /// In euros, as typed ("12,50").
    pub price: String,
    pub vat_rate_bp: String,
    /// Empty: made to order.
    pub stock: String,
}

impl ProductForm {
    pub fn from_model(p: &entity::product::Model) -> Self {
        ProductForm {
            name_fr: p.name.exact("fr").into(),
            name_nl: p.name.exact("nl").into(),
            name_en: p.name.exact("en").into(),
            name_ar: p.name.exact("ar").into(),
            description_fr: p.description.exact("fr").into(),
            description_nl: p.description.exact("nl").into(),
            description_en: p.description.exact("en").into(),
            description_ar: p.description.exact("ar").into(),
            category: p.category.clone(),
            unit: p.unit.clone(),
            case_size: p.case_size.to_string(),
            min_cases: p.min_cases.to_string(),
            weight_grams: p.weight_grams.to_string(),
            price: format!("{},{:02}", p.price_cents / 100, p.price_cents % 100),
            vat_rate_bp: p.vat_rate_bp.to_string(),
            stock: p.stock.map(|s| s.to_string()).unwrap_or_default(),
        }
    }

    /// The form as an API input; a price that is not a number of euros is reported on `price`.
    pub fn into_input(self) -> (ProductInput, FieldErrors) {
        let mut errors = FieldErrors::new();
        let price_cents = match self.price.trim() {
            "" => NumberInput::Missing,
            p => match parse_euros(p) {
                Some(c) => NumberInput::Number(c),
                None => {
                    errors.add("price", FieldError::new("euros"));
                    NumberInput::Number(-1)
                }
            },
        };
        let input = ProductInput {
            name: TextInput::PerLanguage(lang_map(
                &self.name_fr,
                &self.name_nl,
                &self.name_en,
                &self.name_ar,
            )),
            description: TextInput::PerLanguage(lang_map(
                &self.description_fr,
                &self.description_nl,
                &self.description_en,
                &self.description_ar,
            )),
            category: self.category,
            unit: self.unit,
            case_size: NumberInput::Text(self.case_size),
            min_cases: NumberInput::Text(self.min_cases),
            weight_grams: NumberInput::Text(self.weight_grams),
            price_cents,
            vat_rate_bp: NumberInput::Text(self.vat_rate_bp),
            stock: NumberInput::Text(self.stock),
        };
        (input, errors)
    }
}

#[derive(Clone, Debug)]
pub struct NewProduct {
    pub name: I18nText,
    pub description: I18nText,
    pub category: String,
    pub unit: String,
    pub case_size: i32,
    pub min_cases: i32,
    pub weight_grams: i32,
    pub price_cents: i64,
    pub vat_rate_bp: i32,
    pub stock: Option<i32>,
}

impl NewProduct {
    /// Checks a product; `errors` may already hold problems found while reading a form.
    /// Price problems are reported on `price_field` (`price_cents` in JSON, `price` in forms).
    pub fn parse(
        i: ProductInput,
        mut errors: FieldErrors,
        price_field: &str,
    ) -> Result<Self, FieldErrors> {
        let name = lang_texts(&mut errors, "name", &i.name.map(), 120);
        if name.is_empty() && !errors.0.keys().any(|k| k.starts_with("name")) {
            errors.add("name", FieldError::new("required"));
        }
        for (lang, text) in &name.0 {
            if text.contains('\n') {
                errors.add(&format!("name_{lang}"), FieldError::new("no-control-chars"));
            }
        }
        let description = lang_texts(&mut errors, "description", &i.description.map(), 5000);
        let category = choice(&mut errors, "category", &i.category, &CATEGORIES);
        let unit = short_text(&mut errors, "unit", &i.unit, 40, true);
        let case_size =
            i.case_size
                .parse(&mut errors, "case_size", 1, i64::from(CASE_SIZE_MAX), true);
        let min_cases = i
            .min_cases
            .parse(&mut errors, "min_cases", 1, 1000, false)
            .unwrap_or(1);
        let weight = i.weight_grams.parse(
            &mut errors,
            "weight_grams",
            1,
            i64::from(WEIGHT_MAX_GRAMS),
            true,
        );
        let price = if errors.0.contains_key(price_field) {
            None
        } else {
            i.price_cents
                .parse(&mut errors, price_field, 1, PRICE_MAX_CENTS, true)
        };
        let vat = i
            .vat_rate_bp
            .parse(&mut errors, "vat_rate_bp", 0, 10_000, true);
        if let Some(v) = vat
            && !VAT_RATES.contains(&(v as i32))
        {
            errors.add("vat_rate_bp", FieldError::new("vat-rate"));
        }
        let stock = i
            .stock
            .parse(&mut errors, "stock", 0, i64::from(STOCK_MAX), false);
        match (case_size, weight, price, vat) {
            (Some(case_size), Some(weight), Some(price), Some(vat)) if errors.is_empty() => {
                Ok(NewProduct {
                    name,
                    description,
                    category,
                    unit,
                    case_size: case_size as i32,
                    min_cases: min_cases as i32,
                    weight_grams: weight as i32,
                    price_cents: price,
                    vat_rate_bp: vat as i32,
                    stock: stock.map(|s| s as i32),
                })
            }
            _ => Err(errors),
        }
    }
}

/// The shares of a partnership's prices, set by its coordinators (basis points of the price
/// without VAT; the producer receives the rest).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SharesInput {
    #[schema(value_type = i64)]
    pub transport_bp: NumberInput,
    #[schema(value_type = i64)]
    pub costs_bp: NumberInput,
    #[schema(value_type = i64)]
    pub fund_bp: NumberInput,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shares {
    pub transport_bp: i32,
    pub costs_bp: i32,
    pub fund_bp: i32,
}

impl TryFrom<SharesInput> for Shares {
    type Error = FieldErrors;

    fn try_from(i: SharesInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let t = i.transport_bp.parse(
            &mut errors,
            "transport_bp",
            0,
            i64::from(SHARES_MAX_BP),
            true,
        );
        let c = i
            .costs_bp
            .parse(&mut errors, "costs_bp", 0, i64::from(SHARES_MAX_BP), true);
        let f = i
            .fund_bp
            .parse(&mut errors, "fund_bp", 0, i64::from(SHARES_MAX_BP), true);
        match (t, c, f) {
            (Some(t), Some(c), Some(f)) if errors.is_empty() => {
                if t + c + f > i64::from(SHARES_MAX_BP) {
                    return Err(FieldErrors::single(
                        "fund_bp",
                        FieldError::new("shares-total").with("max", SHARES_MAX_BP / 100),
                    ));
                }
                Ok(Shares {
                    transport_bp: t as i32,
                    costs_bp: c as i32,
                    fund_bp: f as i32,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_read_the_way_people_type_them() {
        assert_eq!(parse_euros("12,50"), Some(1250));
        assert_eq!(parse_euros("12.5"), Some(1250));
        assert_eq!(parse_euros(" 7 € "), Some(700));
        assert_eq!(parse_euros("0,05"), Some(5));
        assert_eq!(parse_euros("12."), Some(1200));
        for bad in ["", "-3", "1,234", "12,5,0", "abc", "1e3", "99999999999"] {
            assert_eq!(parse_euros(bad), None, "{bad}");
        }
    }

    fn product() -> ProductInput {
        ProductInput {
            name: TextInput::One("Huile d'argan alimentaire".into()),
            category: "oils".into(),
            unit: "250 ml".into(),
            case_size: NumberInput::Number(12),
            weight_grams: NumberInput::Number(480),
            price_cents: NumberInput::Number(1250),
            vat_rate_bp: NumberInput::Number(600),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_product_defaults_to_one_case_made_to_order() {
        let p = NewProduct::parse(product(), FieldErrors::new(), "price_cents").unwrap();
        assert_eq!((p.min_cases, p.stock), (1, None));
        assert_eq!(p.name.pick("ar"), "Huile d'argan alimentaire");
    }

    #[test]
    fn bad_products_get_one_message_per_field() {
        let bad = ProductInput {
            name: TextInput::PerLanguage(BTreeMap::new()),
            category: "weapons".into(),
            case_size: NumberInput::Number(0),
            price_cents: NumberInput::Number(-5),
            vat_rate_bp: NumberInput::Number(1900),
            stock: NumberInput::Text("lots".into()),
            weight_grams: NumberInput::Missing,
            unit: "x".repeat(41),
            ..Default::default()
        };
        let e = NewProduct::parse(bad, FieldErrors::new(), "price").unwrap_err();
        let mut fields: Vec<&str> = e.0.keys().map(String::as_str).collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "case_size",
                "category",
                "name",
                "price",
                "stock",
                "unit",
                "vat_rate_bp",
                "weight_grams"
            ]
        );
        let absurd = ProductInput {
            price_cents: NumberInput::Number(PRICE_MAX_CENTS + 1),
            ..product()
        };
        assert!(
            NewProduct::parse(absurd, FieldErrors::new(), "price_cents")
                .unwrap_err()
                .0
                .contains_key("price_cents")
        );
    }

    #[test]
    fn shares_must_leave_the_producer_most_of_the_price() {
        let ok = SharesInput {
            transport_bp: NumberInput::Number(1200),
            costs_bp: NumberInput::Number(800),
            fund_bp: NumberInput::Number(300),
        };
        assert_eq!(Shares::try_from(ok).unwrap().fund_bp, 300);
        let greedy = SharesInput {
            transport_bp: NumberInput::Number(3000),
            costs_bp: NumberInput::Number(3000),
            fund_bp: NumberInput::Number(1000),
        };
        assert!(Shares::try_from(greedy).is_err());
    }
}
