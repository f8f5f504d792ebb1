//! What a treasurer types to prepare a batch (on the form: one amount in euros per producer; in
//! the API: cents) and to record a transfer paid, parsed into domain values.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::ProducerId;
use serde::{Deserialize, Serialize};

use super::domain;
use crate::clock::date_field as date;
use crate::error::{FieldError, FieldErrors};
use crate::money::{Cents, parse_euros};
use crate::web::forms::line;

/// A batch as the treasurer asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewBatch {
    /// (producer, amount), amounts positive.
    pub lines: Vec<(ProducerId, Cents)>,
    pub mad_rate_e4: Option<i64>,
    pub rate_on: Option<NaiveDate>,
    pub note: String,
}

/// The batch form: `amount_<producer id>` in euros for each producer owed, the optional dirham
/// rate and its day, a note.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct BatchForm {
    #[serde(default)]
    pub mad_rate: String,
    #[serde(default)]
    pub rate_on: String,
    #[serde(default)]
    pub note: String,
    #[serde(flatten)]
    pub amounts: HashMap<String, String>,
}

/// One transfer of a batch in the API.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct PayoutLineInput {
    pub producer_id: i64,
    pub amount_cents: i64,
}

/// A batch in the API.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
pub struct BatchInput {
    pub payouts: Vec<PayoutLineInput>,
    /// Dirhams for one euro, as typed ("10,85"); information only.
    #[serde(default)]
    pub mad_rate: Option<String>,
    /// The day of that rate, `YYYY-MM-DD`.
    #[serde(default)]
    pub rate_on: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The rate, its day and the note, common to the form and the API.
fn rate_and_note(
    errors: &mut FieldErrors,
    rate: &str,
    rate_on: &str,
    note: &str,
) -> (Option<i64>, Option<NaiveDate>, String) {
    let mad_rate_e4 = if rate.trim().is_empty() {
        None
    } else {
        let r = domain::parse_rate(rate);
        if r.is_none() {
            errors.add("mad_rate", FieldError::new("payout-rate"));
        }
        r
    };
    let rate_on = date(errors, "rate_on", rate_on, mad_rate_e4.is_some());
    let note = line(errors, "note", note, 300, false);
    (mad_rate_e4, rate_on, note)
}

/// The batch from its checked lines and the fields both inputs share: at least one transfer,
/// each producer once.
fn finish(
    mut errors: FieldErrors,
    mut lines: Vec<(ProducerId, Cents)>,
    rate: &str,
    rate_on: &str,
    note: &str,
) -> Result<NewBatch, FieldErrors> {
    let (mad_rate_e4, rate_on, note) = rate_and_note(&mut errors, rate, rate_on, note);
    if lines.is_empty() && errors.is_empty() {
        errors.add("payouts", FieldError::new("payout-nothing"));
    }
    lines.sort();
    if lines.windows(2).any(|w| w[0].0 == w[1].0) {
        errors.add("payouts", FieldError::new("payout-twice"));
    }
    errors.check()?;
    Ok(NewBatch {
        lines,
        mad_rate_e4,
        rate_on,
        note,
    })
}

/// The largest single payout (ten million euros).
const MAX_CENTS: Cents = Cents(1_000_000_000);

/// Whether `c` is between `min` and the largest payout; records on `field` why not.
fn amount_ok(errors: &mut FieldErrors, field: &str, c: Cents, min: Cents) -> bool {
    if c < min || c > MAX_CENTS {
        errors.add(
            field,
            FieldError::new("range")
                .with("min", min.euros())
                .with("max", MAX_CENTS.euros()),
        );
        return false;
    }
    true
}

impl TryFrom<&BatchForm> for NewBatch {
    type Error = FieldErrors;

