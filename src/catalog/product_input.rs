//! A product as producers type it: the API's JSON body and the dashboard's form (with or without
//! its photo), parsed into a checked [`NewProduct`] with one message per field.

use crate::money::Cents;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::domain::*;
use super::input::{NumberInput, TextInput, choice};
use crate::error::{FieldError, FieldErrors};
use crate::money::parse_euros;
use crate::web::forms::{lang_map, lang_texts};
use entity::I18nText;

/// The longest unit ("bouteille de 250 ml"), per language.
pub const UNIT_MAX: usize = 40;

/// A product, as the API takes it. Prices in cents, VAT included.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProductInput {
    pub name: TextInput,
    pub description: TextInput,
    pub category: String,
    /// What one unit is: one text (taken as French, "bouteille de 250 ml") or one per language
    /// (`{"fr": "bouteille de 250 ml", "ar": "زجاجة 250 مل"}`).
    pub unit: TextInput,
    /// The unit per language, as `GET` returns it; when given (not empty) it replaces `unit`.
    #[schema(value_type = Option<BTreeMap<String, String>>)]
    pub unit_i18n: Option<BTreeMap<String, String>>,
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
    /// Customs code (HS), 6 to 10 digits (spaces and dots are ignored); absent: not known yet.
    pub hs_code: Option<String>,
    /// Packaging weight of one case in grams; absent: none counted.
    #[schema(value_type = Option<i64>)]
    pub case_tare_grams: NumberInput,
    /// Of Moroccan or Tunisian preferential origin (counted in the EUR 6,000 of an origin
    /// declaration); absent: true for a new product, unchanged on an edit.
    pub originating: Option<bool>,
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
    pub unit_fr: String,
    pub unit_nl: String,
    pub unit_en: String,
    pub unit_ar: String,
    /// The one unit field of older forms, taken as French when `unit_fr` is blank.
    #[serde(skip_serializing)]
    pub unit: String,
    pub case_size: String,
    pub min_cases: String,
    pub weight_grams: String,
    /// In euros, as typed ("12,50").
    pub price: String,
    pub vat_rate_bp: String,
    /// Empty: made to order.
    pub stock: String,
    pub hs_code: String,
    pub case_tare_grams: String,
    /// "on" when the box "not of preferential origin" is ticked.
    pub not_originating: String,
}

impl ProductForm {
    pub fn from_model(p: &entity::product::Model) -> Self {
        // Rows from before units were translated hold their unit in `unit` only.
        let unit_fr = match p.unit_i18n.exact("fr") {
            "" if p.unit_i18n.is_empty() => p.unit.clone(),
            u => u.to_owned(),
        };
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
            unit_fr,
            unit_nl: p.unit_i18n.exact("nl").into(),
            unit_en: p.unit_i18n.exact("en").into(),
            unit_ar: p.unit_i18n.exact("ar").into(),
            unit: String::new(),
            case_size: p.case_size.to_string(),
            min_cases: p.min_cases.to_string(),
            weight_grams: p.weight_grams.to_string(),
            price: format!(
                "{},{:02}",
                p.price_cents.get() / 100,
                p.price_cents.get() % 100
            ),
            vat_rate_bp: p.vat_rate_bp.to_string(),
            stock: p.stock.map(|s| s.to_string()).unwrap_or_default(),
            hs_code: p.hs_code.clone().unwrap_or_default(),
            case_tare_grams: p.case_tare_grams.map(|g| g.to_string()).unwrap_or_default(),
            not_originating: if p.originating { "" } else { "on" }.to_owned(),
        }
    }

    /// The text fields of a multipart form (the creation form sent with its photo). The values
    /// are already in Western digits (the upload extractor converts them).
    pub fn from_fields(fields: &HashMap<String, String>) -> Self {
        let f = |name: &str| fields.get(name).cloned().unwrap_or_default();
        ProductForm {
            name_fr: f("name_fr"),
            name_nl: f("name_nl"),
            name_en: f("name_en"),
            name_ar: f("name_ar"),
            description_fr: f("description_fr"),
            description_nl: f("description_nl"),
            description_en: f("description_en"),
            description_ar: f("description_ar"),
            category: f("category"),
            unit_fr: f("unit_fr"),
            unit_nl: f("unit_nl"),
            unit_en: f("unit_en"),
            unit_ar: f("unit_ar"),
            unit: f("unit"),
            case_size: f("case_size"),
            min_cases: f("min_cases"),
            weight_grams: f("weight_grams"),
            price: f("price"),
            vat_rate_bp: f("vat_rate_bp"),
            stock: f("stock"),
            hs_code: f("hs_code"),
            case_tare_grams: f("case_tare_grams"),
            not_originating: f("not_originating"),
        }
    }

    /// The form as an API input; a price that is not a number of euros is reported on `price`.
    pub fn into_input(self) -> (ProductInput, FieldErrors) {
        let mut errors = FieldErrors::new();
        let price_cents = match self.price.trim() {
            "" => NumberInput::Missing,
            p => match parse_euros(p) {
                Some(c) => NumberInput::Number(c.get()),
                None => {
                    errors.add("price", FieldError::new("euros"));
                    NumberInput::Number(-1)
                }
            },
        };
        let unit_fr = if self.unit_fr.trim().is_empty() {
            &self.unit
        } else {
            &self.unit_fr
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
            unit: TextInput::PerLanguage(lang_map(
                unit_fr,
                &self.unit_nl,
                &self.unit_en,
                &self.unit_ar,
            )),
            unit_i18n: None,
            category: self.category,
            case_size: NumberInput::Text(self.case_size),
            min_cases: NumberInput::Text(self.min_cases),
            weight_grams: NumberInput::Text(self.weight_grams),
            price_cents,
            vat_rate_bp: NumberInput::Text(self.vat_rate_bp),
            stock: NumberInput::Text(self.stock),
            hs_code: Some(self.hs_code),
            case_tare_grams: NumberInput::Text(self.case_tare_grams),
            originating: Some(self.not_originating.trim().is_empty()),
        };
        (input, errors)
    }
}

