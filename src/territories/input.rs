//! What admins type for territories, network membership and appointments: JSON bodies (the
//! API) and HTML forms (the pages), both parsed into the same checked values. Partnerships:
//! `partnership_input`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use validator::Validate;

use entity::territory::TerritoryKind;
use sea_orm::ActiveEnum;

use super::domain::{COUNTRIES, Slug};
use crate::error::{FieldError, FieldErrors};
use crate::web::forms::{checked, lang_map, lang_texts, no_control_chars};
use entity::I18nText;

pub(super) fn validated<T: Validate>(input: &T) -> FieldErrors {
    input
        .validate()
        .err()
        .map(FieldErrors::from)
        .unwrap_or_default()
}

/// A territory, as the API takes it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, Validate, utoipa::ToSchema)]
#[serde(default)]
pub struct TerritoryInput {
    /// Optional: derived from the name when empty.
    #[validate(length(max = 64))]
    pub slug: String,
    #[validate(custom(function = "crate::web::forms::required"), length(max = 120))]
    pub name: String,
    /// ISO 3166-1 alpha-2: BE, MA, TN, CH ...
    pub country: String,
    #[validate(length(max = 120))]
    pub region: String,
    /// municipality (default), province, platform or organisation.
    pub kind: String,
    /// A territory of co-responsibility (SPIRAL, PCS).
    pub coresponsibility: bool,
    #[validate(length(max = 200))]
    pub website: String,
    /// Per language: `{"fr": "...", "ar": "..."}`.
    pub description: BTreeMap<String, String>,
}

/// The territory form of the admin pages.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TerritoryForm {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub region: String,
    pub kind: String,
    pub coresponsibility: Option<String>,
    pub website: String,
    pub description_fr: String,
    pub description_nl: String,
    pub description_en: String,
    pub description_ar: String,
}

impl From<TerritoryForm> for TerritoryInput {
    fn from(f: TerritoryForm) -> Self {
        TerritoryInput {
            coresponsibility: checked(&f.coresponsibility),
            description: lang_map(
                &f.description_fr,
                &f.description_nl,
                &f.description_en,
                &f.description_ar,
            ),
            slug: f.slug,
            name: f.name,
            country: f.country,
            region: f.region,
            kind: f.kind,
            website: f.website,
        }
    }
}

