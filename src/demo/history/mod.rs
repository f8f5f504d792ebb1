//! A year of the demo partnerships' life before today, so that the impact dashboard and the
//! community funds are alive on first run: a collective order each month, paid; stays that
//! took place, paid and partly designated to fund projects; two fund projects per partnership
//! with their reports and disbursements (never more than the fund held at the time); practice
//! sheets and support requests spread over the months.

use chrono::{DateTime, Duration, NaiveDate, Utc};

pub mod disbursements;
pub mod exchanges;
pub mod orders;
pub mod projects;
pub mod stays;

/// Months of history.
pub const MONTHS: i64 = 12;

fn months_ago(now: DateTime<Utc>, months: i64) -> DateTime<Utc> {
    now - Duration::days(30 * months)
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc()
}
