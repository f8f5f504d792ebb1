//! The pure rules of stays: booking states, the price of a place and how it divides, deposits,
//! cancellation tiers and the refund they give.

use crate::money::Cents;
use entity::departure::{Policy, Tier};
use entity::payment_request::Purpose;
use serde::Serialize;

/// Payment requests of bookings carry these purposes (and the booking's id).
pub const DEPOSIT: Purpose = Purpose::BookingDeposit;
pub const BALANCE: Purpose = Purpose::BookingBalance;

/// The usual tiers: 60 days or more before the start the deposit is kept, 30 to 59 days half the
/// price, under 30 days all of it.
pub fn default_policy(deposit_bp: i32) -> Policy {
    Policy(vec![
        Tier {
            from_days: 60,
            keep_bp: deposit_bp,
        },
        Tier {
            from_days: 30,
            keep_bp: 5_000,
        },
        Tier {
            from_days: 0,
            keep_bp: 10_000,
        },
    ])
}

/// Checks a policy: days from 0 to 730, each tier later than the one before (fewer days) and
/// keeping at least as much, shares from 0 to 100%.
pub fn check_policy(p: &Policy) -> Result<(), &'static str> {
    if p.0.is_empty() || p.0.len() > 8 {
        return Err("policy-tiers");
    }
    for (i, t) in p.0.iter().enumerate() {
        if !(0..=730).contains(&t.from_days) || !(0..=10_000).contains(&t.keep_bp) {
            return Err("policy-range");
        }
        if i > 0 {
            let before = p.0[i - 1];
            if t.from_days >= before.from_days || t.keep_bp < before.keep_bp {
                return Err("policy-order");
            }
        }
    }
    Ok(())
}

/// The share of the price kept when the traveller cancels `days_before` days before the start.
/// Before the earliest tier nothing is kept; after the start everything is.
pub fn kept_bp(policy: &Policy, days_before: i64) -> i32 {
    if days_before < 0 {
        return 10_000;
    }
    policy
        .0
        .iter()
        .find(|t| days_before >= i64::from(t.from_days))
        .map(|t| t.keep_bp)
        .unwrap_or(0)
}

/// `bp` of `cents`, rounded half up.
pub fn share(cents: Cents, bp: i32) -> Cents {
    Cents((cents.get() * i64::from(bp) + 5_000) / 10_000)
}

/// What goes back to a traveller who cancels: what they paid beyond what the tier keeps. When
/// the host cancels (or the departure does not reach its minimum) everything goes back.
pub fn refund_on_cancel(
    total_cents: Cents,
    paid_cents: Cents,
    policy: &Policy,
    days_before: i64,
    by_host: bool,
) -> Cents {
    if by_host {
        return paid_cents.max(Cents::ZERO);
    }
    let keep = share(total_cents, kept_bp(policy, days_before));
    paid_cents.saturating_sub(keep)
}

/// The deposit asked at booking: `deposit_bp` of the total, or the whole when there is no
/// deposit (0 or 100%) or the balance would already be due.
pub fn deposit(total_cents: Cents, deposit_bp: i32, balance_already_due: bool) -> Cents {
    if deposit_bp <= 0 || deposit_bp >= 10_000 || balance_already_due {
        total_cents
    } else {
        share(total_cents, deposit_bp).clamp(Cents(1), total_cents)
    }
}

/// How the price of one place divides, to the cent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Breakdown {
    #[schema(value_type = i64)]
    pub price_cents: Cents,
    /// Hosts and local services (lodging, meals, guides) in the territory.
    #[schema(value_type = i64)]
    pub hosts_cents: Cents,
    #[schema(value_type = i64)]
    pub transport_cents: Cents,
    #[schema(value_type = i64)]
    pub organisation_cents: Cents,
    #[schema(value_type = i64)]
    pub community_fund_cents: Cents,
}

