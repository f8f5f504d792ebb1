//! Territories, partnerships and networks: slugs, countries, pillars, and the rules a new or
//! edited one must follow.

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};
use crate::web::i18n::Lang;

/// A URL name: lowercase ASCII letters, digits and single dashes, 2 to 64 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Option<Slug> {
        let ok = (2..=64).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        ok.then(|| Slug(s.to_owned()))
    }

    /// A slug made from a name ("Braine-l'Alleud" -> "braine-l-alleud").
    pub fn from_name(name: &str) -> Option<Slug> {
        let s = slug::slugify(name);
        let s: String = s.chars().take(64).collect();
        Slug::parse(s.trim_end_matches('-'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The pillars of the 2014 reference model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Pillar {
    Practices,
    Tourism,
    Trade,
}

impl Pillar {
    pub const ALL: [Pillar; 3] = [Pillar::Practices, Pillar::Tourism, Pillar::Trade];

    pub fn as_str(self) -> &'static str {
        match self {
            Pillar::Practices => "practices",
            Pillar::Tourism => "tourism",
            Pillar::Trade => "trade",
        }
    }

    pub fn parse(s: &str) -> Option<Pillar> {
        Pillar::ALL.into_iter().find(|p| p.as_str() == s.trim())
    }
}

/// The pillars a partnership row holds, in their fixed order.
pub fn pillars_of(p: &entity::partnership::Model) -> Vec<Pillar> {
    [
        (p.pillar_practices, Pillar::Practices),
        (p.pillar_tourism, Pillar::Tourism),
        (p.pillar_trade, Pillar::Trade),
    ]
    .into_iter()
    .filter_map(|(on, pillar)| on.then_some(pillar))
    .collect()
}

/// Countries Passerelle works with; others can be added here when the network grows.
pub const COUNTRIES: [&str; 8] = ["BE", "MA", "TN", "CH", "FR", "NL", "SN", "DZ"];

/// Rules on the two territories of a partnership, once they are known.
pub fn check_pair(belgian_country: &str, partner_country: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if belgian_country != "BE" {
        errors.add("belgian_territory", FieldError::new("must-be-belgian"));
    }
    if partner_country == "BE" {
        errors.add("partner_territory", FieldError::new("must-be-abroad"));
    }
    errors
}

/// The name of a partnership when none is given: "Jette – Sidi Bibi".
pub fn default_partnership_name(belgian: &str, partner: &str) -> String {
    format!("{belgian} – {partner}")
}

/// The name of a country in `lang` (the Fluent key `country-XX`).
pub fn country_name(lang: Lang, code: &str) -> String {
    crate::web::i18n::translate(lang, &format!("country-{code}"), &[])
}

/// The time zone of a country's territories: their days and mornings are counted there
/// (a stay in Sidi Bibi begins on a Moroccan day). Brussels for a country not listed.
pub fn time_zone(country: &str) -> chrono_tz::Tz {
    use chrono_tz::{Africa, Europe};
    match country.trim().to_ascii_uppercase().as_str() {
        "MA" | "EH" => Africa::Casablanca,
        "TN" => Africa::Tunis,
        "DZ" => Africa::Algiers,
        "SN" => Africa::Dakar,
        "FR" => Europe::Paris,
        "NL" => Europe::Amsterdam,
        "LU" => Europe::Luxembourg,
        "DE" => Europe::Berlin,
        "CH" => Europe::Zurich,
        _ => Europe::Brussels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_towns_count_their_days_in_their_own_time_zone() {
        assert_eq!(time_zone("MA"), chrono_tz::Africa::Casablanca);
        assert_eq!(time_zone("tn"), chrono_tz::Africa::Tunis);
        assert_eq!(time_zone("BE"), chrono_tz::Europe::Brussels);
        assert_eq!(time_zone("??"), chrono_tz::Europe::Brussels);
    }

    #[test]
    fn slugs_are_strict_and_derived_from_names() {
        assert!(Slug::parse("jette-sidi-bibi").is_some());
        for bad in [
            "",
            "a",
            "Jette",
            "jette--x",
            "-x",
            "x-",
            "jette sidi",
            "é-x",
        ] {
            assert!(Slug::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            Slug::from_name("Braine-l'Alleud").unwrap().as_str(),
            "braine-l-alleud"
        );
        assert_eq!(Slug::from_name("Aït Zineb").unwrap().as_str(), "ait-zineb");
        assert!(Slug::from_name("!!!").is_none());
    }

    #[test]
    fn a_belgian_town_pairs_with_a_town_abroad() {
        assert!(check_pair("BE", "MA").is_empty());
        assert_eq!(check_pair("MA", "BE").0.len(), 2);
    }
}
