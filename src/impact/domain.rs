//! Pure rules of the impact dashboard: the figures of a period, the year asked for, and the
//! geometry of the bar charts the pages draw as SVG (scales with round ticks, bars, labels,
//! mirrored for right-to-left languages).

use crate::money::Cents;
use serde::Serialize;
use utoipa::ToSchema;

/// The years a dashboard can be asked for.
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;

/// The year of `?year=`: four digits between [`MIN_YEAR`] and [`MAX_YEAR`]; `default` when absent.
pub fn parse_year(raw: Option<&str>, default: i32) -> Result<i32, crate::error::FieldError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(default);
    };
    match raw.parse::<i32>() {
        Ok(y) if (MIN_YEAR..=MAX_YEAR).contains(&y) => Ok(y),
        _ => Err(crate::error::FieldError::new("year-between")
            .with("min", MIN_YEAR)
            .with("max", MAX_YEAR)),
    }
}

/// What a partnership (or the network) achieved in a period. Money in euro cents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Figures {
    /// The producers' share of what members paid (ledger kind `producer`, refunds deducted):
    /// what they earned, owed to them until it is paid out. (Before payouts were recorded
    /// this field was called "paid to producers"; it keeps its name and value, and what reached
    /// them is now `producers_paid_cents`.)
    #[schema(value_type = i64)]
    pub producers_cents: Cents,
    /// Paid out to producers by bank transfer (ledger kind `producer_paid`, as a positive sum):
    /// the money that reached them.
    #[schema(value_type = i64)]
    pub producers_paid_cents: Cents,
    /// Their share less what was paid out (for a single month it may be negative: shares of
    /// earlier months paid then).
    #[schema(value_type = i64)]
    pub producers_owed_cents: Cents,
    /// Paid to hosts and local services of stays (ledger kind `other`).
    #[schema(value_type = i64)]
    pub hosts_cents: Cents,
    /// Fed into the community fund (ledger kind `community_fund`, refunds deducted).
    #[schema(value_type = i64)]
    pub fund_collected_cents: Cents,
    /// Paid out of the community fund to projects (ledger kind `fund_disbursed`, as a positive sum).
    #[schema(value_type = i64)]
    pub fund_disbursed_cents: Cents,
    /// Collected minus disbursed.
    #[schema(value_type = i64)]
    pub fund_balance_cents: Cents,
    /// Collective orders closed in the period (not cancelled).
    pub campaigns: i64,
    /// Distinct households with a share in those orders.
    pub households: i64,
    /// Departures that started in the period with at least one confirmed booking.
    pub stays: i64,
    /// Places of the confirmed bookings of those departures.
    pub travellers: i64,
    pub practice_sheets: i64,
    pub support_requests: i64,
}

impl Figures {
    /// Adds sums of ledger amounts (disbursements and payouts are negative amounts in the
    /// ledger).
    pub fn add_ledger(
        &mut self,
        producers: Cents,
        hosts: Cents,
        fund_in: Cents,
        fund_out_signed: Cents,
    ) {
        self.producers_cents += producers;
        self.producers_owed_cents = self.producers_cents - self.producers_paid_cents;
        self.hosts_cents += hosts;
        self.fund_collected_cents += fund_in;
        self.fund_disbursed_cents -= fund_out_signed;
        self.fund_balance_cents = self.fund_collected_cents - self.fund_disbursed_cents;
    }

    /// Adds what was paid out to producers (a negative ledger sum).
    pub fn add_producers_paid(&mut self, paid_signed: Cents) {
        self.producers_paid_cents -= paid_signed;
        self.producers_owed_cents = self.producers_cents - self.producers_paid_cents;
    }

    /// Adds every additive figure of `o` (households are distinct people, not added up).
    pub fn add(&mut self, o: &Figures) {
        self.add_producers_paid(-o.producers_paid_cents);
        self.add_ledger(
            o.producers_cents,
            o.hosts_cents,
            o.fund_collected_cents,
            -o.fund_disbursed_cents,
        );
        self.campaigns += o.campaigns;
        self.stays += o.stays;
        self.travellers += o.travellers;
        self.practice_sheets += o.practice_sheets;
        self.support_requests += o.support_requests;
    }
}

/// `YYYY-MM` keys of the twelve months of `year`.
pub fn months_of(year: i32) -> Vec<String> {
    (1..=12).map(|m| format!("{year:04}-{m:02}")).collect()
}

/// The year of a `YYYY-MM` (or `YYYY`) key.
pub fn year_of(period: &str) -> Option<i32> {
    period.get(..4)?.parse().ok()
}

/// A round step for an axis: 1, 2 or 5 times a power of ten, at least `min_step`, so that
/// `span` takes about `target` steps.
pub fn nice_step(span: i64, target: i64, min_step: i64) -> i64 {
    let raw = (span.max(1) as f64) / (target.max(1) as f64);
    let mut pow: i128 = 1;
    loop {
        for m in [1i128, 2, 5] {
            let c = m * pow;
            if c >= i128::from(min_step.max(1)) && c as f64 >= raw {
                return i64::try_from(c).unwrap_or(i64::MAX);
            }
        }
        pow *= 10;
    }
}