/// The parts of a price: the community fund and organisation shares of the price, transport as
/// given, the hosts the rest. None when the parts exceed the price.
pub fn breakdown(
    price_cents: Cents,
    community_share_bp: i32,
    transport_cents: Cents,
    organisation_bp: i32,
) -> Option<Breakdown> {
    let fund = share(price_cents, community_share_bp);
    let organisation = share(price_cents, organisation_bp);
    let hosts = price_cents - fund - organisation - transport_cents;
    (hosts >= Cents::ZERO && transport_cents >= Cents::ZERO).then_some(Breakdown {
        price_cents,
        hosts_cents: hosts,
        transport_cents,
        organisation_cents: organisation,
        community_fund_cents: fund,
    })
}

/// Which days before the start a tier covers, worded without overlap: "60 days or more",
/// "30–59 days", "under 30 days".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "span", rename_all = "snake_case")]
pub enum Span {
    /// `days` days or more before the start.
    AtLeast { days: i32 },
    /// From `from` to `to` days before the start, both included.
    Between { from: i32, to: i32 },
    /// Fewer than `days` days before the start (down to the first day).
    Under { days: i32 },
}

/// The tiers of a policy as spans that cover every day before the start once, each with the
/// share kept (`keep_bp`). Days below the last tier keep nothing (the rule of [`kept_bp`]): that
/// span is listed too, so the page says what the rule does.
pub fn spans(policy: &Policy) -> Vec<(Span, i32)> {
    let mut out = Vec::new();
    let tiers = &policy.0;
    for (i, t) in tiers.iter().enumerate() {
        let span = match i {
            0 => Span::AtLeast { days: t.from_days },
            _ => {
                let before = tiers[i - 1].from_days;
                if t.from_days == 0 {
                    Span::Under { days: before }
                } else if t.from_days == before - 1 {
                    Span::Between {
                        from: t.from_days,
                        to: t.from_days,
                    }
                } else {
                    Span::Between {
                        from: t.from_days,
                        to: before - 1,
                    }
                }
            }
        };
        out.push((span, t.keep_bp));
    }
    if let Some(last) = tiers.last()
        && last.from_days > 0
    {
        out.push((
            Span::Under {
                days: last.from_days,
            },
            0,
        ));
    }
    out
}

