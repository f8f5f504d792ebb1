//! The arithmetic of a limit counted per minute (pure: no database, no clock).
//!
//! Attempts are counted per calendar minute. A fixed minute alone would let a client spend its
//! whole allowance in the last second of one minute and again in the first second of the next;
//! so the previous minute counts too, weighted by the part of it still inside the last 60
//! seconds. `limit` attempts in any 60 seconds is the estimate's bound, whatever the boundary.

use chrono::{DateTime, Utc};

/// The length of a window, in milliseconds.
pub const WINDOW_MS: i64 = 60_000;

/// Where an instant falls: the start of its minute (seconds since the Unix epoch, the key stored
/// with the count) and how far into that minute it is (milliseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Minute {
    pub start: i64,
    pub elapsed_ms: i64,
}

impl Minute {
    pub fn of(now: DateTime<Utc>) -> Self {
        let ms = now.timestamp_millis();
        let start_ms = ms.div_euclid(WINDOW_MS) * WINDOW_MS;
        Minute {
            start: start_ms / 1000,
            elapsed_ms: ms - start_ms,
        }
    }

    /// The start of the minute before.
    pub fn previous_start(&self) -> i64 {
        self.start - WINDOW_MS / 1000
    }
}

/// The attempts counted for one key: in the current minute (the one being judged included) and
/// in the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub current: i64,
    pub previous: i64,
}

/// Whether the estimated attempts of the last 60 seconds stay within `limit`.
pub fn allows(limit: u32, counts: Counts, elapsed_ms: i64) -> bool {
    let still_inside = (WINDOW_MS - elapsed_ms).clamp(0, WINDOW_MS);
    counts.current * WINDOW_MS + counts.previous * still_inside <= i64::from(limit) * WINDOW_MS
}

/// Whole seconds after which one more attempt is allowed, if nobody tries in between (what
/// `Retry-After` says). Every attempt counts, refused ones too: a client that keeps knocking
/// stays out, one that waits this long gets in. Never more than two minutes: by then both
/// counted minutes have passed.
pub fn retry_after(limit: u32, counts: Counts, elapsed_ms: i64) -> u64 {
    (1..=120u64)
        .find(|&secs| {
            let at = elapsed_ms + secs as i64 * 1000;
            let (then, elapsed) = match at / WINDOW_MS {
                0 => (
                    Counts {
                        current: counts.current + 1,
                        previous: counts.previous,
                    },
                    at,
                ),
                1 => (
                    Counts {
                        current: 1,
                        previous: counts.current,
                    },
                    at - WINDOW_MS,
                ),
                _ => (
                    Counts {
                        current: 1,
                        previous: 0,
                    },
                    at % WINDOW_MS,
                ),
            };
            allows(limit, then, elapsed)
        })
        .unwrap_or(120)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn counts(current: i64, previous: i64) -> Counts {
        Counts { current, previous }
    }

    #[test]
    fn an_instant_falls_in_its_minute() {
        let t = Utc.with_ymd_and_hms(2026, 12, 7, 10, 30, 15).unwrap()
            + chrono::Duration::milliseconds(250);
        let m = Minute::of(t);
        assert_eq!(
            m.start,
            Utc.with_ymd_and_hms(2026, 12, 7, 10, 30, 0)
                .unwrap()
                .timestamp()
        );
        assert_eq!(m.elapsed_ms, 15_250);
        assert_eq!(m.previous_start(), m.start - 60);
        let before_epoch = Utc.timestamp_millis_opt(-1).unwrap();
        assert_eq!(
            Minute::of(before_epoch),
            Minute {
                start: -60,
                elapsed_ms: 59_999
            }
        );
    }

    #[test]
    fn the_limit_counts_the_current_minute() {
        assert!(allows(5, counts(5, 0), 30_000));
        assert!(!allows(5, counts(6, 0), 30_000));
    }

    #[test]
    fn a_burst_across_a_minute_boundary_does_not_double_the_limit() {
        // Five attempts at the end of one minute, then more at the start of the next.
        assert!(!allows(5, counts(1, 5), 0));
        assert!(!allows(5, counts(1, 5), 1_000));
        // The previous minute fades out as it leaves the last 60 seconds.
        assert!(allows(5, counts(1, 5), 12_000), "4 of 5 left");
        assert!(!allows(5, counts(2, 5), 12_000));
        assert!(allows(5, counts(3, 4), 30_000), "3 + 4 x 0.5 = 5");
        assert!(!allows(5, counts(4, 4), 30_000));
    }

    #[test]
    fn retry_after_is_the_first_second_an_attempt_is_allowed() {
        // Six attempts (one refused) 10 s into a minute: the next one fits after the boundary,
        // once the six weigh at most four (1 + 6 x w <= 5, w <= 2/3: 20 s into the next minute).
        let wait = retry_after(5, counts(6, 0), 10_000);
        assert_eq!(wait, 50 + 20);
        assert!(allows(5, counts(1, 6), 20_000));
        assert!(!allows(5, counts(1, 6), 19_000));
        // A limit of one, spent: the next minute still weighs it, so the wait runs to its end.
        assert_eq!(retry_after(1, counts(1, 0), 0), 120);
        assert_eq!(retry_after(1, counts(1, 0), 59_000), 61);
        // Waiting for the previous minute to fade within the current one.
        assert_eq!(retry_after(5, counts(2, 6), 0), 40, "3 + 6 x 20/60 = 5");
    }

    #[test]
    fn waiting_as_told_always_lets_the_next_attempt_in() {
        for limit in 1..8u32 {
            for current in 1..20i64 {
                for previous in 0..20i64 {
                    for elapsed in (0..WINDOW_MS).step_by(3_700) {
                        let c = counts(current, previous);
                        if allows(limit, c, elapsed) {
                            continue;
                        }
                        let wait = retry_after(limit, c, elapsed);
                        assert!((1..=120).contains(&wait));
                        let at = elapsed + wait as i64 * 1000;
                        let (then, e) = if at < WINDOW_MS {
                            (counts(current + 1, previous), at)
                        } else if at < 2 * WINDOW_MS {
                            (counts(1, current), at - WINDOW_MS)
                        } else {
                            (counts(1, 0), at - 2 * WINDOW_MS)
                        };
                        assert!(
                            allows(limit, then, e),
                            "{limit} {c:?} {elapsed} wait {wait}"
                        );
                    }
                }
            }
        }
    }
}
