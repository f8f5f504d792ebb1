//! Writing dates, times and numbers the way people of each language write them: `12 décembre
//! 2026 à 20:00`, `12 december 2026 om 20:00`, `72,6 %`, `72.6%`. Times are shown in Brussels
//! time unless a zone is given. Templates use the filters `date`, `datetime`, `time`, `percent`
//! and `number`, which take the page's language; Rust code (emails, CSV, generated titles) calls
//! the functions with a [`Lang`].

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::web::i18n::Lang;

/// The zone dates and times are shown in unless told otherwise.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Brussels;

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// The month names of Morocco (CLDR `ar-MA`), where most Arabic readers of Passerelle live.
const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
];

/// The name of month `m` (1 to 12) in `lang`, as written inside a date ("décembre").
pub fn month_name(lang: Lang, m: u32) -> &'static str {
    let i = (m.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Fr => MONTHS_FR[i],
        Lang::Nl => MONTHS_NL[i],
        Lang::En => MONTHS_EN[i],
        Lang::Ar => MONTHS_AR[i],
    }
}

/// "octobre" after French "de" takes the elided article: `d'octobre`, `de décembre`.
pub fn of_month_fr(m: u32) -> String {
    let name = month_name(Lang::Fr, m);
    if name.starts_with(['a', 'o', 'e', 'é', 'i', 'u']) {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

/// A day as people write it: `1er décembre 2026`, `1 december 2026`, `1 December 2026`,
/// `1 دجنبر 2026`.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    let day = if lang == Lang::Fr && d.day() == 1 {
        "1er".to_owned()
    } else {
        d.day().to_string()
    };
    format!("{day} {} {}", month_name(lang, d.month()), d.year())
}

/// A short day for tables: `12/12/2026` (day first, as in Belgium and Morocco).
pub fn date_short(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The time of day of an instant in `zone`: `20:00`.
pub fn time_in(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%H:%M").to_string()
}

/// An instant as people write it, in `zone`: `12 décembre 2026 à 20:00`.
pub fn datetime_in(lang: Lang, t: DateTime<Utc>, zone: Tz) -> String {
    let local = t.with_timezone(&zone);
    let day = date(lang, local.date_naive());
    let time = local.format("%H:%M");
    match lang {
        Lang::Fr => format!("{day} à {time}"),
        Lang::Nl => format!("{day} om {time}"),
        Lang::En => format!("{day} at {time}"),
        Lang::Ar => format!("{day} على الساعة {time}"),
    }
}

/// An instant in Brussels time, as people write it.
pub fn datetime(lang: Lang, t: DateTime<Utc>) -> String {
    datetime_in(lang, t, DEFAULT_ZONE)
}

fn decimal_mark(lang: Lang) -> char {
    if lang == Lang::En { '.' } else { ',' }
}

/// A whole number with thousands grouped: `12 345` (fr, ar: narrow no-break space), `12.345`
/// (nl), `12,345` (en).
pub fn number(lang: Lang, n: i64) -> String {
    let sep = match lang {
        Lang::Fr | Lang::Ar => '\u{202F}',
        Lang::Nl => '.',
        Lang::En => ',',
    };
    let sign = if n < 0 { "-" } else { "" };
    format!(
        "{sign}{}",
        crate::money::group_digits(&n.unsigned_abs().to_string(), sep)
    )
}

/// A number given in hundredths (basis points as a percentage, `7260` -> 72.6) with at most
/// `decimals` decimals, trailing zeros dropped, in the language's decimal mark.
pub fn hundredths(lang: Lang, v: i64, decimals: u32) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let abs = v.unsigned_abs();
    let scale = 10u64.pow(2 - decimals.min(2));
    // Round half up to the decimals kept.
    let rounded = (abs + scale / 2) / scale * scale;
    let whole = rounded / 100;
    let frac = format!("{:02}", rounded % 100);
    let frac = frac[..decimals.min(2) as usize].trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}{}{frac}", decimal_mark(lang))
    }
}

/// A percentage from basis points: `72,6 %` (fr, with a no-break space), `72,6%` (nl, ar),
/// `72.6%` (en).
pub fn percent_bp(lang: Lang, bp: i64) -> String {
    let n = hundredths(lang, bp, 2);
    match lang {
        Lang::Fr => format!("{n}\u{202F}%"),
        _ => format!("{n}%"),
    }
}

/// Euro cents as people of `lang` write them: `1 234,50 €` (fr, nl, ar: the Belgian way the
/// Arabic pages also show), `€1,234.50` (en).
pub fn money(lang: Lang, cents: crate::money::Cents) -> String {
    if lang != Lang::En {
        return cents.euros();
    }
    let sign = if cents.0 < 0 { "-" } else { "" };
    let abs = cents.0.unsigned_abs();
    let units = crate::money::group_digits(&(abs / 100).to_string(), ',');
    format!("{sign}€{units}.{:02}", abs % 100)
}

// ----- Tera filters -----

use tera::{Kwargs, State, Value};

pub(crate) fn page_lang(kwargs: &Kwargs, state: &State) -> tera::TeraResult<Lang> {
    let explicit: Option<&str> = kwargs.get("lang")?;
    Ok(match explicit {
        Some(l) => Lang::parse(l),
        None => state
            .get::<String>("lang")?
            .as_deref()
            .and_then(Lang::parse),
    }
    .unwrap_or(Lang::Fr))
}

fn zone(kwargs: &Kwargs) -> tera::TeraResult<Tz> {
    let name: Option<&str> = kwargs.get("zone")?;
    match name {
        None => Ok(DEFAULT_ZONE),
        Some(n) => n
            .parse::<Tz>()
            .map_err(|_| tera::Error::message(format!("unknown time zone {n}"))),
    }
}