impl TerritoryForm {
    pub fn from_model(t: &entity::territory::Model) -> Self {
        TerritoryForm {
            slug: t.slug.clone(),
            name: t.name.clone(),
            country: t.country.clone(),
            region: t.region.clone(),
            kind: t.kind.to_value(),
            coresponsibility: t.coresponsibility.then(|| "on".into()),
            website: t.website.clone().unwrap_or_default(),
            description_fr: t.description.exact("fr").into(),
            description_nl: t.description.exact("nl").into(),
            description_en: t.description.exact("en").into(),
            description_ar: t.description.exact("ar").into(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewTerritory {
    pub slug: Slug,
    pub name: String,
    pub country: String,
    pub region: String,
    pub kind: TerritoryKind,
    pub coresponsibility: bool,
    pub website: Option<String>,
    pub description: I18nText,
}

pub(super) fn slug_field(
    errors: &mut FieldErrors,
    slug: &str,
    fallback_name: Option<&str>,
) -> Option<Slug> {
    let parsed = match (slug.trim(), fallback_name) {
        ("", Some(name)) => Slug::from_name(name),
        ("", None) => return None,
        (s, _) => Slug::parse(s),
    };
    if parsed.is_none() {
        errors.add("slug", FieldError::new("slug"));
    }
    parsed
}

impl TryFrom<TerritoryInput> for NewTerritory {
    type Error = FieldErrors;

    fn try_from(input: TerritoryInput) -> Result<Self, FieldErrors> {
        let mut errors = validated(&input);
        let name = input.name.trim().to_owned();
        no_control_chars(&mut errors, "name", &name);
        no_control_chars(&mut errors, "region", &input.region);
        let slug = if name.is_empty() && input.slug.trim().is_empty() {
            None
        } else {
            slug_field(&mut errors, &input.slug, Some(&name))
        };
        let country = input.country.trim().to_ascii_uppercase();
        if !COUNTRIES.contains(&country.as_str()) {
            errors.add("country", FieldError::new("country"));
        }
        let kind = match input.kind.trim() {
            "" => Some(TerritoryKind::Municipality),
            k => TerritoryKind::try_from_value(&k.to_owned()).ok(),
        };
        if kind.is_none() {
            errors.add("kind", FieldError::new("choice"));
        }
        let website = match input.website.trim() {
            "" => None,
            w => match url::Url::parse(w) {
                Ok(u) if ["http", "https"].contains(&u.scheme()) => Some(u.to_string()),
                _ => {
                    errors.add("website", FieldError::new("url"));
                    None
                }
            },
        };
        let description = lang_texts(&mut errors, "description", &input.description, 5000);
        match (slug, kind) {
            (Some(slug), Some(kind)) if errors.is_empty() => Ok(NewTerritory {
                slug,
                name,
                country,
                region: input.region.trim().to_owned(),
                kind,
                coresponsibility: input.coresponsibility,
                website,
                description,
            }),
            _ => Err(errors),
        }
    }
}

/// A year given as a JSON number or as form text.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(untagged)]
pub enum YearField {
    #[default]
    Missing,
    Number(i64),
    Text(String),
}

impl YearField {
    pub fn parse(&self, current_year: i32) -> Result<Option<i32>, FieldError> {
        let n = match self {
            YearField::Missing => return Ok(None),
            YearField::Text(t) if t.trim().is_empty() => return Ok(None),
            YearField::Number(n) => *n,
            YearField::Text(t) => t
                .trim()
                .parse::<i64>()
                .map_err(|_| FieldError::new("year"))?,
        };
        if (1950..=i64::from(current_year)).contains(&n) {
            Ok(Some(n as i32))
        } else {
            Err(FieldError::new("year-range").with("max", current_year))
        }
    }

    pub fn required(&self, current_year: i32) -> Result<i32, FieldError> {
        self.parse(current_year)?
            .ok_or_else(|| FieldError::new("required"))
    }
}

/// A network membership: a territory slug and the year it joined (optional).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct MembershipInput {
    pub territory: String,
    #[schema(value_type = Option<i32>)]
    pub joined: YearField,
}

/// A coordinator appointment: the email of an existing account.
#[derive(Clone, Debug, Default, Deserialize, Serialize, Validate, utoipa::ToSchema)]
#[serde(default)]
pub struct AppointInput {
    #[validate(custom(function = "crate::web::forms::required"), email)]
    pub email: String,
}

impl AppointInput {
    pub fn parse(&self) -> Result<String, FieldErrors> {
        validated(self).check()?;
        Ok(crate::accounts::domain::normalize_email(&self.email))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_territory_needs_a_known_country_and_a_name() {
        let e = NewTerritory::try_from(TerritoryInput {
            country: "XX".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert!(e.0.contains_key("country"));
        assert!(e.0.contains_key("name"));
        let t = NewTerritory::try_from(TerritoryInput {
            name: "Sidi Bibi".into(),
            country: "ma".into(),
            description: [("ar".to_owned(), "سيدي بيبي".to_owned())].into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(t.slug.as_str(), "sidi-bibi");
        assert_eq!(t.country, "MA");
        assert_eq!(t.kind, TerritoryKind::Municipality);
        assert_eq!(t.description.pick("fr"), "سيدي بيبي");
    }

    #[test]
    fn unknown_languages_and_oversized_texts_are_refused() {
        let e = NewTerritory::try_from(TerritoryInput {
            name: "X town".into(),
            country: "BE".into(),
            description: [
                ("de".to_owned(), "x".to_owned()),
                ("fr".to_owned(), "x".repeat(5001)),
            ]
            .into(),
            ..Default::default()
        })
        .unwrap_err();
        assert!(e.0.contains_key("description"));
        assert!(e.0.contains_key("description_fr"));
    }

    #[test]
    fn years_are_numbers_in_range() {
        assert_eq!(YearField::Number(2010).required(2026), Ok(2010));
        assert_eq!(YearField::Text(" 2003 ".into()).required(2026), Ok(2003));
        assert_eq!(
            YearField::Text("soon".into())
                .required(2026)
                .unwrap_err()
                .code,
            "year"
        );
        assert_eq!(
            YearField::Number(2030).required(2026).unwrap_err().code,
            "year-range"
        );
        assert_eq!(
            YearField::Missing.required(2026).unwrap_err().code,
            "required"
        );
        assert_eq!(YearField::Missing.parse(2026), Ok(None));
    }
}