/// The value scale of a chart: from `lo` to `hi` (both multiples of `step`, zero included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub lo: i64,
    pub hi: i64,
    pub step: i64,
}

impl Scale {
    pub fn fit(values: impl Iterator<Item = i64>, min_step: i64) -> Scale {
        let (mut lo, mut hi) = (0i64, 0i64);
        for v in values {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if lo == hi {
            hi = min_step.max(1) * 4;
        }
        let step = nice_step(hi.saturating_sub(lo), 5, min_step);
        Scale {
            lo: lo.div_euclid(step) * step,
            hi: (hi.saturating_add(step - 1)).div_euclid(step) * step,
            step,
        }
    }

    pub fn ticks(&self) -> Vec<i64> {
        let mut out = Vec::new();
        let mut v = self.lo;
        while v <= self.hi {
            out.push(v);
            v += self.step;
        }
        out
    }
}

/// A rectangle in SVG user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// One bar: series `series`, category `category`.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub category: usize,
    pub series: usize,
    pub value: i64,
    pub rect: Rect,
}

/// A horizontal line and its label on the value axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub value: i64,
    pub y: f64,
}

/// Where a category's label goes.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryLabel {
    pub category: usize,
    pub x: f64,
}

/// A grouped bar chart laid out: one group of bars per category, one bar per series.
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    pub width: f64,
    pub height: f64,
    pub plot: Rect,
    pub scale: Scale,
    /// Where the value zero is.
    pub baseline: f64,
    pub ticks: Vec<Tick>,
    pub bars: Vec<Bar>,
    pub labels: Vec<CategoryLabel>,
    /// Right to left: the first category on the right, the value axis on the right.
    pub rtl: bool,
    /// x of the value labels, and whether they are anchored at their end (left-to-right) or start.
    pub tick_label_x: f64,
    pub tick_label_anchor: &'static str,
    /// y of the category labels.
    pub label_y: f64,
}

pub const CHART_WIDTH: f64 = 640.0;
pub const CHART_HEIGHT: f64 = 280.0;
const AXIS_MARGIN: f64 = 70.0;
const FAR_MARGIN: f64 = 12.0;
const TOP_MARGIN: f64 = 14.0;
const BOTTOM_MARGIN: f64 = 34.0;

