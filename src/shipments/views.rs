//! Page structs of the shipments' pages, one per template.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::shipment::ShipmentStep;
use serde::Serialize;

use entity::shipment_paper::{PaperKind, PaperStatus};

use super::contents::{Detail, Order};
use super::domain::{Load, step_name};
use super::input::{DelayForm, ShipmentForm, StepForm};
use super::logistics::PersonDto;
use super::paper_rules::{Paper, kind_name};
use super::service::ShipmentPage;
use crate::money::Cents;
use crate::web::format::number;
use crate::web::i18n::{Lang, translate};

/// A weight in kilograms to the gram, as people of `lang` write it ("10,800").
pub fn kg(lang: Lang, grams: i64) -> String {
    let point = if lang == Lang::En { '.' } else { ',' };
    format!("{}{point}{:03}", number(lang, grams / 1000), grams % 1000)
}

/// The label key of a step.
pub fn step_key(step: ShipmentStep) -> String {
    format!("shipment-step-{}", step_name(step).replace('_', "-"))
}

#[derive(Serialize)]
pub struct ShipmentRow {
    pub id: i64,
    pub reference: String,
    pub origin: String,
    pub carrier: String,
    pub expected_on: Option<NaiveDate>,
    pub step_key: String,
    pub orders: usize,
}

/// `shipments/index.html.tera`: a partnership's shipments and the form for a new one.
#[derive(Serialize)]
pub struct ShipmentsView {
    pub partnership_slug: String,
    pub partnership_name: String,
    pub shipments: Vec<ShipmentRow>,
    pub form: ShipmentForm,
    /// The partnership's rule for the real transport cost (weight or value; members or
    /// partnership).
    pub transport_basis: &'static str,
    pub transport_difference: &'static str,
    pub errors: BTreeMap<String, Vec<String>>,
    /// For its coordinators only.
    pub logistics: Option<LogisticsView>,
}

#[derive(Serialize)]
pub struct LoadRow {
    pub name: String,
    pub hs_code: Option<String>,
    pub units: i64,
    pub cases: i64,
    pub net_kg: String,
    pub gross_kg: String,
    pub value_cents: Cents,
    /// Of preferential origin (totals: true).
    pub originating: bool,
}

impl LoadRow {
    pub fn new(lang: Lang, name: String, hs_code: Option<String>, l: Load) -> LoadRow {
        LoadRow {
            name,
            hs_code,
            units: l.units,
            cases: l.cases,
            net_kg: kg(lang, l.net_grams),
            gross_kg: kg(lang, l.gross_grams),
            value_cents: l.value_cents,
            originating: true,
        }
    }
}

#[derive(Serialize)]
pub struct ProducerRows {
    pub name: String,
    pub products: Vec<LoadRow>,
    pub totals: LoadRow,
}

/// The contents' rows per producer (named) and their totals, weights in `lang`.
pub fn load_rows(lang: Lang, d: &Detail) -> (Vec<ProducerRows>, LoadRow) {
    let c = &d.contents;
    let producers = c
        .producers
        .iter()
        .map(|pl| {
            let name = d
                .producers
                .get(&pl.producer_id)
                .cloned()
                .unwrap_or_default();
            ProducerRows {
                products: pl
                    .products
                    .iter()
                    .map(|x| LoadRow {
                        originating: x.originating,
                        ..LoadRow::new(lang, x.name.clone(), x.hs_code.clone(), x.load)
                    })
                    .collect(),
                totals: LoadRow::new(lang, name.clone(), None, pl.totals),
                name,
            }
        })
        .collect();
    (producers, LoadRow::new(lang, String::new(), None, c.totals))
}

#[derive(Serialize)]
pub struct OrderRow {
    pub campaign_id: i64,
    pub campaign: String,
    pub producer_id: i64,
    pub producer: String,
    pub units: i64,
}

impl OrderRow {
    pub fn of(o: &Order) -> OrderRow {
        OrderRow {
            campaign_id: o.campaign.id.get(),
            campaign: o.campaign.title.clone(),
            producer_id: o.producer_id.get(),
            producer: o.producer_name.clone(),
            units: o.units,
        }
    }
}

/// A line of the shipment's timeline: a step, or a delay (`delayed`).
#[derive(Serialize)]
pub struct EventRow {
    /// The step's label key (none for a delay).
    pub step_key: Option<String>,
    /// When the step happened, or the new expected arrival of a delay.
    pub on: NaiveDate,
    pub delayed: bool,
    /// A delay's one pickup date for all campaigns, when it gave one.
    pub pickup_on: Option<NaiveDate>,
    pub note: String,
    /// Who recorded it, and when.
    pub by: Option<String>,
    pub at: DateTime<Utc>,
}

/// The steps and delays of a shipment in the order they were recorded.
pub fn timeline(p: &ShipmentPage) -> Vec<EventRow> {
    let by = |id: Option<i64>| id.and_then(|i| p.recorders.get(&i).cloned());
    let mut rows: Vec<EventRow> = p
        .events
        .iter()
        .map(|e| EventRow {
            step_key: Some(step_key(e.step)),
            on: e.happened_on,
            delayed: false,
            pickup_on: None,
            note: e.note.clone(),
            by: by(e.recorded_by),
            at: e.created_at,
        })
        .chain(p.delays.iter().map(|d| EventRow {
            step_key: None,
            on: d.expected_on,
            delayed: true,
            pickup_on: d.pickup_on,
            note: d.note.clone(),
            by: by(d.recorded_by),
            at: d.created_at,
        }))
        .collect();
    // Stable: steps recorded in the same instant keep their order.
    rows.sort_by_key(|r| r.at);
    rows
}

