//! Page structs of the shipments' pages, one per template.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::shipment::ShipmentStep;
use serde::Serialize;

use super::contents::Order;
use super::domain::{Load, step_name};
use super::input::{ShipmentForm, StepForm};
use crate::money::Cents;
use crate::web::format::number;
use crate::web::i18n::Lang;

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
    pub errors: BTreeMap<String, Vec<String>>,
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
        }
    }
}

#[derive(Serialize)]
pub struct ProducerRows {
    pub name: String,
    pub products: Vec<LoadRow>,
    pub totals: LoadRow,
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

#[derive(Serialize)]
pub struct EventRow {
    pub step_key: String,
    pub on: NaiveDate,
    pub note: String,
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
    pub step_form: StepForm,
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
