//! Languages: French (default), Dutch, English and Arabic (right-to-left).
//! The language of a request comes from `?lang=`, then the `lang` cookie, then Accept-Language.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::HttpRequest;
use fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};
use serde::Serialize;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // Arguments (names, places, amounts) are isolated from the text around them in Arabic,
        // so that a French name does not scramble a right-to-left sentence.
        customise: |bundle| {
            let rtl = bundle.locales.first().is_some_and(|l| l.language.as_str() == "ar");
            bundle.set_use_isolating(rtl)
        },
    };
}

pub const LANG_COOKIE: &str = "lang";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    Nl,
    En,
    Ar,
}

#[expect(
    clippy::expect_used,
    reason = "four constant identifiers, parsed at the first translation of every test"
)]
static LANG_IDS: LazyLock<[LanguageIdentifier; 4]> = LazyLock::new(|| {
    ["fr", "nl", "en", "ar"].map(|c| c.parse().expect("static language identifiers parse"))
});

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Fr, Lang::Nl, Lang::En, Lang::Ar];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::Nl => "nl",
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    /// Accepts a primary language code with an optional region (`nl`, `nl-BE`, `ar_MA`).
    pub fn parse(s: &str) -> Option<Lang> {
        let primary = s
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    pub fn dir(self) -> &'static str {
        if self == Lang::Ar { "rtl" } else { "ltr" }
    }

    /// The language's name in itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::Nl => "Nederlands",
            Lang::En => "English",
            Lang::Ar => "العربية",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        &LANG_IDS[self as usize]
    }

    /// The language explicitly asked for with `?lang=` on this request, if any.
    pub fn from_query(req: &HttpRequest) -> Option<Lang> {
        url::form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::parse(&v))
    }

    /// The request's language: `?lang=`, then the cookie, then Accept-Language, then French.
    pub fn from_request(req: &HttpRequest) -> Lang {
        Self::from_query(req)
            .or_else(|| req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())))
            .or_else(|| {
                req.headers()
                    .get(actix_web::http::header::ACCEPT_LANGUAGE)
                    .and_then(|h| h.to_str().ok())
                    .and_then(Self::from_accept_language)
            })
            .unwrap_or(Lang::Fr)
    }

    /// The best of our languages in an Accept-Language header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranked: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let lang = Lang::parse(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, i, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|r| r.2)
    }
}

/// A message argument, typed: a text is shown exactly as given ("10.10" stays "10.10", a postcode
/// keeps its zeros), a number is a number (it chooses plural forms).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Number(i64),
    Text(String),
}

impl Arg {
    fn fluent(&self) -> FluentValue<'_> {
        match self {
            Arg::Number(n) => FluentValue::from(*n),
            Arg::Text(s) => FluentValue::from(s.as_str()),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                i64::try_from(n).map_or_else(|_| Arg::Text(n.to_string()), Arg::Number)
            }
        }
    )*};
}
number_arg!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

/// Looks `key` up in `lang`; every argument is text, shown as given (French when the key is
/// missing in `lang`). Numbers that choose a plural form go through [`translate_args`].
pub fn translate(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    if args.is_empty() {
        return LOCALES.lookup(lang.id(), key);
    }
    let map: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Owned(k.replace('_', "-")), FluentValue::from(*v)))
        .collect();
    LOCALES.lookup_with_args(lang.id(), key, &map)
}

/// Looks `key` up in `lang` with typed arguments.
pub fn translate_args(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    if args.is_empty() {
        return LOCALES.lookup(lang.id(), key);
    }
    let map: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Owned(k.replace('_', "-")), v.fluent()))
        .collect();
    LOCALES.lookup_with_args(lang.id(), key, &map)
}

/// The Fluent files, embedded: `<lang>/<area>.ftl`. Each area may keep its messages in its own
/// file; every file of a language is one resource of that language.
#[derive(rust_embed::Embed)]
#[folder = "locales/"]
struct LocaleFiles;

/// The source texts of `lang`'s files.
fn sources(lang: Lang) -> impl Iterator<Item = String> {
    let prefix = format!("{}/", lang.code());
    LocaleFiles::iter()
        .filter(move |name| name.starts_with(&prefix) && name.ends_with(".ftl"))
        .filter_map(|name| LocaleFiles::get(&name))
        .map(|file| String::from_utf8_lossy(&file.data).into_owned())
}

/// The message keys a Fluent source defines.
fn keys_of(src: &str) -> impl Iterator<Item = String> + '_ {
    src.lines().filter_map(|l| {
        let (k, _) = l.split_once(" =")?;
        (!k.starts_with([' ', '#', '.', '-']) && !k.is_empty()).then(|| k.trim().to_owned())
    })
}

/// Whether the `lang` files themselves define `key` (no fallback).
pub fn lang_file_has(lang: Lang, key: &str) -> bool {
    sources(lang).any(|src| keys_of(&src).any(|k| k == key))
}

/// The keys of the French files, the reference every other language must cover.
pub fn reference_keys() -> Vec<String> {
    sources(Lang::Fr)
        .flat_map(|src| keys_of(&src).collect::<Vec<_>>())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_ranked_by_quality() {
        assert_eq!(
            Lang::from_accept_language("de-DE, nl-BE;q=0.8, en;q=0.9"),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_accept_language("ar-MA"), Some(Lang::Ar));
        assert_eq!(Lang::from_accept_language("de, it"), None);
        assert_eq!(
            Lang::from_accept_language("nl;q=0, en;q=0.1"),
            Some(Lang::En)
        );
    }

    #[test]
    fn every_language_has_every_key_once() {
        let reference: std::collections::BTreeSet<String> = reference_keys().into_iter().collect();
        for lang in Lang::ALL {
            let mut seen = std::collections::BTreeSet::new();
            let mut twice = Vec::new();
            for src in sources(lang) {
                for k in keys_of(&src) {
                    if !seen.insert(k.clone()) {
                        twice.push(k);
                    }
                }
            }
            assert!(twice.is_empty(), "{} defines twice {twice:?}", lang.code());
            let missing: Vec<&String> = reference.difference(&seen).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
        }
    }

    #[test]
    fn text_arguments_stay_text_and_numbers_choose_plurals() {
        // A text that looks like a number is shown as given.
        let s = translate(Lang::En, "err-length", &[("max", "10.10")]);
        assert!(s.contains("10.10"), "{s}");
        let s = translate_args(Lang::En, "err-length", &[("max", Arg::from("007"))]);
        assert!(s.contains("007"), "{s}");
        let one = translate_args(Lang::En, "err-stock-left", &[("count", Arg::from(1))]);
        let many = translate_args(Lang::En, "err-stock-left", &[("count", Arg::from(5))]);
        assert!(
            one.contains("1 unit is") && many.contains("5 units are"),
            "{one} / {many}"
        );
        assert_eq!(Arg::from(u64::MAX), Arg::Text(u64::MAX.to_string()));
    }

    #[test]
    fn arguments_are_substituted() {
        let s = translate(Lang::En, "err-length", &[("max", "10")]);
        assert!(s.contains("10"), "{s}");
    }
}
