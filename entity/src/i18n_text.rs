use std::collections::BTreeMap;

use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

/// A text written in one or more of Passerelle's languages (`fr`, `nl`, `en`, `ar`),
/// stored as a JSON object keyed by language code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct I18nText(pub BTreeMap<String, String>);

impl I18nText {
    /// The text in `lang`, else in French, English, then any language written.
    pub fn pick(&self, lang: &str) -> &str {
        [lang, "fr", "en"]
            .iter()
            .find_map(|l| self.0.get(*l).filter(|s| !s.is_empty()))
            .or_else(|| self.0.values().find(|s| !s.is_empty()))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The text written for exactly `lang` (no fallback), or "".
    pub fn exact(&self, lang: &str) -> &str {
        self.0.get(lang).map(String::as_str).unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.0.values().all(|s| s.is_empty())
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for I18nText {
    fn from_iter<T: IntoIterator<Item = (K, V)>>(iter: T) -> Self {
        I18nText(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .filter(|(_, v): &(String, String)| !v.trim().is_empty())
                .collect(),
        )
    }
}

/// The text in `lang` (with [`I18nText::pick`]'s fallbacks), else `fallback` when nothing is
/// written (rows from before a text was translated).
pub fn pick_or<'a>(text: &'a I18nText, lang: &str, fallback: &'a str) -> &'a str {
    match text.pick(lang) {
        "" => fallback,
        s => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_falls_back_to_french_then_english_then_any() {
        let t: I18nText = [("en", "Hello"), ("ar", "مرحبا")].into_iter().collect();
        assert_eq!(t.pick("ar"), "مرحبا");
        assert_eq!(t.pick("nl"), "Hello");
        let only_ar: I18nText = [("ar", "مرحبا")].into_iter().collect();
        assert_eq!(only_ar.pick("fr"), "مرحبا");
        assert_eq!(I18nText::default().pick("fr"), "");
    }
}
