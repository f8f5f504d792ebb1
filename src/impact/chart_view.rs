//! A chart of the impact dashboard as the page draws it: bars laid out by
//! [`super::domain`], their legend and ticks, and the same figures as a table.

use serde::Serialize;

use super::domain::BarChart;
use super::service::Row;
use super::views::{Measure, f1, group, period_label, short_euros};
use crate::web::i18n::{Lang, translate};

#[derive(Serialize)]
pub struct LegendItem {
    pub class: String,
    pub label: String,
}

#[derive(Serialize)]
pub struct TickView {
    pub y: String,
    pub label: String,
}

#[derive(Serialize)]
pub struct BarView {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    pub class: String,
    pub period: String,
    /// Read out on hover and by screen readers that enter the chart.
    pub title: String,
}

#[derive(Serialize)]
pub struct LabelView {
    pub x: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct TableRow {
    pub period: String,
    pub cells: Vec<String>,
}

#[derive(Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub width: String,
    pub height: String,
    pub legend: Vec<LegendItem>,
    /// The plot's edges and the zero line.
    pub left: String,
    pub right: String,
    pub top: String,
    pub bottom: String,
    pub baseline: String,
    /// The value axis: on the left, or on the right for right-to-left pages.
    pub axis_x: String,
    pub tick_label_x: String,
    pub tick_label_anchor: &'static str,
    pub ticks: Vec<TickView>,
    pub label_y: String,
    pub labels: Vec<LabelView>,
    pub bars: Vec<BarView>,
    pub heads: Vec<String>,
    pub rows: Vec<TableRow>,
}

pub(super) fn chart(
    lang: Lang,
    id: &str,
    chart_key: &str,
    measures: &[Measure],
    rows: &[Row],
    span: &str,
) -> ChartView {
    let series: Vec<Vec<i64>> = measures
        .iter()
        .map(|m| rows.iter().map(|r| m.of(&r.figures)).collect())
        .collect();
    let money = measures.first().is_some_and(|m| m.is_money());
    let laid = BarChart::layout(
        &series,
        rows.len(),
        if money { 100 } else { 1 },
        lang == Lang::Ar,
    );
    let names: Vec<String> = measures
        .iter()
        .map(|m| translate(lang, &format!("impact-{}", m.key()), &[]))
        .collect();
    let title = translate(
        lang,
        &format!("impact-chart-{chart_key}"),
        &[("span", span)],
    );
    let desc = translate(
        lang,
        "impact-chart-desc",
        &[("series", &names.join(", ")), ("span", span)],
    );
    let bars = laid
        .bars
        .iter()
        .map(|b| {
            let m = measures[b.series];
            let period = &rows[b.category].period;
            BarView {
                x: f1(b.rect.x),
                y: f1(b.rect.y),
                w: f1(b.rect.w),
                h: f1(b.rect.h),
                class: format!("bar s-{}", m.key()),
                period: period.clone(),
                title: format!(
                    "{}, {}: {}",
                    period_label(lang, period, false),
                    names[b.series],
                    m.show(b.value)
                ),
            }
        })
        .collect();
    ChartView {
        id: id.to_owned(),
        title,
        desc,
        width: f1(laid.width),
        height: f1(laid.height),
        legend: measures
            .iter()
            .zip(&names)
            .map(|(m, n)| LegendItem {
                class: format!("s-{}", m.key()),
                label: n.clone(),
            })
            .collect(),
        left: f1(laid.plot.x),
        right: f1(laid.plot.right()),
        top: f1(laid.plot.y),
        bottom: f1(laid.plot.bottom()),
        baseline: f1(laid.baseline),
        axis_x: f1(if laid.rtl {
            laid.plot.right()
        } else {
            laid.plot.x
        }),
        tick_label_x: f1(laid.tick_label_x),
        tick_label_anchor: laid.tick_label_anchor,
        ticks: laid
            .ticks
            .iter()
            .map(|t| TickView {
                y: f1(t.y),
                label: if money {
                    short_euros(t.value)
                } else {
                    group(t.value)
                },
            })
            .collect(),
        label_y: f1(laid.label_y),
        labels: laid
            .labels
            .iter()
            .map(|l| LabelView {
                x: f1(l.x),
                text: period_label(lang, &rows[l.category].period, true),
            })
            .collect(),
        bars,
        heads: names,
        rows: rows
            .iter()
            .map(|r| TableRow {
                period: period_label(lang, &r.period, false),
                cells: measures.iter().map(|m| m.show(m.of(&r.figures))).collect(),
            })
            .collect(),
    }
}
