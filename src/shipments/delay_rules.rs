//! The pure rules of a delay: when a shipment's new expected arrival may be recorded, and the
//! pickup date it gives each campaign in the shipment.

use chrono::NaiveDate;
use entity::shipment::ShipmentStep;

use super::domain::rank;
use crate::error::{FieldError, FieldErrors};

/// A delay as typed and parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDelay {
    /// The new expected arrival.
    pub expected_on: NaiveDate,
    /// One pickup date for every campaign in the shipment; none: each campaign's date moves by
    /// as many days as the arrival.
    pub pickup_on: Option<NaiveDate>,
    pub note: String,
}

/// Whether a shipment can still be delayed: not once its goods arrived.
pub fn can_delay(step: ShipmentStep) -> bool {
    rank(step) < rank(ShipmentStep::Arrived)
}

/// Where the shipment stands when a delay is recorded.
#[derive(Clone, Copy, Debug)]
pub struct Standing {
    /// The expected arrival before the delay.
    pub expected_on: Option<NaiveDate>,
    /// The date of the last step recorded.
    pub last_step_on: Option<NaiveDate>,
    pub today: NaiveDate,
}

/// Checks a delay against where the shipment stands: the new arrival is after the old one (or
/// the first one given), neither in the past nor before the last step; the pickup date, when
/// given, is not before the new arrival, and must be given when there was no arrival date to
/// move the campaigns' dates by.
pub fn check_delay(at: Standing, d: &NewDelay) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if d.expected_on < at.today {
        errors.add(
            "expected_on",
            FieldError::new("shipment-delay-past").with("date", at.today.to_string()),
        );
    } else if let Some(old) = at.expected_on
        && d.expected_on <= old
    {
        errors.add(
            "expected_on",
            FieldError::new("shipment-delay-not-later").with("date", old.to_string()),
        );
    } else if let Some(last) = at.last_step_on
        && d.expected_on < last
    {
        errors.add(
            "expected_on",
            FieldError::new("shipment-step-before").with("date", last.to_string()),
        );
    }
    match (d.pickup_on, at.expected_on) {
        (Some(p), _) if p < d.expected_on => errors.add(
            "pickup_on",
            FieldError::new("shipment-delay-pickup-before").with("date", d.expected_on.to_string()),
        ),
        (None, None) => errors.add("pickup_on", FieldError::new("shipment-delay-pickup-needed")),
        _ => {}
    }
    errors.check()
}

/// Days the arrival moves by (0 when there was no expected arrival).
pub fn days_moved(previous: Option<NaiveDate>, expected_on: NaiveDate) -> i64 {
    previous.map_or(0, |p| (expected_on - p).num_days())
}

/// The new pickup date of a campaign whose goods were to be picked up on `delivery_on`: the
/// pickup date given, else its own moved by `days`, never before the new arrival.
pub fn moved_pickup(delivery_on: NaiveDate, d: &NewDelay, days: i64) -> NaiveDate {
    d.pickup_on
        .unwrap_or_else(|| delivery_on + chrono::Duration::days(days))
        .max(d.expected_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    fn delay(expected: u32, pickup: Option<u32>) -> NewDelay {
        NewDelay {
            expected_on: d(expected),
            pickup_on: pickup.map(d),
            note: String::new(),
        }
    }

    fn at(expected: Option<u32>, last: Option<u32>) -> Standing {
        Standing {
            expected_on: expected.map(d),
            last_step_on: last.map(d),
            today: d(6),
        }
    }

    fn code(e: &FieldErrors, field: &str) -> String {
        e.0[field][0].code.clone()
    }

    #[test]
    fn a_delay_moves_the_arrival_later_and_the_pickup_not_before_it() {
        assert!(check_delay(at(Some(20), Some(8)), &delay(24, None)).is_ok());
        assert!(check_delay(at(Some(20), None), &delay(24, Some(24))).is_ok());
        let e = check_delay(at(Some(20), None), &delay(5, None)).unwrap_err();
        assert_eq!(code(&e, "expected_on"), "shipment-delay-past");
        let e = check_delay(at(Some(20), None), &delay(20, None)).unwrap_err();
        assert_eq!(code(&e, "expected_on"), "shipment-delay-not-later");
        let e = check_delay(at(None, Some(9)), &delay(8, Some(10))).unwrap_err();
        assert_eq!(code(&e, "expected_on"), "shipment-step-before");
        let e = check_delay(at(Some(20), None), &delay(24, Some(23))).unwrap_err();
        assert_eq!(code(&e, "pickup_on"), "shipment-delay-pickup-before");
        // No arrival date before: nothing to move the campaigns' dates by.
        let e = check_delay(at(None, None), &delay(24, None)).unwrap_err();
        assert_eq!(code(&e, "pickup_on"), "shipment-delay-pickup-needed");
        assert!(check_delay(at(None, None), &delay(24, Some(26))).is_ok());
        assert!(can_delay(ShipmentStep::ImportCleared));
        assert!(!can_delay(ShipmentStep::Arrived) && !can_delay(ShipmentStep::Distributed));
    }

    #[test]
    fn each_campaign_moves_by_the_days_of_the_arrival_unless_a_date_is_given() {
        let days = days_moved(Some(d(20)), d(24));
        assert_eq!(days, 4);
        assert_eq!(moved_pickup(d(22), &delay(24, None), days), d(26));
        assert_eq!(moved_pickup(d(22), &delay(24, Some(28)), days), d(28));
        // A pickup planned on the arrival's eve is not left before the goods arrive.
        assert_eq!(moved_pickup(d(10), &delay(24, None), days), d(24));
        assert_eq!(days_moved(None, d(24)), 0);
    }

    proptest! {
        #[test]
        fn a_pickup_is_never_before_the_arrival(
            delivery in 1u32..28, expected in 1u32..28, pickup in proptest::option::of(1u32..28), days in -30i64..30
        ) {
            let x = delay(expected, pickup);
            prop_assert!(moved_pickup(d(delivery), &x, days) >= x.expected_on);
        }
    }
}