#[derive(Clone, Debug)]
pub struct NewProduct {
    pub name: I18nText,
    pub description: I18nText,
    pub category: String,
    pub unit: I18nText,
    pub case_size: i32,
    pub min_cases: i32,
    pub weight_grams: i32,
    pub price_cents: Cents,
    pub vat_rate_bp: i32,
    pub stock: Option<i32>,
    pub hs_code: Option<String>,
    pub case_tare_grams: Option<i32>,
    /// None: as it was (true for a new product).
    pub originating: Option<bool>,
}

impl NewProduct {
    /// The unit in the reference language, for the `unit` column.
    pub fn unit_reference(&self) -> &str {
        self.unit.pick("fr")
    }
}

/// A one-line text per language (a unit): at most `max` characters each, no line breaks, at
/// least one language. A single text (JSON `"unit": "250 ml"`) reports its problems on `field`
/// itself; per-language texts on `field_<lang>`.
fn line_per_language(
    errors: &mut FieldErrors,
    field: &str,
    input: &TextInput,
    max: usize,
) -> I18nText {
    let mut mine = FieldErrors::new();
    let text = lang_texts(&mut mine, field, &input.map(), max);
    for (lang, t) in &text.0 {
        if t.contains(['\n', '\r', '\t']) {
            mine.add(
                &format!("{field}_{lang}"),
                FieldError::new("no-control-chars"),
            );
        }
    }
    if text.is_empty() && mine.is_empty() {
        mine.add(field, FieldError::new("required"));
    }
    if matches!(input, TextInput::One(_)) {
        for (_, errs) in std::mem::take(&mut mine.0) {
            for e in errs {
                mine.add(field, e);
            }
        }
    }
    errors.merge(mine);
    text
}

/// A customs code as typed ("1515.90 00"): 6 to 10 digits once spaces and dots are left out;
/// blank is none.
fn hs_code(errors: &mut FieldErrors, typed: &str) -> Option<String> {
    let digits: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    if digits.is_empty() {
        return None;
    }
    if (6..=10).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
        Some(digits)
    } else {
        errors.add("hs_code", FieldError::new("hs-code"));
        None
    }
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
        let unit_input = match i.unit_i18n {
            Some(m) if !m.is_empty() => TextInput::PerLanguage(m),
            _ => i.unit,
        };
        let unit = line_per_language(&mut errors, "unit", &unit_input, UNIT_MAX);
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
        let hs_code = hs_code(&mut errors, i.hs_code.as_deref().unwrap_or(""));
        let case_tare = i.case_tare_grams.parse(
            &mut errors,
            "case_tare_grams",
            0,
            i64::from(WEIGHT_MAX_GRAMS),
            false,
        );
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
                    price_cents: Cents(price),
                    vat_rate_bp: vat as i32,
                    stock: stock.map(|s| s as i32),
                    hs_code,
                    case_tare_grams: case_tare.map(|g| g as i32),
                    originating: i.originating,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests;
