//! Bank statements as Belgian banks export them: CSV with `;` or `,`, a header row or not,
//! dates and amounts written the local way. Lines that cannot be read are reported by number.

use crate::money::Cents;
use serde::Serialize;

/// One line of a bank statement, as read from its CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    pub line_no: usize,
    pub booked_on: chrono::NaiveDate,
    pub amount_cents: Cents,
    pub communication: String,
    pub counterparty: String,
}

/// A statement line that could not be read, with why: a code the pages word in their language
/// (`unreadable`, `date`, `amount`), the value that could not be read, and an English message
/// for API clients.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineError {
    pub line_no: usize,
    pub code: &'static str,
    pub value: String,
    pub message: String,
}

/// An amount as Belgian banks write it: `1.234,56`, `-12,50`, `12.50`, `€ 12,50`.
pub fn parse_amount(s: &str) -> Option<Cents> {
    let t: String = s.trim().replace(['€', ' ', '\u{a0}', '\u{202f}'], "");
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_owned()),
    };
    let decimal_at = t.rfind([',', '.']).filter(|i| t.len() - i - 1 <= 2);
    let (units, cents) = match decimal_at {
        Some(i) => (
            t[..i].replace(['.', ','], ""),
            format!("{:0<2}", &t[i + 1..]),
        ),
        None => (t.replace(['.', ','], ""), "00".to_owned()),
    };
    if units.is_empty()
        || !units.chars().all(|c| c.is_ascii_digit())
        || !cents.chars().all(|c| c.is_ascii_digit())
        || units.len() > 12
    {
        return None;
    }
    let v = units.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?;
    Some(Cents(if negative { -v } else { v }))
}

/// A date as banks and people write it: `2026-11-29`, `29/11/2026`, `29-11-2026`, `29.11.2026`.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(s, f).ok())
}

/// Reads a statement CSV with columns date, amount, communication, counterparty (in this order,
/// or named in a header row; `;` or `,` separated, as Belgian banks export). Lines that cannot
/// be read are reported with their number in the file (blank lines count); the others are
/// returned. Each line is read on its own, so a quote left open spoils only its own line.
pub fn parse_statement(text: &str) -> (Vec<StatementLine>, Vec<LineError>) {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter =
        if first.matches(';').count() >= first.matches(',').count() && first.contains(';') {
            b';'
        } else {
            b','
        };
    let mut columns = [0usize, 1, 2, 3];
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    let mut first_record = true;
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let unreadable = |why: String| LineError {
            line_no,
            code: "unreadable",
            value: String::new(),
            message: format!("unreadable line: {why}"),
        };
        if open_quote(raw, delimiter) {
            errors.push(unreadable("a quoted field is not closed".into()));
            first_record = false;
            continue;
        }
        let record = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(raw.as_bytes())
            .records()
            .next();
        let record = match record {
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                errors.push(unreadable(e.to_string()));
                first_record = false;
                continue;
            }
            None => continue,
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let header = first_record && parse_date(record.get(0).unwrap_or("")).is_none();
        first_record = false;
        if header {
            // A header row: find the columns by name.
            let find = |names: &[&str]| {
                record.iter().position(|h| {
                    let h = h.trim().to_lowercase();
                    names.iter().any(|n| h.contains(n))
                })
            };
            columns = [
                find(&["date", "datum"]).unwrap_or(0),
                find(&["amount", "montant", "bedrag"]).unwrap_or(1),
                find(&[
                    "communication",
                    "mededeling",
                    "reference",
                    "référence",
                    "communicatie",
                ])
                .unwrap_or(2),
                find(&[
                    "counterparty",
                    "contrepartie",
                    "tegenpartij",
                    "name",
                    "nom",
                    "naam",
                ])
                .unwrap_or(3),
            ];
            continue;
        }
        let field = |i: usize| record.get(columns[i]).unwrap_or("").trim().to_owned();
        let Some(booked_on) = parse_date(&field(0)) else {
            errors.push(LineError {
                line_no,
                code: "date",
                value: field(0),
                message: format!(
                    "'{}' is not a date (use 2026-11-29 or 29/11/2026)",
                    field(0)
                ),
            });
            continue;
        };
        let Some(amount_cents) = parse_amount(&field(1)) else {
            errors.push(LineError {
                line_no,
                code: "amount",
                value: field(1),
                message: format!("'{}' is not an amount (use 12,50)", field(1)),
            });
            continue;
        };
        lines.push(StatementLine {
            line_no,
            booked_on,
            amount_cents,
            communication: field(2).chars().take(200).collect(),
            counterparty: field(3).chars().take(200).collect(),
        });
    }
    (lines, errors)
}

