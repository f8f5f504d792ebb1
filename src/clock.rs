//! The time source, injected into services so deadlines and expiries are testable without sleeping.

use std::sync::Mutex;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Brussels;

use crate::error::{FieldError, FieldErrors};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// The real time.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to (tests).
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self(Mutex::new(start))
    }

    pub fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = t;
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// `hour`:00 on `day` in `zone`, as an instant ("08:00 in Brussels", not 08:00 UTC). When the
/// clocks skip that hour, the first instant after the gap.
pub fn local_time(day: chrono::NaiveDate, hour: u32, zone: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    (0..3)
        .filter_map(|later| day.and_hms_opt(hour + later, 0, 0))
        .find_map(|t| t.and_local_timezone(zone).earliest())
        .map(|t| t.with_timezone(&Utc))
}

/// Today in Brussels, where the network keeps its books and dates what has no place of its
/// own (a disbursement, a decision, a page without a trip at hand).
pub fn today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Brussels).date_naive()
}

/// A day as a date field sends it (`2026-12-12`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// A date field: when left empty, none (and the field error `required` if it is); when it
/// cannot be read, none and the field error `date`.
pub fn date_field(
    errors: &mut FieldErrors,
    field: &str,
    v: &str,
    required: bool,
) -> Option<NaiveDate> {
    if v.trim().is_empty() {
        if required {
            errors.add(field, FieldError::new("required"));
        }
        return None;
    }
    let d = parse_date(v);
    if d.is_none() {
        errors.add(field, FieldError::new("date"));
    }
    d
}

/// A time as an RFC 3339 instant, or a local Brussels time as a datetime-local field sends it.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    Brussels
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::{local_time, parse_instant};
    use chrono::NaiveDate;
    use chrono_tz::Europe::Brussels;

    #[test]
    fn eight_in_brussels_is_seven_utc_in_winter_and_six_in_summer() {
        let at = |y, m, d| local_time(NaiveDate::from_ymd_opt(y, m, d).unwrap(), 8, Brussels);
        assert_eq!(
            at(2027, 1, 15).unwrap().to_rfc3339(),
            "2027-01-15T07:00:00+00:00"
        );
        assert_eq!(
            at(2027, 7, 15).unwrap().to_rfc3339(),
            "2027-07-15T06:00:00+00:00"
        );
        // 02:00 does not exist on the last Sunday of March: 03:00 local (01:00 UTC).
        let gap = local_time(NaiveDate::from_ymd_opt(2027, 3, 28).unwrap(), 2, Brussels);
        assert_eq!(gap.unwrap().to_rfc3339(), "2027-03-28T01:00:00+00:00");
    }

    #[test]
    fn local_brussels_times_and_rfc3339_are_understood() {
        let winter = parse_instant("2026-12-01T20:00").unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-12-01T19:00:00+00:00");
        let summer = parse_instant("2026-07-01T20:00").unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T18:00:00+00:00");
        assert!(parse_instant("2026-12-01T08:00:00Z").is_some());
        assert!(parse_instant("tomorrow").is_none());
    }
}