/// A campaign whose goods are in the shipment, linked from its page.
#[derive(Serialize, PartialEq, Eq)]
pub struct CampaignLink {
    pub id: i64,
    pub title: String,
}

/// The campaigns of these purchase orders, each once.
pub fn campaign_links(orders: &[Order]) -> Vec<CampaignLink> {
    let mut links: Vec<CampaignLink> = Vec::new();
    for o in orders {
        let link = CampaignLink {
            id: o.campaign.id.get(),
            title: o.campaign.title.clone(),
        };
        if !links.contains(&link) {
            links.push(link);
        }
    }
    links
}

/// The logistics people of a partnership as its coordinators see them, with the form to
/// appoint one.
#[derive(Serialize)]
pub struct LogisticsView {
    pub people: Vec<PersonDto>,
    pub email: String,
    pub errors: BTreeMap<String, Vec<String>>,
}

/// An exporter of the shipment with its approved exporter authorisation.
#[derive(Serialize)]
pub struct ExporterRow {
    pub producer_id: i64,
    pub name: String,
    pub approved_exporter_number: Option<String>,
}

/// A paper on the shipment's page.
#[derive(Serialize)]
pub struct PaperRow {
    /// Its kind's stored name (the URL segment).
    pub kind: &'static str,
    /// Its label in the reader's language, with the exporter's name when it is theirs.
    pub label: String,
    pub producer_id: i64,
    pub required: bool,
    pub generated: bool,
    pub obtained: bool,
    pub reference: String,
    pub obtained_on: Option<NaiveDate>,
    pub has_file: bool,
    /// Its printable page, for the papers Passerelle prints.
    pub print: Option<String>,
    /// Its CSV download, for the invoice and the packing list.
    pub csv: Option<String>,
}

impl PaperRow {
    pub fn new(lang: Lang, shipment: i64, p: &Paper, producer: Option<&String>) -> PaperRow {
        let kind = kind_name(p.need.kind);
        let name = translate(
            lang,
            &format!("shipment-paper-{}", kind.replace('_', "-")),
            &[],
        );
        let label = match producer {
            Some(producer) => format!("{name} — {producer}"),
            None => name,
        };
        let doc = match p.need.kind {
            PaperKind::CommercialInvoice | PaperKind::OriginDeclaration => Some("invoice"),
            PaperKind::PackingList => Some("packing-list"),
            _ => None,
        };
        PaperRow {
            kind,
            label,
            producer_id: p.need.producer_id.get(),
            required: p.required,
            generated: p.generated,
            obtained: p.status == PaperStatus::Obtained,
            reference: p.reference.clone(),
            obtained_on: p.obtained_on,
            has_file: p.has_file,
            print: doc.map(|d| format!("/shipments/{shipment}/{d}?lang={}", lang.code())),
            csv: doc
                .filter(|_| p.need.kind != PaperKind::OriginDeclaration)
                .map(|d| format!("/shipments/{shipment}/{d}.csv?lang={}", lang.code())),
        }
    }
}

/// `shipments/show.html.tera`: a shipment's contents, purchase orders and timeline.
#[derive(Serialize)]
pub struct ShipmentView {
    pub id: i64,
    pub reference: String,
    pub partnership_slug: String,
    pub partnership_name: String,
    pub origin: String,
    pub carrier: String,
    pub expected_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub step_key: String,
    /// The next step's stored name and label key, when one can be recorded.
    pub next_step: Option<&'static str>,
    pub next_step_key: Option<String>,
    /// Why no step can be recorded now (a message key).
    pub blocked: Option<&'static str>,
    pub preparing: bool,
    pub producers: Vec<ProducerRows>,
    pub totals: LoadRow,
    pub orders: Vec<OrderRow>,
    pub waiting: Vec<OrderRow>,
    pub timeline: Vec<EventRow>,
    pub papers: Vec<PaperRow>,
    pub exporters: Vec<ExporterRow>,
    /// The papers still to prepare, named in the reader's language (they hold the export
    /// clearance).
    pub papers_missing: Vec<String>,
    /// Today, the default date of a paper obtained.
    pub today: NaiveDate,
    /// Whether a delay can still be recorded (not once arrived), and its form.
    pub can_delay: bool,
    pub delay_form: DelayForm,
    /// Arrived or later: delivery is recorded on each campaign's page.
    pub arrived: bool,
    pub campaigns: Vec<CampaignLink>,
    /// The viewer coordinates the partnership (not only its logistics).
    pub coordinator: bool,
    pub step_form: StepForm,
    /// The carrier's invoice and its shares, or the form to record it.
    pub costs: super::cost_pages::CostsView,
    /// The pallets or parcels and their cases.
    pub packing: super::packing_pages::PlanView,
    pub errors: BTreeMap<String, Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_kilograms_to_the_gram() {
        assert_eq!(kg(Lang::Fr, 10_800), "10,800");
        assert_eq!(kg(Lang::En, 7), "0.007");
        assert_eq!(kg(Lang::Nl, 1_234_567), "1.234,567");
    }
}