/// Whether a line ends inside a quoted field (one that opens with `"` and never closes; `""`
/// inside it is a quote). A quote in the middle of an unquoted field is only a character.
fn open_quote(line: &str, delimiter: u8) -> bool {
    let delimiter = char::from(delimiter);
    let mut chars = line.chars().peekable();
    let mut field_start = true;
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    quoted = false;
                }
            }
        } else if c == delimiter {
            field_start = true;
            continue;
        } else if c == '"' && field_start {
            quoted = true;
        } else if c.is_whitespace() && field_start {
            continue;
        }
        field_start = false;
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_lines_are_read_with_their_errors() {
        let csv = "Date;Montant;Communication;Contrepartie\n\
                   29/11/2026;12,50;+++010/8068/17183+++;Amina B.\n\
                   2026-11-30;1.234,56;***010/8068/17183***;\"Karim; et fils\"\n\
                   demain;5,00;x;y\n\
                   30/11/2026;douze;x;y\n\
                   01/12/2026;-3,00;remboursement;Banque\n";
        let (lines, errors) = parse_statement(csv);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].amount_cents, Cents(1250));
        assert_eq!(lines[1].amount_cents, Cents(123_456));
        assert_eq!(lines[1].counterparty, "Karim; et fils");
        assert_eq!(lines[2].amount_cents, Cents(-300));
        assert_eq!(errors.iter().map(|e| e.line_no).collect::<Vec<_>>(), [4, 5]);
        let (plain, none) = parse_statement("2026-11-29,7.5,010806817183,X\n");
        assert!(none.is_empty());
        assert_eq!(plain[0].amount_cents, Cents(750));
    }

    #[test]
    fn errors_name_the_line_of_the_file_blank_lines_counted() {
        let csv = "Date;Montant;Communication;Contrepartie\r\n\r\n\
                   29/11/2026;12,50;x;A\r\n\
                   \r\n\
                   demain;5,00;x;y\r\n";
        let (lines, errors) = parse_statement(csv);
        assert_eq!(lines.iter().map(|l| l.line_no).collect::<Vec<_>>(), [3]);
        assert_eq!(errors.iter().map(|e| e.line_no).collect::<Vec<_>>(), [5]);
        // A blank line before the header: it is still the header.
        let (lines, errors) = parse_statement("\nDate;Montant\n29/11/2026;1,00\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!((lines[0].line_no, lines[0].amount_cents), (3, Cents(100)));
    }

    #[test]
    fn a_stray_quote_spoils_only_its_own_line() {
        let csv = "29/11/2026;12,50;+++010/8068/17183+++;\"Karim\n\
                   30/11/2026;7,00;x;Amina \"la grande\"\n\
                   01/12/2026;3,00;\"a \"\"quoted\"\" word; here\";B\n\
                   02/12/2026;1,00;y;5\" screen\n";
        let (lines, errors) = parse_statement(csv);
        assert_eq!(
            errors
                .iter()
                .map(|e| (e.line_no, e.code))
                .collect::<Vec<_>>(),
            [(1, "unreadable")]
        );
        assert_eq!(
            lines.iter().map(|l| l.line_no).collect::<Vec<_>>(),
            [2, 3, 4]
        );
        assert_eq!(lines[0].counterparty, "Amina \"la grande\"");
        assert_eq!(lines[1].communication, "a \"quoted\" word; here");
        assert_eq!(lines[2].counterparty, "5\" screen");
    }
}