/// Reads a date (`2026-12-12`) or an instant (RFC 3339) from a template value.
fn read_time(value: &Value) -> tera::TeraResult<Result<NaiveDate, DateTime<Utc>>> {
    let s = value
        .as_str()
        .ok_or_else(|| tera::Error::message("a date or time must be a string"))?;
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Ok(d));
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| Err(t.with_timezone(&Utc)))
        .map_err(|_| tera::Error::message(format!("not a date or time: {s}")))
}

/// `{{ d | date }}`: a date or the day of an instant (in `zone`, Brussels by default);
/// `{{ d | date(short=true) }}` for `12/12/2026`.
pub fn date_filter(value: Value, kwargs: Kwargs, state: &State) -> tera::TeraResult<String> {
    let lang = page_lang(&kwargs, state)?;
    let short: Option<bool> = kwargs.get("short")?;
    let day = match read_time(&value)? {
        Ok(d) => d,
        Err(t) => t.with_timezone(&zone(&kwargs)?).date_naive(),
    };
    Ok(if short == Some(true) {
        date_short(day)
    } else {
        date(lang, day)
    })
}

/// `{{ t | datetime }}`: an instant as people write it, in `zone` (Brussels by default).
pub fn datetime_filter(value: Value, kwargs: Kwargs, state: &State) -> tera::TeraResult<String> {
    let lang = page_lang(&kwargs, state)?;
    match read_time(&value)? {
        Ok(d) => Ok(date(lang, d)),
        Err(t) => Ok(datetime_in(lang, t, zone(&kwargs)?)),
    }
}

/// `{{ t | time }}`: the time of day of an instant, `20:00`.
pub fn time_filter(value: Value, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    match read_time(&value)? {
        Ok(_) => Err(tera::Error::message("time expects an instant, not a date")),
        Err(t) => Ok(time_in(t, zone(&kwargs)?)),
    }
}

/// `{{ bp | percent }}`: basis points as a percentage in the page's language.
pub fn percent_filter(value: Value, kwargs: Kwargs, state: &State) -> tera::TeraResult<String> {
    let bp = value
        .as_i64()
        .ok_or_else(|| tera::Error::message("percent expects integer basis points"))?;
    Ok(percent_bp(page_lang(&kwargs, state)?, bp))
}

/// `{{ n | number }}`: a whole number with its thousands grouped the page's way.
pub fn number_filter(value: Value, kwargs: Kwargs, state: &State) -> tera::TeraResult<String> {
    let n = value
        .as_i64()
        .ok_or_else(|| tera::Error::message("number expects an integer"))?;
    Ok(number(page_lang(&kwargs, state)?, n))
}

/// How a closed account is named where it is kept (`accounts::erasure::former_member`).
pub const FORMER_MEMBER: &str = "former member #";

/// A person's name as `lang` writes it: a closed account's "former member #12" translated
/// ("ancien membre n° 12"), any other name as it is.
pub fn shown_name(lang: Lang, name: &str) -> std::borrow::Cow<'_, str> {
    match name
        .strip_prefix(FORMER_MEMBER)
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    {
        Some(id) => std::borrow::Cow::Owned(crate::web::i18n::translate(
            lang,
            "former-member",
            &[("id", id)],
        )),
        None => std::borrow::Cow::Borrowed(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_as_people_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(date(Lang::Fr, d), "1er décembre 2026");
        assert_eq!(date(Lang::Nl, d), "1 december 2026");
        assert_eq!(date(Lang::En, d), "1 December 2026");
        assert_eq!(date(Lang::Ar, d), "1 دجنبر 2026");
        assert_eq!(date_short(d), "01/12/2026");
        // 19:00 UTC in December is 20:00 in Brussels.
        let t = Utc.with_ymd_and_hms(2026, 12, 12, 19, 0, 0).unwrap();
        assert_eq!(datetime(Lang::Fr, t), "12 décembre 2026 à 20:00");
        assert_eq!(datetime(Lang::Nl, t), "12 december 2026 om 20:00");
        assert_eq!(
            datetime_in(Lang::En, t, chrono_tz::Africa::Casablanca),
            "12 December 2026 at 20:00"
        );
    }

    #[test]
    fn french_month_titles_elide() {
        assert_eq!(of_month_fr(10), "d'octobre");
        assert_eq!(of_month_fr(4), "d'avril");
        assert_eq!(of_month_fr(8), "d'août");
        assert_eq!(of_month_fr(12), "de décembre");
    }

    #[test]
    fn numbers_and_percentages_follow_the_language() {
        assert_eq!(percent_bp(Lang::Fr, 7260), "72,6\u{202F}%");
        assert_eq!(percent_bp(Lang::En, 7260), "72.6%");
        assert_eq!(percent_bp(Lang::Nl, 600), "6%");
        assert_eq!(percent_bp(Lang::Fr, 555), "5,55\u{202F}%");
        assert_eq!(hundredths(Lang::Fr, 7266, 1), "72,7");
        assert_eq!(hundredths(Lang::En, -50, 2), "-0.5");
        assert_eq!(number(Lang::Fr, 1234567), "1\u{202F}234\u{202F}567");
        assert_eq!(number(Lang::Nl, -1234), "-1.234");
        assert_eq!(number(Lang::En, 999), "999");
        use crate::money::Cents;
        assert_eq!(money(Lang::En, Cents(44200)), "€442.00");
        assert_eq!(money(Lang::En, Cents(-123456)), "-€1,234.56");
        assert_eq!(money(Lang::Fr, Cents(44200)), "442,00\u{a0}€");
        assert_eq!(money(Lang::Nl, Cents(5)), "0,05\u{a0}€");
        assert_eq!(money(Lang::Ar, Cents(123456)), "1\u{202f}234,56\u{a0}€");
    }
}
