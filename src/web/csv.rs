//! CSV exports that open cleanly in Excel with Belgian settings: UTF-8 with a byte-order mark,
//! semicolons between fields, decimal commas, column titles in the reader's language.
//! People's texts never become formulas: a cell that a spreadsheet would evaluate is written
//! with a leading apostrophe (OWASP's rule), numbers stay numbers.
//! A list of people goes through [`personal`], which records the export; anything else
//! through [`without_personal_data`].

use actix_web::HttpResponse;
use actix_web::http::header;

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use crate::error::{AppError, AppResult};
use crate::money::Cents;
use crate::security::AuthUser;
use crate::security::exports::{self, PersonalExport};
use crate::web::i18n::{Lang, translate};

/// Euros as Belgian spreadsheets read them: `12,50`.
pub fn decimal(cents: Cents) -> String {
    let cents = cents.get();
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", cents.abs() / 100, cents.abs() % 100)
}

/// Column titles: the `csv-<key>` messages in `lang`.
pub fn heads(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|k| translate(lang, &format!("csv-{k}"), &[]))
        .collect()
}

/// Whether a cell is a plain number (`-12,50`, `3`, `+4.5`), which a spreadsheet may read
/// as a number but never as a formula.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (int, frac) = match digits.split_once([',', '.']) {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A cell as written to the file: one that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return and is not a number gets a leading `'`, so that a spreadsheet shows it as text
/// instead of running it (`=HYPERLINK(...)` in a traveller's name).
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A CSV of other people's personal data (its first row the column titles): the export is
/// recorded for the admins (who, when, what, how many rows) before the file is served.
pub async fn personal(
    conn: &impl ConnectionTrait,
    who: &AuthUser,
    what: PersonalExport,
    now: DateTime<Utc>,
    filename: &str,
    rows: Vec<Vec<String>>,
) -> AppResult<HttpResponse> {
    exports::record(conn, who, &what, rows.len().saturating_sub(1), now).await?;
    file(filename, rows)
}

/// A CSV that names no one (products, totals, customs papers): nothing to record. The test
/// `every_csv_export_of_people_is_recorded` lists the files allowed to call it.
pub fn without_personal_data(filename: &str, rows: Vec<Vec<String>>) -> AppResult<HttpResponse> {
    file(filename, rows)
}

/// The rows as a downloadable CSV file (every cell [`neutralised`]).
fn file(filename: &str, rows: Vec<Vec<String>>) -> AppResult<HttpResponse> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r.iter().map(|c| neutralised(c).into_owned()))
            .map_err(|e| AppError::Unexpected(anyhow::anyhow!("csv: {e}")))?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("csv: {e}")))?;
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(body);
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        assert_eq!(
            neutralised("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        for f in [
            "+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "+", "=1", "-1,", "-,5",
        ] {
            assert!(neutralised(f).starts_with('\''), "{f:?}");
        }
        for n in [
            "-12,50", "12,50", "+3", "-3", "0", "-0.5", "Anna", "", "a=b",
        ] {
            assert_eq!(neutralised(n), n);
        }
        assert_eq!(neutralised(&decimal(Cents(-1250))), "-12,50");
    }

    proptest! {
        #[test]
        fn no_cell_starts_a_formula_unless_it_is_a_number(cell in "\\PC{0,20}") {
            let out = neutralised(&cell);
            if out.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                prop_assert!(is_number(&out), "{:?}", out);
            }
            prop_assert!(out.ends_with(cell.as_str()));
        }

        #[test]
        fn amounts_are_written_as_they_are(cents in any::<i64>().prop_filter("abs", |c| *c > i64::MIN)) {
            let d = decimal(Cents(cents));
            prop_assert_eq!(neutralised(&d), d.as_str());
        }
    }
}
