//! Money owed and paid: Belgian structured communications (OGM/VCS), EPC QR payloads, bank
//! statement lines, payment request states, and how a payment splits into the ledger.

use serde::{Deserialize, Serialize};

pub use super::statement_csv::{
    LineError, StatementLine, parse_amount, parse_date, parse_statement,
};

use crate::money::Cents;
use entity::payment_request::RequestStatus;

/// A Belgian structured communication: 10 digits and 2 check digits (the 10-digit number
/// mod 97, 0 written 97), shown as `+++010/8068/17183+++`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ogm(String);

impl Ogm {
    /// The communication whose 10-digit base is `base` (below 10^10).
    pub fn from_base(base: u64) -> Option<Ogm> {
        (base < 10_000_000_000).then(|| {
            let check = match base % 97 {
                0 => 97,
                r => r,
            };
            Ogm(format!("{base:010}{check:02}"))
        })
    }

    /// Reads a communication however it was written (`+++…+++`, `***…***`, slashes, spaces,
    /// plain digits); none when it is not 12 digits with valid check digits.
    /// Digits typed in Arabic-Indic (٩١٦) count as their Western digits.
    pub fn parse(text: &str) -> Option<Ogm> {
        let text: String = text.chars().map(western_digit).collect();
        let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
        let others = text
            .chars()
            .filter(|c| !c.is_ascii_digit() && !"+*/ .-\u{a0}".contains(*c))
            .count();
        if digits.len() != 12 || others > 0 {
            return None;
        }
        let base: u64 = digits[..10].parse().ok()?;
        let ogm = Ogm::from_base(base)?;
        (ogm.0 == digits).then_some(ogm)
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `+++010/8068/17183+++`
    pub fn formatted(&self) -> String {
        let d = &self.0;
        format!("+++{}/{}/{}+++", &d[..3], &d[3..7], &d[7..])
    }
}

/// A digit written in Arabic-Indic or Eastern Arabic-Indic as its ASCII digit.
fn western_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10).unwrap_or(c),
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10).unwrap_or(c),
        _ => c,
    }
}

/// The payload of an EPC QR code (EPC069-12, version 002, UTF-8, SEPA credit transfer) that
/// Belgian banking apps scan to fill in a transfer. The structured communication goes in the
/// structured remittance field.
pub fn epc_payload(
    name: &str,
    iban: &str,
    bic: Option<&str>,
    amount_cents: Cents,
    ogm: &Ogm,
) -> String {
    let name: String = name.chars().filter(|c| !c.is_control()).take(70).collect();
    let lines = [
        "BCD".to_owned(),
        "002".to_owned(),
        "1".to_owned(),
        "SCT".to_owned(),
        bic.unwrap_or("").to_owned(),
        name,
        iban.replace(' ', "").to_uppercase(),
        format!(
            "EUR{}.{:02}",
            amount_cents.get() / 100,
            amount_cents.get() % 100
        ),
        String::new(),
        ogm.digits().to_owned(),
    ];
    lines.join("\n")
}

/// Checks an IBAN (ISO 13616: country, check digits, mod-97 of the rearranged number).
pub fn valid_iban(iban: &str) -> bool {
    let s: String = iban
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if !(15..=34).contains(&s.len()) || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    if !s[..2].chars().all(|c| c.is_ascii_uppercase())
        || !s[2..4].chars().all(|c| c.is_ascii_digit())
    {
        return false;
    }
    let rearranged = format!("{}{}", &s[4..], &s[..4]);
    let mut rem: u32 = 0;
    for c in rearranged.chars() {
        let v = c.to_digit(36).unwrap_or(0);
        let digits = if v >= 10 {
            format!("{v}")
        } else {
            v.to_string()
        };
        for d in digits.chars() {
            rem = (rem * 10 + d.to_digit(10).unwrap_or(0)) % 97;
        }
    }
    rem == 1
}

