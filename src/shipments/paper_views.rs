//! Page structs and CSV rows of a shipment's commercial invoice and packing list.

use chrono::NaiveDate;
use serde::Serialize;

use super::documents::Document;
use super::views::{LoadRow, ProducerRows, load_rows};
use crate::web::csv::{decimal, heads};
use crate::web::i18n::{Lang, translate};

/// Which of the two papers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheet {
    Invoice,
    PackingList,
}

impl Sheet {
    /// Its URL segment and file name.
    pub fn slug(self) -> &'static str {
        match self {
            Sheet::Invoice => "invoice",
            Sheet::PackingList => "packing-list",
        }
    }

    fn title_key(self) -> &'static str {
        match self {
            Sheet::Invoice => "shipment-paper-commercial-invoice",
            Sheet::PackingList => "shipment-paper-packing-list",
        }
    }
}

/// The language a paper is printed in: French or English, French for any other.
pub fn paper_lang(lang: Lang) -> Lang {
    if lang == Lang::En { Lang::En } else { Lang::Fr }
}

#[derive(Serialize)]
pub struct ExporterView {
    pub name: String,
    pub place: String,
    pub region: String,
    pub country: String,
    pub odco_number: Option<String>,
    pub approved_exporter_number: Option<String>,
    /// The origin declaration printed on the invoice, when it declares there.
    pub declaration: Option<String>,
}

#[derive(Serialize)]
pub struct ConsigneeView {
    pub name: String,
    pub address: String,
}

/// `shipments/paper.html.tera`: the invoice or the packing list, for printing.
#[derive(Serialize)]
pub struct PaperView {
    pub id: i64,
    pub invoice: bool,
    pub title_key: &'static str,
    pub slug: &'static str,
    pub reference: String,
    pub issued_on: NaiveDate,
    pub lang: &'static str,
    /// The other language the paper is printed in.
    pub other_lang: &'static str,
    pub origin: String,
    pub carrier: String,
    pub exporters: Vec<ExporterView>,
    pub consignees: Vec<ConsigneeView>,
    pub partnership_name: String,
    pub belgian_place: String,
    pub producers: Vec<ProducerRows>,
    pub totals: LoadRow,
    /// The pallets or parcels, on the packing list while the plan holds the contents.
    pub packing: Option<super::packing_pages::PlanView>,
}

/// The preferential origin an exporter's country gives ("marocaine", "Moroccan").
fn origin_of(lang: Lang, country: &str) -> String {
    match country {
        "MA" | "TN" => translate(
            lang,
            &format!("shipment-origin-{}", country.to_lowercase()),
            &[],
        ),
        other => other.to_owned(),
    }
}

impl PaperView {
    pub fn new(lang: Lang, sheet: Sheet, d: &Document, issued_on: NaiveDate) -> PaperView {
        let (producers, totals) = load_rows(lang, &d.detail);
        let exporters = d
            .exporters
            .iter()
            .map(|e| {
                let (place, region, country) = e
                    .territory
                    .as_ref()
                    .map(|t| (t.name.clone(), t.region.clone(), t.country.clone()))
                    .unwrap_or_default();
                let declaration = (e.declares && sheet == Sheet::Invoice).then(|| {
                    let number = e
                        .producer
                        .approved_exporter_number
                        .as_deref()
                        .unwrap_or("…");
                    translate(
                        lang,
                        "shipment-origin-declaration-text",
                        &[("number", number), ("origin", &origin_of(lang, &country))],
                    )
                });
                ExporterView {
                    name: e.producer.name.clone(),
                    place,
                    region,
                    country,
                    odco_number: e.producer.odco_number.clone(),
                    approved_exporter_number: e.producer.approved_exporter_number.clone(),
                    declaration,
                }
            })
            .collect();
        PaperView {
            id: d.shipment.row.id.get(),
            invoice: sheet == Sheet::Invoice,
            title_key: sheet.title_key(),
            slug: sheet.slug(),
            reference: d.shipment.reference.clone(),
            issued_on,
            lang: lang.code(),
            other_lang: if lang == Lang::En { "fr" } else { "en" },
            origin: d.shipment.row.origin.clone(),
            carrier: d.shipment.row.carrier.clone(),
            exporters,
            consignees: d
                .consignees
                .iter()
                .map(|c| ConsigneeView {
                    name: c.group.name.clone(),
                    address: c
                        .pickup
                        .as_ref()
                        .map(|p| format!("{}, {}", p.name, p.address))
                        .unwrap_or_default(),
                })
                .collect(),
            partnership_name: d.partnership.name.clone(),
            belgian_place: d
                .belgian_territory
                .as_ref()
                .map(|t| format!("{} ({})", t.name, t.country))
                .unwrap_or_default(),
            producers,
            totals,
            packing: (sheet == Sheet::PackingList && d.plan.matches)
                .then(|| super::packing_pages::PlanView::new(lang, &d.plan, &d.detail, false)),
        }
    }
}

/// Kilograms to the gram as Belgian spreadsheets read them: `10,800`.
fn kg_cell(grams: i64) -> String {
    let sign = if grams < 0 { "-" } else { "" };
    format!("{sign}{},{:03}", grams.abs() / 1000, grams.abs() % 1000)
}

/// The CSV rows of the invoice or the packing list: one per producer and product, a subtotal
/// per producer and the total; the value column on the invoice only.
pub fn csv_rows(lang: Lang, sheet: Sheet, d: &Document) -> Vec<Vec<String>> {
    let mut keys = vec![
        "shipment-exporter",
        "shipment-hs-code",
        "shipment-description",
        "shipment-units",
        "shipment-cases",
        "shipment-net-kg",
        "shipment-gross-kg",
    ];
    if sheet == Sheet::Invoice {
        keys.push("shipment-value-eur");
    }
    let mut rows = vec![heads(lang, &keys)];
    let row = |exporter: &str, hs: &str, name: &str, l: &super::domain::Load| {
        let mut r = vec![
            exporter.to_owned(),
            hs.to_owned(),
            name.to_owned(),
            l.units.to_string(),
            l.cases.to_string(),
            kg_cell(l.net_grams),
            kg_cell(l.gross_grams),
        ];
        if sheet == Sheet::Invoice {
            r.push(decimal(l.value_cents));
        }
        r
    };
    let total_of = translate(lang, "shipment-total", &[]);
    for pl in &d.detail.contents.producers {
        let exporter = d
            .detail
            .producers
            .get(&pl.producer_id)
            .cloned()
            .unwrap_or_default();
        for x in &pl.products {
            rows.push(row(
                &exporter,
                x.hs_code.as_deref().unwrap_or(""),
                &x.name,
                &x.load,
            ));
        }
        rows.push(row(&exporter, "", &total_of, &pl.totals));
    }
    rows.push(row("", "", &total_of, &d.detail.contents.totals));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn papers_are_printed_in_french_or_english_and_weights_read_as_numbers() {
        assert_eq!(paper_lang(Lang::En), Lang::En);
        assert_eq!(paper_lang(Lang::Nl), Lang::Fr);
        assert_eq!(paper_lang(Lang::Ar), Lang::Fr);
        assert_eq!(kg_cell(10_800), "10,800");
        assert_eq!(kg_cell(1_234_567), "1234,567");
        assert_eq!(kg_cell(7), "0,007");
    }
}