    fn try_from(f: &BatchForm) -> Result<NewBatch, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut lines = Vec::new();
        for (key, v) in &f.amounts {
            let Some(id) = key
                .strip_prefix("amount_")
                .and_then(|id| id.parse::<i64>().ok())
            else {
                continue;
            };
            if v.trim().is_empty() {
                continue;
            }
            if v.trim().starts_with('-') {
                amount_ok(&mut errors, key, Cents(-1), Cents::ZERO);
                continue;
            }
            match parse_euros(v) {
                Some(c) if amount_ok(&mut errors, key, c, Cents::ZERO) && c.is_positive() => {
                    lines.push((ProducerId(id), c));
                }
                Some(_) => {}
                None => errors.add(key, FieldError::new("euros")),
            }
        }
        finish(errors, lines, &f.mad_rate, &f.rate_on, &f.note)
    }
}

impl TryFrom<&BatchInput> for NewBatch {
    type Error = FieldErrors;

    fn try_from(b: &BatchInput) -> Result<NewBatch, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut lines = Vec::new();
        for (i, l) in b.payouts.iter().enumerate() {
            let c = Cents(l.amount_cents);
            let field = format!("payouts[{i}].amount_cents");
            if amount_ok(&mut errors, &field, c, Cents(1)) {
                lines.push((ProducerId(l.producer_id), c));
            }
        }
        finish(
            errors,
            lines,
            b.mad_rate.as_deref().unwrap_or(""),
            b.rate_on.as_deref().unwrap_or(""),
            b.note.as_deref().unwrap_or(""),
        )
    }
}

/// A transfer recorded paid: the bank's reference and the day it left.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PaidForm {
    pub bank_reference: String,
    /// `YYYY-MM-DD`.
    pub paid_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paid {
    pub bank_reference: String,
    pub paid_on: NaiveDate,
}

impl Paid {
    /// The fields, with the day paid no later than `today`.
    pub fn parse(f: &PaidForm, today: NaiveDate) -> Result<Paid, FieldErrors> {
        let mut errors = FieldErrors::new();
        let bank_reference = line(&mut errors, "bank_reference", &f.bank_reference, 140, true);
        let paid_on = date(&mut errors, "paid_on", &f.paid_on, true);
        if paid_on.is_some_and(|d| d > today) {
            errors.add("paid_on", FieldError::new("not-in-future"));
        }
        errors.check()?;
        Ok(Paid {
            bank_reference,
            paid_on: paid_on.unwrap_or(today),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> BatchForm {
        BatchForm {
            amounts: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_batch_form_reads_euros_per_producer_and_refuses_garbage() {
        let b = NewBatch::try_from(&form(&[
            ("amount_2", "12,50"),
            ("amount_1", "3"),
            ("amount_3", "0"),
        ]))
        .unwrap();
        assert_eq!(
            b.lines,
            vec![(ProducerId(1), Cents(300)), (ProducerId(2), Cents(1250))]
        );
        let e =
            NewBatch::try_from(&form(&[("amount_1", "douze"), ("amount_2", "-5")])).unwrap_err();
        assert!(
            e.0.contains_key("amount_1") && e.0.contains_key("amount_2"),
            "{e:?}"
        );
        let e = NewBatch::try_from(&form(&[("amount_1", "0")])).unwrap_err();
        assert!(e.0.contains_key("payouts"));
        let mut f = form(&[("amount_1", "1")]);
        f.mad_rate = "abc".into();
        let e = NewBatch::try_from(&f).unwrap_err();
        assert!(e.0.contains_key("mad_rate"));
        f.mad_rate = "10,85".into();
        let e = NewBatch::try_from(&f).unwrap_err();
        assert!(e.0.contains_key("rate_on"), "a rate needs its day");
    }

    #[test]
    fn a_transfer_paid_needs_its_reference_and_a_past_day() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let e = Paid::parse(
            &PaidForm {
                bank_reference: " ".into(),
                paid_on: "2026-12-07".into(),
            },
            today,
        )
        .unwrap_err();
        assert!(e.0.contains_key("bank_reference") && e.0.contains_key("paid_on"));
        let p = Paid::parse(
            &PaidForm {
                bank_reference: "VIR-2026-118".into(),
                paid_on: "2026-12-06".into(),
            },
            today,
        )
        .unwrap();
        assert_eq!(p.bank_reference, "VIR-2026-118");
    }
}
