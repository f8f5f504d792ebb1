//! Page data of the impact dashboard: key figures, charts laid out by [`super::domain`] and
//! their tables, the partnerships of the network, links to the other years and exports.

use serde::Serialize;

pub use super::chart_view::ChartView;
use super::chart_view::chart;
use super::domain::Figures;
use super::service::Dashboard;
use crate::money::Cents;
use crate::web::i18n::{Lang, translate};

/// A figure shown in a chart or a table column.
#[derive(Clone, Copy)]
pub enum Measure {
    Producers,
    ProducersPaid,
    ProducersOwed,
    Hosts,
    FundCollected,
    FundDisbursed,
    FundBalance,
    Campaigns,
    Households,
    Stays,
    Travellers,
    PracticeSheets,
    SupportRequests,
}

impl Measure {
    /// In the order of the CSV's columns (the payouts' columns came last).
    pub const ALL: [Measure; 13] = [
        Measure::Producers,
        Measure::Hosts,
        Measure::FundCollected,
        Measure::FundDisbursed,
        Measure::FundBalance,
        Measure::Campaigns,
        Measure::Households,
        Measure::Stays,
        Measure::Travellers,
        Measure::PracticeSheets,
        Measure::SupportRequests,
        Measure::ProducersPaid,
        Measure::ProducersOwed,
    ];

    /// In the order of the key figures: what reached producers (and what is still owed to
    /// them, the last two of [`Measure::ALL`]) first, then the others.
    pub fn key_order() -> impl Iterator<Item = Measure> {
        let (others, producers) = Measure::ALL.split_at(Measure::ALL.len() - 2);
        producers.iter().chain(others).copied()
    }

    /// The key of its label (`impact-<key>`), CSS class (`s-<key>`) and CSV column.
    pub fn key(self) -> &'static str {
        match self {
            Measure::Producers => "producers",
            Measure::ProducersPaid => "producers-paid",
            Measure::ProducersOwed => "producers-owed",
            Measure::Hosts => "hosts",
            Measure::FundCollected => "fund-collected",
            Measure::FundDisbursed => "fund-disbursed",
            Measure::FundBalance => "fund-balance",
            Measure::Campaigns => "campaigns",
            Measure::Households => "households",
            Measure::Stays => "stays",
            Measure::Travellers => "travellers",
            Measure::PracticeSheets => "practice-sheets",
            Measure::SupportRequests => "support-requests",
        }
    }

    pub fn is_money(self) -> bool {
        matches!(
            self,
            Measure::Producers
                | Measure::ProducersPaid
                | Measure::ProducersOwed
                | Measure::Hosts
                | Measure::FundCollected
                | Measure::FundDisbursed
                | Measure::FundBalance
        )
    }

    pub fn of(self, f: &Figures) -> i64 {
        match self {
            Measure::Producers => f.producers_cents.get(),
            Measure::ProducersPaid => f.producers_paid_cents.get(),
            Measure::ProducersOwed => f.producers_owed_cents.get(),
            Measure::Hosts => f.hosts_cents.get(),
            Measure::FundCollected => f.fund_collected_cents.get(),
            Measure::FundDisbursed => f.fund_disbursed_cents.get(),
            Measure::FundBalance => f.fund_balance_cents.get(),
            Measure::Campaigns => f.campaigns,
            Measure::Households => f.households,
            Measure::Stays => f.stays,
            Measure::Travellers => f.travellers,
            Measure::PracticeSheets => f.practice_sheets,
            Measure::SupportRequests => f.support_requests,
        }
    }

    /// The value as a reader sees it: euros with cents, or a whole number.
    pub fn show(self, v: i64) -> String {
        if self.is_money() {
            Cents(v).euros()
        } else {
            group(v)
        }
    }
}

/// The charts of a period: money, people, activity.
const CHARTS: [(&str, &[Measure]); 3] = [
    (
        "money",
        &[
            Measure::Producers,
            Measure::ProducersPaid,
            Measure::Hosts,
            Measure::FundCollected,
            Measure::FundDisbursed,
        ],
    ),
    ("people", &[Measure::Households, Measure::Travellers]),
    (
        "activity",
        &[
            Measure::Campaigns,
            Measure::Stays,
            Measure::PracticeSheets,
            Measure::SupportRequests,
        ],
    ),
];

