//! A producer's bank details for its payouts: the account holder, an IBAN or a Moroccan RIB
//! (24 digits), the BIC/SWIFT code, the bank's name and address. Typed by the producer's
//! members on their profile; read by them, their partnership's coordinators and admins (the
//! payout batches), never shown on public pages.

use entity::producer;
use sea_orm::Set;
use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};
use crate::payments::domain::valid_iban;
use crate::web::forms::line;

/// The bank fields as typed (the form and the API alike).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BankInput {
    pub bank_holder: String,
    /// An IBAN, or a Moroccan RIB (24 digits); spaces and dashes are ignored.
    pub bank_account: String,
    pub bank_bic: String,
    pub bank_name: String,
    pub bank_address: String,
}

impl BankInput {
    pub fn from_model(p: &producer::Model) -> BankInput {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        BankInput {
            bank_holder: s(&p.bank_holder),
            bank_account: s(&p.bank_account),
            bank_bic: s(&p.bank_bic),
            bank_name: s(&p.bank_name),
            bank_address: s(&p.bank_address),
        }
    }
}

/// Bank details checked (each absent when left empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankDetails {
    pub holder: Option<String>,
    pub account: Option<String>,
    pub bic: Option<String>,
    pub name: Option<String>,
    pub address: Option<String>,
}

/// A name a bank will print: letters of any script, digits, spaces and `.,'-/&()`.
fn bank_text(errors: &mut FieldErrors, field: &str, v: &str, max: usize) -> Option<String> {
    let v = line(errors, field, v, max, false);
    if !v
        .chars()
        .all(|c| c.is_alphanumeric() || " .,'-/&()".contains(c))
    {
        errors.add(field, FieldError::new("bank-characters"));
    }
    (!v.is_empty()).then_some(v)
}

/// An account number as stored: uppercase, without spaces or dashes. An IBAN (two letters
/// first) must have right check digits; otherwise digits only, a Moroccan RIB being 24 of them.
pub fn account(v: &str) -> Result<Option<String>, &'static str> {
    let s: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase();
    if s.is_empty() {
        return Ok(None);
    }
    if s.chars().take(2).all(|c| c.is_ascii_alphabetic()) {
        return if valid_iban(&s) {
            Ok(Some(s))
        } else {
            Err("iban")
        };
    }
    if s.len() == 24 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(s))
    } else {
        Err("bank-account")
    }
}

/// A BIC/SWIFT code: 4 letters (bank), 2 letters (country), 2 letters or digits (place),
/// and optionally 3 letters or digits (branch).
pub fn bic(v: &str) -> Result<Option<String>, &'static str> {
    let s = v.trim().replace(' ', "").to_uppercase();
    if s.is_empty() {
        return Ok(None);
    }
    let b = s.as_bytes();
    let ok = (s.len() == 8 || s.len() == 11)
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..].iter().all(u8::is_ascii_alphanumeric);
    if ok { Ok(Some(s)) } else { Err("bic") }
}

impl BankDetails {
    /// The fields checked, problems added to `errors`.
    pub fn parse(errors: &mut FieldErrors, i: &BankInput) -> BankDetails {
        let account = account(&i.bank_account).unwrap_or_else(|code| {
            errors.add("bank_account", FieldError::new(code));
            None
        });
        let bic = bic(&i.bank_bic).unwrap_or_else(|code| {
            errors.add("bank_bic", FieldError::new(code));
            None
        });
        BankDetails {
            holder: bank_text(errors, "bank_holder", &i.bank_holder, 140),
            account,
            bic,
            name: bank_text(errors, "bank_name", &i.bank_name, 140),
            address: Some(line(errors, "bank_address", &i.bank_address, 300, false))
                .filter(|a| !a.is_empty()),
        }
    }

    /// Puts these details on a producer's row.
    pub fn apply(&self, a: &mut producer::ActiveModel) {
        a.bank_holder = Set(self.holder.clone());
        a.bank_account = Set(self.account.clone());
        a.bank_bic = Set(self.bic.clone());
        a.bank_name = Set(self.name.clone());
        a.bank_address = Set(self.address.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_ibans_with_their_check_digits_or_moroccan_ribs() {
        assert_eq!(
            account("be75 0010 1234 5651"),
            Ok(Some("BE75001012345651".into()))
        );
        assert_eq!(account("BE76 0010 1234 5651"), Err("iban"));
        assert_eq!(
            account("011 780 0000123456789012 34"),
            Ok(Some("011780000012345678901234".into()))
        );
        assert_eq!(account("0117800000"), Err("bank-account"));
        assert_eq!(account("=HYPERLINK(1)"), Err("bank-account"));
        assert_eq!(account("  "), Ok(None));
    }

    #[test]
    fn bics_have_eight_or_eleven_characters() {
        assert_eq!(bic("bcmamamc"), Ok(Some("BCMAMAMC".into())));
        assert_eq!(bic("BCMAMAMCXXX"), Ok(Some("BCMAMAMCXXX".into())));
        for bad in ["BCMA", "BCMAMAMCX", "12MAMAMC", "BCMA=AMC"] {
            assert_eq!(bic(bad), Err("bic"), "{bad}");
        }
    }

    #[test]
    fn names_are_printable_by_a_bank() {
        let mut errors = FieldErrors::new();
        let d = BankDetails::parse(
            &mut errors,
            &BankInput {
                bank_holder: "Coopérative féminine Tifawin".into(),
                bank_name: "Crédit Agricole du Maroc".into(),
                bank_address: "Avenue Hassan II, Biougra".into(),
                ..Default::default()
            },
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(d.holder.as_deref(), Some("Coopérative féminine Tifawin"));
        let mut errors = FieldErrors::new();
        BankDetails::parse(
            &mut errors,
            &BankInput {
                bank_holder: "=cmd|' /C calc'!A0".into(),
                bank_name: "x".repeat(141),
                ..Default::default()
            },
        );
        assert!(errors.0.contains_key("bank_holder") && errors.0.contains_key("bank_name"));
    }
}
