//! What admins and coordinators type for a partnership and its presentation: JSON bodies and HTML
//! forms, parsed into the same checked values.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::controller::Controller;
use super::domain::{Pillar, Slug};
use super::input::{YearField, slug_field, validated};
use crate::error::{FieldError, FieldErrors};
use crate::web::forms::{checked, lang_map, lang_texts, no_control_chars};
use entity::I18nText;

/// How a partnership presents itself; its coordinators may change this.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PresentationInput {
    /// Any of practices, tourism, trade (at least one).
    pub pillars: Vec<String>,
    /// Per language.
    pub description: BTreeMap<String, String>,
    /// What the Belgian side brings, per language.
    pub belgian_offers: BTreeMap<String, String>,
    /// What the partner side brings, per language.
    pub partner_offers: BTreeMap<String, String>,
    /// The data controller (the municipality or association); unchanged when absent.
    pub controller_name: Option<String>,
    /// How to reach the controller (email or postal address); unchanged when absent.
    pub controller_contact: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Presentation {
    pub pillars: Vec<Pillar>,
    pub description: I18nText,
    pub belgian_offers: I18nText,
    pub partner_offers: I18nText,
    /// The controller as given (none: left as it is).
    pub controller: Option<Controller>,
}

fn parse_presentation(errors: &mut FieldErrors, input: &PresentationInput) -> Presentation {
    let mut pillars = Vec::new();
    for p in &input.pillars {
        match Pillar::parse(p) {
            Some(p) if !pillars.contains(&p) => pillars.push(p),
            Some(_) => {}
            None => errors.add("pillars", FieldError::new("choice")),
        }
    }
    if input.pillars.is_empty() {
        errors.add("pillars", FieldError::new("pillar-required"));
    }
    pillars.sort_by_key(|p| *p as u8);
    Presentation {
        pillars,
        description: lang_texts(errors, "description", &input.description, 5000),
        belgian_offers: lang_texts(errors, "belgian_offers", &input.belgian_offers, 3000),
        partner_offers: lang_texts(errors, "partner_offers", &input.partner_offers, 3000),
        controller: Controller::parse(
            errors,
            input.controller_name.as_deref(),
            input.controller_contact.as_deref(),
        ),
    }
}

impl TryFrom<PresentationInput> for Presentation {
    type Error = FieldErrors;

    fn try_from(input: PresentationInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let p = parse_presentation(&mut errors, &input);
        errors.check().map(|_| p)
    }
}

/// A partnership, as the API takes it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, Validate, utoipa::ToSchema)]
#[serde(default)]
pub struct PartnershipInput {
    /// Optional: derived from the name when empty.
    #[validate(length(max = 64))]
    pub slug: String,
    /// Optional: "<Belgian town> – <partner town>" when empty.
    #[validate(length(max = 160))]
    pub name: String,
    /// Slug of the Belgian territory.
    pub belgian_territory: String,
    /// Slug of the partner territory (Morocco, Tunisia ...).
    pub partner_territory: String,
    /// Year the partnership was signed.
    #[schema(value_type = i32)]
    pub since: YearField,
    /// An example pairing rather than a signed partnership.
    pub illustrative: bool,
    pub pillars: Vec<String>,
    pub description: BTreeMap<String, String>,
    pub belgian_offers: BTreeMap<String, String>,
    pub partner_offers: BTreeMap<String, String>,
    pub controller_name: Option<String>,
    pub controller_contact: Option<String>,
}

/// The partnership form of the pages: admins see every field, coordinators the presentation.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PartnershipForm {
    pub slug: String,
    pub name: String,
    pub belgian_territory: String,
    pub partner_territory: String,
    pub since: String,
    pub illustrative: Option<String>,
    pub pillars: Vec<String>,
    pub description_fr: String,
    pub description_nl: String,
    pub description_en: String,
    pub description_ar: String,
    pub belgian_offers_fr: String,
    pub belgian_offers_nl: String,
    pub belgian_offers_en: String,
    pub belgian_offers_ar: String,
    pub partner_offers_fr: String,
    pub partner_offers_nl: String,
    pub partner_offers_en: String,
    pub partner_offers_ar: String,
    pub controller_name: String,
    pub controller_contact: String,
    /// Present when the form shows the controller's fields (the coordinators' form); absent
    /// (the admins' form), the controller is left as it is.
    pub controller_fields: Option<String>,
}

impl PartnershipForm {
    pub fn presentation(&self) -> PresentationInput {
        PresentationInput {
            pillars: self.pillars.clone(),
            description: lang_map(
                &self.description_fr,
                &self.description_nl,
                &self.description_en,
                &self.description_ar,
            ),
            belgian_offers: lang_map(
                &self.belgian_offers_fr,
                &self.belgian_offers_nl,
                &self.belgian_offers_en,
                &self.belgian_offers_ar,
            ),
            partner_offers: lang_map(
                &self.partner_offers_fr,
                &self.partner_offers_nl,
                &self.partner_offers_en,
                &self.partner_offers_ar,
            ),
            controller_name: self
                .controller_fields
                .as_ref()
                .map(|_| self.controller_name.clone()),
            controller_contact: self
                .controller_fields
                .as_ref()
                .map(|_| self.controller_contact.clone()),
        }
    }