/// Digits grouped by thousands with narrow no-break spaces.
pub(super) fn group(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    if v < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

/// A short axis label for euro cents: `900 €`, `250 k€`, `1,5 M€`.
pub(super) fn short_euros(cents: i64) -> String {
    let euros = cents / 100;
    let abs = euros.unsigned_abs();
    if abs >= 1_000_000 {
        let tenths = (euros as f64 / 100_000.0).round() as i64;
        let (whole, frac) = (tenths / 10, (tenths % 10).abs());
        if frac == 0 {
            format!("{}\u{00A0}M€", group(whole))
        } else {
            format!("{},{frac}\u{00A0}M€", group(whole))
        }
    } else if abs >= 10_000 {
        format!("{}\u{00A0}k€", group(euros / 1000))
    } else {
        format!("{}\u{00A0}€", group(euros))
    }
}

pub(super) fn f1(v: f64) -> String {
    format!("{v:.1}")
}

/// The label of a period: `2026`, or the month's name (short for an axis).
pub(super) fn period_label(lang: Lang, period: &str, short: bool) -> String {
    match period.split_once('-') {
        Some((y, m)) => {
            let m = m.trim_start_matches('0');
            let name = translate(
                lang,
                &format!("impact-month-{}{m}", if short { "short-" } else { "" }),
                &[],
            );
            if short { name } else { format!("{name} {y}") }
        }
        None => period.to_owned(),
    }
}

#[derive(Serialize)]
pub struct KeyFigure {
    pub class: String,
    pub label: String,
    pub value: String,
}

#[derive(Serialize)]
pub struct YearLink {
    pub year: i32,
    pub href: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct PartnershipRow {
    pub slug: String,
    pub name: String,
    pub cells: Vec<String>,
}

#[derive(Serialize)]
pub struct ImpactView {
    pub title: String,
    pub partnership: Option<(String, String)>,
    pub year: i32,
    pub path: String,
    pub years: Vec<YearLink>,
    pub totals: Vec<KeyFigure>,
    pub year_figures: Vec<KeyFigure>,
    pub month_charts: Vec<ChartView>,
    pub year_charts: Vec<ChartView>,
    pub partnership_heads: Vec<String>,
    pub partnerships: Vec<PartnershipRow>,
}

/// The columns of the network's table of partnerships.
const PARTNERSHIP_COLUMNS: [Measure; 7] = [
    Measure::Producers,
    Measure::ProducersPaid,
    Measure::FundCollected,
    Measure::FundDisbursed,
    Measure::FundBalance,
    Measure::Households,
    Measure::Travellers,
];

fn key_figures(lang: Lang, f: &Figures) -> Vec<KeyFigure> {
    Measure::key_order()
        .map(|m| KeyFigure {
            class: format!("s-{}", m.key()),
            label: translate(lang, &format!("impact-{}", m.key()), &[]),
            value: m.show(m.of(f)),
        })
        .collect()
}

impl ImpactView {
    pub fn new(lang: Lang, d: &Dashboard, current_year: i32) -> ImpactView {
        let path = match &d.partnership {
            Some(p) => format!("/partnerships/{}/impact", p.slug),
            None => "/impact".to_owned(),
        };
        let mut years: Vec<i32> = d
            .years
            .iter()
            .filter_map(|r| r.period.parse().ok())
            .chain([d.year, current_year])
            .collect();
        years.sort_unstable();
        years.dedup();
        let year_span = d.year.to_string();
        let all_years = match (d.years.first(), d.years.last()) {
            (Some(a), Some(b)) if a.period != b.period => format!("{}–{}", a.period, b.period),
            (Some(a), _) => a.period.clone(),
            _ => year_span.clone(),
        };
        let this_year = d
            .years
            .iter()
            .find(|r| r.period == format!("{:04}", d.year))
            .map(|r| r.figures)
            .unwrap_or_default();
        ImpactView {
            title: match &d.partnership {
                Some(p) => translate(lang, "impact-title-partnership", &[("name", &p.name)]),
                None => translate(lang, "impact-title-network", &[]),
            },
            partnership: d
                .partnership
                .as_ref()
                .map(|p| (p.slug.clone(), p.name.clone())),
            year: d.year,
            years: years
                .into_iter()
                .map(|y| YearLink {
                    year: y,
                    href: format!("{path}?year={y}"),
                    current: y == d.year,
                })
                .collect(),
            path,
            totals: key_figures(lang, &d.totals),
            year_figures: key_figures(lang, &this_year),
            month_charts: CHARTS
                .iter()
                .map(|(k, ms)| chart(lang, &format!("m-{k}"), k, ms, &d.months, &year_span))
                .collect(),
            year_charts: if d.years.is_empty() {
                Vec::new()
            } else {
                CHARTS
                    .iter()
                    .map(|(k, ms)| chart(lang, &format!("y-{k}"), k, ms, &d.years, &all_years))
                    .collect()
            },
            partnership_heads: PARTNERSHIP_COLUMNS
                .iter()
                .map(|m| translate(lang, &format!("impact-{}", m.key()), &[]))
                .collect(),
            partnerships: d
                .partnerships
                .iter()
                .map(|(p, f)| PartnershipRow {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                    cells: PARTNERSHIP_COLUMNS
                        .iter()
                        .map(|m| m.show(m.of(f)))
                        .collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_euros_are_short() {
        assert_eq!(short_euros(90_000), "900\u{a0}€");
        assert_eq!(short_euros(25_000_000), "250\u{a0}k€");
        assert_eq!(short_euros(150_000_000), "1,5\u{a0}M€");
        assert_eq!(short_euros(200_000_000), "2\u{a0}M€");
        assert_eq!(group(1_234_567), "1\u{202f}234\u{202f}567");
    }
}