/// An IBAN written in groups of four.
pub fn format_iban(iban: &str) -> String {
    let s: String = iban
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    s.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why a payment is flagged when it is not the amount the payer was asked (a card payment).
pub const FLAG_OTHER_AMOUNT: &str = "not the amount asked";

/// The state of a request from what it asks and what moved: cancelled stays cancelled, a
/// request whose payments all went back is refunded.
pub fn status_of(
    amount_cents: Cents,
    paid_cents: Cents,
    refunded_cents: Cents,
    cancelled: bool,
) -> RequestStatus {
    let net = paid_cents - refunded_cents;
    if cancelled {
        RequestStatus::Cancelled
    } else if refunded_cents.is_positive() && !net.is_positive() {
        RequestStatus::Refunded
    } else if !net.is_positive() {
        RequestStatus::Open
    } else if net < amount_cents {
        RequestStatus::PartlyPaid
    } else if net == amount_cents {
        RequestStatus::Paid
    } else {
        RequestStatus::Overpaid
    }
}

/// What is left to pay on a request: what it asks (already lowered by refunds that took
/// something off) less what was paid and not refunded; never below zero.
pub fn remaining(amount_cents: Cents, paid_cents: Cents, refunded_cents: Cents) -> Cents {
    amount_cents.saturating_sub(paid_cents - refunded_cents)
}

/// How much a refund of `refund_cents` takes off what the payer owes. A refund first gives back
/// what was paid beyond what is owed; the rest lowers what is owed, unless the treasurer says
/// the payer still owes it (`still_owed`) or nothing is owed any more (a cancelled request).
pub fn waived_by_refund(
    amount_cents: Cents,
    paid_cents: Cents,
    refunded_cents: Cents,
    refund_cents: Cents,
    cancelled: bool,
    still_owed: bool,
) -> Cents {
    if cancelled || still_owed {
        return Cents::ZERO;
    }
    let excess = (paid_cents - refunded_cents).saturating_sub(amount_cents);
    (refund_cents - excess).clamp(Cents::ZERO, amount_cents.max(Cents::ZERO))
}

pub use entity::payment_request::Allocation;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_documented_example() {
        let ogm = Ogm::from_base(108_068_171).unwrap();
        assert_eq!(ogm.digits(), "010806817183");
        assert_eq!(ogm.formatted(), "+++010/8068/17183+++");
        assert_eq!(
            Ogm::from_base(97).unwrap().digits(),
            "000000009797",
            "0 is written 97"
        );
    }

    #[test]
    fn communications_are_read_however_they_are_written() {
        for written in [
            "+++010/8068/17183+++",
            "***010/8068/17183***",
            "010/8068/17183",
            "010806817183",
            " 010 8068 17183 ",
            "+++010.8068.17183+++",
        ] {
            assert_eq!(
                Ogm::parse(written).map(|o| o.formatted()),
                Some("+++010/8068/17183+++".to_owned()),
                "{written}"
            );
        }
        for wrong in [
            "+++010/8068/17184+++",
            "01080681718",
            "0108068171830",
            "facture 010806817183",
            "",
        ] {
            assert_eq!(Ogm::parse(wrong), None, "{wrong}");
        }
    }

    proptest! {
        #[test]
        fn generated_communications_validate_and_never_collide(a in 0u64..10_000_000_000, b in 0u64..10_000_000_000) {
            let (oa, ob) = (Ogm::from_base(a).unwrap(), Ogm::from_base(b).unwrap());
            prop_assert_eq!(Ogm::parse(&oa.formatted()), Some(oa.clone()));
            prop_assert_eq!(Ogm::parse(oa.digits()), Some(oa.clone()));
            prop_assert_eq!(a == b, oa == ob);
        }

        #[test]
        fn a_single_wrong_digit_is_caught(base in 0u64..10_000_000_000, pos in 0usize..12, d in 0u8..10) {
            let ogm = Ogm::from_base(base).unwrap();
            let mut digits: Vec<u8> = ogm.digits().bytes().collect();
            prop_assume!(digits[pos] != b'0' + d);
            digits[pos] = b'0' + d;
            let changed = String::from_utf8(digits).unwrap();
            prop_assert!(Ogm::parse(&changed).is_none() || Ogm::parse(&changed).unwrap().digits() != ogm.digits());
        }

        #[test]
        fn payments_split_to_the_cent(amount in -1_000_000i64..1_000_000, p in 0i64..10_000, t in 0i64..3000, f in 0i64..1000) {
            let a = Allocation { producer_cents: Cents(p), transport_cents: Cents(t), community_fund_cents: Cents(f), ..Default::default() };
            prop_assert_eq!(a.split(Cents(amount)).total(), Cents(amount));
        }
    }

    #[test]
    fn epc_payload_field_by_field() {
        let ogm = Ogm::from_base(108_068_171).unwrap();
        let payload = epc_payload(
            "GAC Jette",
            "BE68 5390 0754 7034",
            Some("TRIOBEBB"),
            Cents(12_345),
            &ogm,
        );
        let lines: Vec<&str> = payload.split('\n').collect();
        assert_eq!(
            lines,
            [
                "BCD",
                "002",
                "1",
                "SCT",
                "TRIOBEBB",
                "GAC Jette",
                "BE68539007547034",
                "EUR123.45",
                "",
                "010806817183"
            ]
        );
        assert!(payload.len() <= 331);
    }

    #[test]
    fn ibans_are_checked() {
        assert!(valid_iban("BE68 5390 0754 7034"));
        assert!(valid_iban("be68539007547034"));
        assert!(!valid_iban("BE68 5390 0754 7035"));
        assert!(!valid_iban("hello"));
        assert_eq!(format_iban("be68539007547034"), "BE68 5390 0754 7034");
    }

    #[test]
    fn states_follow_the_money() {
        let c = Cents;
        assert_eq!(status_of(c(1000), c(0), c(0), false), RequestStatus::Open);
        assert_eq!(
            status_of(c(1000), c(400), c(0), false),
            RequestStatus::PartlyPaid
        );
        assert_eq!(
            status_of(c(1000), c(1000), c(0), false),
            RequestStatus::Paid
        );
        assert_eq!(
            status_of(c(1000), c(1200), c(0), false),
            RequestStatus::Overpaid
        );
        assert_eq!(
            status_of(c(1000), c(1000), c(1000), false),
            RequestStatus::Refunded
        );
        assert_eq!(
            status_of(c(1000), c(1000), c(300), false),
            RequestStatus::PartlyPaid
        );
        assert_eq!(
            status_of(c(1000), c(0), c(0), true),
            RequestStatus::Cancelled
        );
    }

    #[test]
    fn a_refund_lowers_what_is_owed_after_giving_back_any_excess() {
        // 25,00 paid, 5,00 refunded: 20,00 owed now, nothing left to pay.
        assert_eq!(
            waived_by_refund(Cents(2500), Cents(2500), Cents(0), Cents(500), false, false),
            Cents(500)
        );
        assert_eq!(remaining(Cents(2000), Cents(2500), Cents(500)), Cents(0));
        // The treasurer says the member still owes it.
        assert_eq!(
            waived_by_refund(Cents(2500), Cents(2500), Cents(0), Cents(500), false, true),
            Cents(0)
        );
        assert_eq!(remaining(Cents(2500), Cents(2500), Cents(500)), Cents(500));
        // Overpaid by 3,00: a refund of 3,00 only gives back the excess, 5,00 takes 2,00 off.
        assert_eq!(
            waived_by_refund(Cents(2500), Cents(2800), Cents(0), Cents(300), false, false),
            Cents(0)
        );
        assert_eq!(
            waived_by_refund(Cents(2500), Cents(2800), Cents(0), Cents(500), false, false),
            Cents(200)
        );
        // A cancelled request owes nothing to lower.
        assert_eq!(
            waived_by_refund(Cents(2500), Cents(1000), Cents(0), Cents(1000), true, false),
            Cents(0)
        );
        // Never below zero.
        assert_eq!(
            waived_by_refund(
                Cents(2500),
                Cents(2500),
                Cents(0),
                Cents(2500),
                false,
                false
            ),
            Cents(2500)
        );
    }

    #[test]
    fn communications_typed_in_arabic_indic_digits() {
        assert_eq!(
            Ogm::parse("+++٠١٠/٨٠٦٨/١٧١٨٣+++").map(|o| o.formatted()),
            Some("+++010/8068/17183+++".to_owned())
        );
    }
}
