//! CSV exports that open cleanly in Excel with Belgian settings: UTF-8 with a byte-order mark,
//! semicolons between fields, decimal commas, column titles in the reader's language.

use actix_web::HttpResponse;
use actix_web::http::header;

use crate::error::{AppError, AppResult};
use crate::web::i18n::{Lang, translate};

/// Euros as Belgian spreadsheets read them: `12,50`.
pub fn decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", cents.abs() / 100, cents.abs() % 100)
}

/// Column titles: the `csv-<key>` messages in `lang`.
pub fn heads(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|k| translate(lang, &format!("csv-{k}"), &[]))
        .collect()
}

/// The rows as a downloadable CSV file.
pub fn response(filename: &str, rows: Vec<Vec<String>>) -> AppResult<HttpResponse> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(&r)
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
