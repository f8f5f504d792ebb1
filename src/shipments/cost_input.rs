//! What coordinators type about the real transport cost: the carrier's invoice (its form in
//! euros, its JSON in cents) and the partnership's rule, parsed into domain values.

use chrono::NaiveDate;
use entity::partnership::{TransportBasis, TransportDifference};
use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};
use crate::money::{Cents, euros_field};
use crate::web::forms::{date, line};

/// The most a carrier's invoice may be: 100,000.00 €.
pub const MAX_INVOICE: Cents = Cents(10_000_000);

/// A carrier's invoice as typed on the shipment's page (amount in euros: "1 314,00").
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct InvoiceForm {
    pub carrier: String,
    pub reference: String,
    pub invoiced_on: String,
    pub amount: String,
}

/// A carrier's invoice as the API takes it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct InvoiceInput {
    /// The carrier (the shipment's carrier when left empty).
    pub carrier: String,
    /// The invoice's number.
    pub reference: String,
    /// Its date, `YYYY-MM-DD`: not before the shipment was created, not in the future.
    pub invoiced_on: String,
    /// What it asks, in cents (1 to 10,000,000).
    pub amount_cents: i64,
}

/// A carrier's invoice, checked but for its dates against the shipment's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewInvoice {
    pub carrier: String,
    pub reference: String,
    pub invoiced_on: NaiveDate,
    pub amount: Cents,
}

fn parse(
    mut errors: FieldErrors,
    carrier: &str,
    reference: &str,
    invoiced_on: &str,
    amount: Option<Cents>,
) -> Result<NewInvoice, FieldErrors> {
    let carrier = line(&mut errors, "carrier", carrier, 200, false);
    let reference = line(&mut errors, "reference", reference, 100, true);
    let on = date(&mut errors, "invoiced_on", invoiced_on, true);
    if let Some(a) = amount
        && !(Cents(1)..=MAX_INVOICE).contains(&a)
    {
        errors.add(
            "amount",
            FieldError::new("range")
                .with("min", "0,01")
                .with("max", "100000"),
        );
    }
    match (on, amount) {
        (Some(invoiced_on), Some(amount)) if errors.is_empty() => Ok(NewInvoice {
            carrier,
            reference,
            invoiced_on,
            amount,
        }),
        _ => Err(errors),
    }
}

impl InvoiceForm {
    pub fn parse(&self) -> Result<NewInvoice, FieldErrors> {
        let mut errors = FieldErrors::new();
        let amount = euros_field(&mut errors, "amount", &self.amount);
        if amount.is_none() && self.amount.trim().is_empty() {
            errors.add("amount", FieldError::new("required"));
        }
        parse(
            errors,
            &self.carrier,
            &self.reference,
            &self.invoiced_on,
            amount,
        )
    }
}

impl InvoiceInput {
    pub fn parse(&self) -> Result<NewInvoice, FieldErrors> {
        parse(
            FieldErrors::new(),
            &self.carrier,
            &self.reference,
            &self.invoiced_on,
            Some(Cents(self.amount_cents)),
        )
    }
}

/// A partnership's rule for the real transport cost, as typed (form and JSON).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RuleForm {
    /// weight or value: how a carrier's invoice is shared among a shipment's campaigns.
    pub basis: String,
    /// members (they pay the real cost) or partnership (the estimate is final).
    pub difference: String,
}

impl RuleForm {
    pub fn parse(&self) -> Result<(TransportBasis, TransportDifference), FieldErrors> {
        let mut errors = FieldErrors::new();
        let basis = match self.basis.trim() {
            "weight" => Some(TransportBasis::Weight),
            "value" => Some(TransportBasis::Value),
            _ => {
                errors.add("basis", FieldError::new("choice"));
                None
            }
        };
        let difference = match self.difference.trim() {
            "members" => Some(TransportDifference::Members),
            "partnership" => Some(TransportDifference::Partnership),
            _ => {
                errors.add("difference", FieldError::new("choice"));
                None
            }
        };
        match (basis, difference) {
            (Some(b), Some(d)) => Ok((b, d)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invoice_needs_a_reference_a_date_and_an_amount_in_range() {
        let e = InvoiceInput {
            amount_cents: 0,
            invoiced_on: "2026-13-01".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.0["reference"][0].code, "required");
        assert_eq!(e.0["invoiced_on"][0].code, "date");
        assert_eq!(e.0["amount"][0].code, "range");
        let f = InvoiceForm {
            carrier: "Trans-Atlas".into(),
            reference: "TA-2026-118".into(),
            invoiced_on: "2026-11-20".into(),
            amount: "1 314,50".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(f.amount, Cents(131_450));
        let e = InvoiceForm {
            amount: "beaucoup".into(),
            ..f_default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.0["amount"][0].code, "euros");
        let e = InvoiceInput {
            amount_cents: 10_000_001,
            reference: "x".into(),
            invoiced_on: "2026-11-20".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.0["amount"][0].code, "range");
    }

    fn f_default() -> InvoiceForm {
        InvoiceForm {
            reference: "x".into(),
            invoiced_on: "2026-11-20".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_rule_is_one_of_the_choices() {
        let r = RuleForm {
            basis: "value".into(),
            difference: "partnership".into(),
        };
        assert_eq!(
            r.parse().unwrap(),
            (TransportBasis::Value, TransportDifference::Partnership)
        );
        let e = RuleForm::default().parse().unwrap_err();
        assert_eq!(e.0["basis"][0].code, "choice");
        assert_eq!(e.0["difference"][0].code, "choice");
    }
}