/// A language spoken on a stay, by its own name (`ar` -> العربية); unknown codes as given.
pub fn language_name(code: &str) -> &str {
    match code {
        "fr" => "Français",
        "ar" => "العربية",
        "en" => "English",
        "nl" => "Nederlands",
        "ber" | "zgh" | "tzm" => "Tamaziɣt",
        "shi" => "Taclḥit",
        "rif" => "Tarifit",
        "kab" => "Taqbaylit",
        "es" => "Español",
        "de" => "Deutsch",
        "it" => "Italiano",
        "pt" => "Português",
        "tr" => "Türkçe",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refund_tiers_at_their_boundaries() {
        let p = default_policy(3_000);
        // 1,000.00 € paid in full.
        assert_eq!(
            refund_on_cancel(Cents(100_000), Cents(100_000), &p, 90, false),
            Cents(70_000)
        );
        assert_eq!(
            refund_on_cancel(Cents(100_000), Cents(100_000), &p, 60, false),
            Cents(70_000)
        );
        assert_eq!(
            refund_on_cancel(Cents(100_000), Cents(100_000), &p, 59, false),
            Cents(50_000)
        );
        assert_eq!(
            refund_on_cancel(Cents(100_000), Cents(100_000), &p, 30, false),
            Cents(50_000)
        );
        assert_eq!(
            refund_on_cancel(Cents(100_000), Cents(100_000), &p, 29, false),
            Cents(0)
        );
        assert_eq!(
            refund_on_cancel(Cents(100_000), Cents(100_000), &p, 0, false),
            Cents(0)
        );
        assert_eq!(
            refund_on_cancel(Cents(100_000), Cents(100_000), &p, -1, false),
            Cents(0)
        );
        // Only the deposit paid, cancelled early: the deposit is kept, nothing to refund.
        assert_eq!(
            refund_on_cancel(Cents(100_000), Cents(30_000), &p, 90, false),
            Cents(0)
        );
        // The host cancels: everything paid goes back.
        assert_eq!(
            refund_on_cancel(Cents(100_000), Cents(30_000), &p, 5, true),
            Cents(30_000)
        );
    }

    #[test]
    fn policies_must_go_from_early_to_late_and_keep_more() {
        assert!(check_policy(&default_policy(3_000)).is_ok());
        let bad = Policy(vec![
            Tier {
                from_days: 30,
                keep_bp: 5_000,
            },
            Tier {
                from_days: 60,
                keep_bp: 3_000,
            },
        ]);
        assert_eq!(check_policy(&bad), Err("policy-order"));
        let over = Policy(vec![Tier {
            from_days: 0,
            keep_bp: 10_001,
        }]);
        assert_eq!(check_policy(&over), Err("policy-range"));
    }

    #[test]
    fn a_price_divides_to_the_cent() {
        // 640.00 € with 5% to the fund, 8% organisation, 180.00 € of transport.
        let b = breakdown(Cents(64_000), 500, Cents(18_000), 800).unwrap();
        assert_eq!(b.community_fund_cents, Cents(3_200));
        assert_eq!(b.organisation_cents, Cents(5_120));
        assert_eq!(b.hosts_cents, Cents(64_000 - 3_200 - 5_120 - 18_000));
        assert!(
            breakdown(Cents(10_000), 5_000, Cents(6_000), 0).is_none(),
            "parts above the price"
        );
        assert_eq!(deposit(Cents(64_000), 3_000, false), Cents(19_200));
        assert_eq!(deposit(Cents(64_000), 3_000, true), Cents(64_000));
        assert_eq!(deposit(Cents(64_000), 0, false), Cents(64_000));
    }

    #[test]
    fn tiers_are_worded_without_overlap() {
        let usual = spans(&default_policy(3_000));
        assert_eq!(
            usual,
            vec![
                (Span::AtLeast { days: 60 }, 3_000),
                (Span::Between { from: 30, to: 59 }, 5_000),
                (Span::Under { days: 30 }, 10_000),
            ]
        );
        // Every day is covered by exactly one span, and it keeps what the refund rule keeps.
        for days in 0..120i64 {
            let covering: Vec<i32> = usual
                .iter()
                .filter(|(s, _)| match *s {
                    Span::AtLeast { days: d } => days >= i64::from(d),
                    Span::Between { from, to } => (i64::from(from)..=i64::from(to)).contains(&days),
                    Span::Under { days: d } => days < i64::from(d),
                })
                .map(|(_, keep)| *keep)
                .collect();
            assert_eq!(
                covering,
                vec![kept_bp(&default_policy(3_000), days)],
                "{days}"
            );
        }
        // A policy whose last tier is not the start: the days after it keep nothing, and say so.
        let short = Policy(vec![Tier {
            from_days: 14,
            keep_bp: 2_000,
        }]);
        assert_eq!(
            spans(&short),
            vec![
                (Span::AtLeast { days: 14 }, 2_000),
                (Span::Under { days: 14 }, 0)
            ]
        );
        assert_eq!(language_name("ar"), "العربية");
        assert_eq!(language_name("xx"), "xx");
    }

    proptest! {
        #[test]
        fn a_refund_never_exceeds_what_was_paid(total in 1i64..10_000_000, paid_bp in 0i32..=10_000, days in -10i64..400, deposit_bp in 0i32..=10_000, host in any::<bool>()) {
            let total = Cents(total);
            let paid = share(total, paid_bp);
            let r = refund_on_cancel(total, paid, &default_policy(deposit_bp.min(5_000)), days, host);
            prop_assert!(r >= Cents::ZERO && r <= paid);
            if host { prop_assert_eq!(r, paid); }
        }

        #[test]
        fn breakdown_parts_add_up(price in 1i64..10_000_000, fund in 0i32..=3_000, org in 0i32..=3_000, transport_bp in 0i32..=3_000) {
            let price = Cents(price);
            let transport = share(price, transport_bp);
            let b = breakdown(price, fund, transport, org).unwrap();
            prop_assert_eq!(b.hosts_cents + b.transport_cents + b.organisation_cents + b.community_fund_cents, price);
        }
    }
}