    pub fn from_model(
        p: &entity::partnership::Model,
        belgian_slug: &str,
        partner_slug: &str,
    ) -> Self {
        let t = |t: &I18nText, l: &str| t.exact(l).to_owned();
        PartnershipForm {
            slug: p.slug.clone(),
            name: p.name.clone(),
            belgian_territory: belgian_slug.into(),
            partner_territory: partner_slug.into(),
            since: p.since_year.to_string(),
            illustrative: p.illustrative.then(|| "on".into()),
            pillars: super::domain::pillars_of(p)
                .iter()
                .map(|p| p.as_str().to_owned())
                .collect(),
            description_fr: t(&p.description, "fr"),
            description_nl: t(&p.description, "nl"),
            description_en: t(&p.description, "en"),
            description_ar: t(&p.description, "ar"),
            belgian_offers_fr: t(&p.belgian_offers, "fr"),
            belgian_offers_nl: t(&p.belgian_offers, "nl"),
            belgian_offers_en: t(&p.belgian_offers, "en"),
            belgian_offers_ar: t(&p.belgian_offers, "ar"),
            partner_offers_fr: t(&p.partner_offers, "fr"),
            partner_offers_nl: t(&p.partner_offers, "nl"),
            partner_offers_en: t(&p.partner_offers, "en"),
            partner_offers_ar: t(&p.partner_offers, "ar"),
            controller_name: p.controller_name.clone(),
            controller_contact: p.controller_contact.clone(),
            controller_fields: Some("on".into()),
        }
    }
}

impl From<PartnershipForm> for PartnershipInput {
    fn from(f: PartnershipForm) -> Self {
        let p = f.presentation();
        PartnershipInput {
            slug: f.slug,
            name: f.name,
            belgian_territory: f.belgian_territory,
            partner_territory: f.partner_territory,
            since: YearField::Text(f.since),
            illustrative: checked(&f.illustrative),
            pillars: p.pillars,
            description: p.description,
            belgian_offers: p.belgian_offers,
            partner_offers: p.partner_offers,
            controller_name: p.controller_name,
            controller_contact: p.controller_contact,
        }
    }
}

/// A partnership input checked for shape; the service looks the territories up.
#[derive(Clone, Debug)]
pub struct NewPartnership {
    pub slug: Option<Slug>,
    pub name: Option<String>,
    pub belgian_territory: String,
    pub partner_territory: String,
    pub since_year: i32,
    pub illustrative: bool,
    pub presentation: Presentation,
}

impl NewPartnership {
    pub fn parse(input: PartnershipInput, current_year: i32) -> Result<Self, FieldErrors> {
        let mut errors = validated(&input);
        let name = input.name.trim().to_owned();
        no_control_chars(&mut errors, "name", &name);
        let slug = slug_field(&mut errors, &input.slug, None);
        let (belgian, partner) = (
            input.belgian_territory.trim(),
            input.partner_territory.trim(),
        );
        for (field, value) in [
            ("belgian_territory", belgian),
            ("partner_territory", partner),
        ] {
            if value.is_empty() {
                errors.add(field, FieldError::new("required"));
            }
        }
        if !belgian.is_empty() && belgian == partner {
            errors.add("partner_territory", FieldError::new("same-territory"));
        }
        let since = input
            .since
            .required(current_year)
            .map_err(|e| errors.add("since", e))
            .ok();
        let presentation = parse_presentation(
            &mut errors,
            &PresentationInput {
                pillars: input.pillars,
                description: input.description,
                belgian_offers: input.belgian_offers,
                partner_offers: input.partner_offers,
                controller_name: input.controller_name,
                controller_contact: input.controller_contact,
            },
        );
        match since {
            Some(since_year) if errors.is_empty() => Ok(NewPartnership {
                slug,
                name: (!name.is_empty()).then_some(name),
                belgian_territory: belgian.to_owned(),
                partner_territory: partner.to_owned(),
                since_year,
                illustrative: input.illustrative,
                presentation,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partnership_needs_two_territories_and_a_pillar() {
        let e = NewPartnership::parse(
            PartnershipInput {
                belgian_territory: "jette".into(),
                partner_territory: "jette".into(),
                since: YearField::Number(2010),
                ..Default::default()
            },
            2026,
        )
        .unwrap_err();
        assert!(e.0.contains_key("partner_territory"));
        assert!(e.0.contains_key("pillars"));
    }

    #[test]
    fn the_form_and_the_json_give_the_same_partnership() {
        let form = PartnershipForm {
            belgian_territory: "jette".into(),
            partner_territory: "sidi-bibi".into(),
            since: "2010".into(),
            pillars: vec!["trade".into(), "practices".into()],
            description_en: "Argan".into(),
            ..Default::default()
        };
        let p = NewPartnership::parse(form.into(), 2026).unwrap();
        assert_eq!(p.since_year, 2010);
        assert_eq!(p.presentation.pillars, [Pillar::Practices, Pillar::Trade]);
        assert_eq!(p.presentation.description.pick("fr"), "Argan");
    }
}
