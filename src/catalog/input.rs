//! What producers and coordinators type: JSON bodies (API) and HTML forms, parsed into checked
//! values with one message per field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bank::{BankDetails, BankInput};
use super::domain::*;
use crate::error::{FieldError, FieldErrors};
use crate::territories::domain::Slug;
use crate::web::forms::{checked, lang_map, lang_texts, no_control_chars};
use entity::I18nText;
use entity::producer::ProducerKind;
use sea_orm::ActiveEnum;

pub use super::product_input::{NewProduct, ProductForm, ProductInput};

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
    pub(super) fn parse(
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

/// The stored enum named `value` (a kind from a form or JSON); records on `field` why not.
pub(super) fn enum_choice<E: ActiveEnum<Value = String>>(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
) -> Option<E> {
    let v = value.trim();
    let parsed = E::try_from_value(&v.to_owned()).ok();
    if parsed.is_none() {
        errors.add(
            field,
            FieldError::new(if v.is_empty() { "required" } else { "choice" }),
        );
    }
    parsed
}

pub(super) fn choice(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    allowed: &[&str],
) -> String {
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

pub(super) fn short_text(
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
    /// Bank details for payouts (seen only by its members, its coordinators, admins).
    #[serde(flatten)]
    pub bank: BankInput,
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
    #[serde(flatten)]
    pub bank: BankInput,
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
            bank: f.bank,
        }
    }
}

impl ProducerForm {
    pub fn from_model(p: &entity::producer::Model, partnership: &str, territory: &str) -> Self {
        ProducerForm {
            name: p.name.clone(),
            partnership: partnership.to_owned(),
            territory: territory.to_owned(),
            kind: p.kind.to_value(),
            description_fr: p.description.exact("fr").into(),
            description_nl: p.description.exact("nl").into(),
            description_en: p.description.exact("en").into(),
            description_ar: p.description.exact("ar").into(),
            odco_number: p.odco_number.clone().unwrap_or_default(),
            women_led: p.women_led.then(|| "on".into()),
            labels: p.labels.0.clone(),
            contact_email: p.contact_email.clone().unwrap_or_default(),
            contact_phone: p.contact_phone.clone().unwrap_or_default(),
            bank: BankInput::from_model(p),
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewProducer {
    pub name: String,
    pub slug: Slug,
    pub partnership: String,
    pub territory: String,
    pub kind: ProducerKind,
    pub description: I18nText,
    pub odco_number: Option<String>,
    pub women_led: bool,
    pub labels: Vec<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub bank: BankDetails,
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
        let kind = enum_choice::<ProducerKind>(&mut errors, "kind", &i.kind);
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
        let bank = BankDetails::parse(&mut errors, &i.bank);
        match (slug, kind) {
            (Some(slug), Some(kind)) if errors.is_empty() => Ok(NewProducer {
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
                bank,
            }),
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