impl BarChart {
    /// Lays out `series[s][c]` (the value of series `s` in category `c`); `min_step` is the
    /// smallest tick step (100 cents for money, 1 for counts).
    pub fn layout(series: &[Vec<i64>], categories: usize, min_step: i64, rtl: bool) -> BarChart {
        let plot = Rect {
            x: if rtl { FAR_MARGIN } else { AXIS_MARGIN },
            y: TOP_MARGIN,
            w: CHART_WIDTH - AXIS_MARGIN - FAR_MARGIN,
            h: CHART_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN,
        };
        let scale = Scale::fit(
            series
                .iter()
                .flat_map(|s| s.iter().take(categories).copied()),
            min_step,
        );
        let span = (scale.hi - scale.lo) as f64;
        let y_of = |v: i64| plot.y + plot.h * ((scale.hi - v) as f64 / span);
        let baseline = y_of(0);
        let n = categories.max(1) as f64;
        let band = plot.w / n;
        let inner = band * 0.8;
        let per_series = series.len().max(1) as f64;
        let bar_w = inner / per_series;
        // Left to right, then mirrored inside the plot for right-to-left pages.
        let place = |x: f64, w: f64| {
            if rtl {
                plot.x + plot.right() - x - w
            } else {
                x
            }
        };
        let mut bars = Vec::new();
        for (s, values) in series.iter().enumerate() {
            for (c, &v) in values.iter().take(categories).enumerate() {
                let x = plot.x + c as f64 * band + band * 0.1 + s as f64 * bar_w;
                let (top, bottom) = (y_of(v.max(0)), y_of(v.min(0)));
                bars.push(Bar {
                    category: c,
                    series: s,
                    value: v,
                    rect: Rect {
                        x: place(x, bar_w),
                        y: top,
                        w: bar_w,
                        h: bottom - top,
                    },
                });
            }
        }
        let labels = (0..categories)
            .map(|c| CategoryLabel {
                category: c,
                x: place(plot.x + c as f64 * band, band) + band / 2.0,
            })
            .collect();
        let ticks = scale
            .ticks()
            .into_iter()
            .map(|v| Tick {
                value: v,
                y: y_of(v),
            })
            .collect();
        BarChart {
            width: CHART_WIDTH,
            height: CHART_HEIGHT,
            plot,
            scale,
            baseline,
            ticks,
            bars,
            labels,
            rtl,
            tick_label_x: if rtl {
                plot.right() + 6.0
            } else {
                plot.x - 6.0
            },
            tick_label_anchor: if rtl { "start" } else { "end" },
            label_y: plot.bottom() + 20.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn years_are_four_digits_in_range() {
        assert_eq!(parse_year(None, 2026), Ok(2026));
        assert_eq!(parse_year(Some(""), 2026), Ok(2026));
        assert_eq!(parse_year(Some("2024"), 2026), Ok(2024));
        assert!(parse_year(Some("abc"), 2026).is_err());
        assert!(parse_year(Some("99999"), 2026).is_err());
        assert!(parse_year(Some("1999"), 2026).is_err());
        assert!(parse_year(Some("-2024"), 2026).is_err());
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(10, 4, 1), 5);
        assert_eq!(nice_step(3, 4, 1), 1);
        assert_eq!(nice_step(1_234_567, 4, 100), 500_000);
        assert_eq!(nice_step(0, 4, 100), 100);
        assert_eq!(nice_step(90, 4, 100), 100);
    }

    #[test]
    fn the_scale_includes_zero_and_every_value() {
        let s = Scale::fit([120, 480, 75].into_iter(), 1);
        assert_eq!(
            s,
            Scale {
                lo: 0,
                hi: 500,
                step: 100
            }
        );
        assert_eq!(s.ticks(), vec![0, 100, 200, 300, 400, 500]);
        let s = Scale::fit([-30, 70].into_iter(), 1);
        assert!(s.lo <= -30 && s.hi >= 70 && s.lo % s.step == 0);
        let empty = Scale::fit(std::iter::empty(), 100);
        assert_eq!(
            empty,
            Scale {
                lo: 0,
                hi: 400,
                step: 100
            }
        );
    }

    #[test]
    fn balance_is_collected_minus_disbursed() {
        let mut f = Figures::default();
        f.add_ledger(Cents(1000), Cents(200), Cents(300), Cents(-120));
        assert_eq!(f.fund_disbursed_cents, Cents(120));
        assert_eq!(f.fund_balance_cents, Cents(180));
        let mut t = Figures::default();
        t.add(&f);
        t.add(&f);
        assert_eq!(t.fund_balance_cents, Cents(360));
        assert_eq!(t.producers_cents, Cents(2000));
        let mut p = Figures::default();
        p.add_ledger(Cents(1000), Cents(0), Cents(0), Cents(0));
        p.add_producers_paid(Cents(-700));
        assert_eq!(
            (p.producers_paid_cents, p.producers_owed_cents),
            (Cents(700), Cents(300))
        );
        t.add(&p);
        assert_eq!(
            (t.producers_paid_cents, t.producers_owed_cents),
            (Cents(700), Cents(2300))
        );
    }

    #[test]
    fn right_to_left_mirrors_the_categories() {
        let series = vec![vec![10, 20, 30]];
        let ltr = BarChart::layout(&series, 3, 1, false);
        let rtl = BarChart::layout(&series, 3, 1, true);
        assert!(ltr.bars[0].rect.x < ltr.bars[2].rect.x);
        assert!(rtl.bars[0].rect.x > rtl.bars[2].rect.x);
        assert!(rtl.labels[0].x > rtl.labels[2].x);
        assert_eq!(rtl.tick_label_anchor, "start");
        assert!(rtl.tick_label_x > rtl.plot.right());
        assert!(ltr.tick_label_x < ltr.plot.x);
    }

    proptest! {
        #[test]
        fn bars_stay_inside_the_plot_and_are_proportional(
            series in prop::collection::vec(prop::collection::vec(-1_000_000_000i64..1_000_000_000, 1..13), 1..5),
            rtl in any::<bool>(),
        ) {
            let categories = series.iter().map(Vec::len).min().unwrap_or(0);
            let chart = BarChart::layout(&series, categories, 100, rtl);
            let p = chart.plot;
            let eps = 1e-6;
            let per_unit = p.h / (chart.scale.hi - chart.scale.lo) as f64;
            for b in &chart.bars {
                let r = b.rect;
                prop_assert!(r.x >= p.x - eps && r.x + r.w <= p.right() + eps);
                prop_assert!(r.y >= p.y - eps && r.y + r.h <= p.bottom() + eps);
                prop_assert!(r.h >= 0.0);
                prop_assert!((r.h - b.value.unsigned_abs() as f64 * per_unit).abs() < 1e-6 * p.h);
                // Bars rise from the zero line (or hang from it).
                if b.value >= 0 {
                    prop_assert!((r.y + r.h - chart.baseline).abs() < eps);
                } else {
                    prop_assert!((r.y - chart.baseline).abs() < eps);
                }
            }
            prop_assert!(chart.scale.lo <= 0 && chart.scale.hi >= 0 && chart.scale.hi > chart.scale.lo);
            prop_assert!(chart.ticks.len() <= 12);
        }
    }
}
