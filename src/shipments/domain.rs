//! The pure rules of a shipment: what it carries (units, cases, weights, declared value per
//! producer and product, from the purchase orders' campaign products) and the order of its
//! timeline's steps, and which proof of origin an exporter needs.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use entity::shipment::ShipmentStep;
use entity::shipment_paper::PaperKind;
use entity::{CampaignId, ProducerId, ProductId, ShipmentId};
use serde::Serialize;

use crate::error::{FieldError, FieldErrors};
use crate::money::Cents;

/// Every step in the order it happens.
pub const STEPS: [ShipmentStep; 7] = [
    ShipmentStep::Preparing,
    ShipmentStep::Collected,
    ShipmentStep::ExportCleared,
    ShipmentStep::InTransit,
    ShipmentStep::ImportCleared,
    ShipmentStep::Arrived,
    ShipmentStep::Distributed,
];

/// The position of a step in [`STEPS`].
pub fn rank(step: ShipmentStep) -> usize {
    STEPS.iter().position(|s| *s == step).unwrap_or(0)
}

/// The step that can be recorded after `step` (none once distributed).
pub fn next_step(step: ShipmentStep) -> Option<ShipmentStep> {
    STEPS.get(rank(step) + 1).copied()
}

/// The name of a step as stored and as its label's key (`shipment-step-<name>`).
pub fn step_name(step: ShipmentStep) -> &'static str {
    match step {
        ShipmentStep::Preparing => "preparing",
        ShipmentStep::Collected => "collected",
        ShipmentStep::ExportCleared => "export_cleared",
        ShipmentStep::InTransit => "in_transit",
        ShipmentStep::ImportCleared => "import_cleared",
        ShipmentStep::Arrived => "arrived",
        ShipmentStep::Distributed => "distributed",
    }
}

/// Reads a step's stored name.
pub fn parse_step(name: &str) -> Option<ShipmentStep> {
    STEPS.into_iter().find(|s| step_name(*s) == name.trim())
}

/// The shipment's reference on papers and pages: "SH-2026-0007".
pub fn reference(id: ShipmentId, created_on: NaiveDate) -> String {
    format!("SH-{}-{:04}", created_on.year(), id.get())
}

/// Whether `step` may be recorded on `on` for a shipment at `current` whose last step was
/// recorded on `last_on`: only the next step, never dated before the previous one.
pub fn check_step(
    current: ShipmentStep,
    last_on: Option<NaiveDate>,
    step: ShipmentStep,
    on: NaiveDate,
) -> Result<(), FieldErrors> {
    let Some(next) = next_step(current) else {
        return Err(FieldErrors::single(
            "step",
            FieldError::new("shipment-step-final"),
        ));
    };
    if step != next {
        let code = if rank(step) <= rank(current) {
            "shipment-step-done"
        } else {
            "shipment-step-skipped"
        };
        return Err(FieldErrors::single(
            "step",
            FieldError::new(code).with("next", step_name(next)),
        ));
    }
    if let Some(last) = last_on
        && on < last
    {
        return Err(FieldErrors::single(
            "on",
            FieldError::new("shipment-step-before").with("date", last.to_string()),
        ));
    }
    Ok(())
}

/// One product of one purchase order in a shipment, as the campaign recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderLine {
    pub campaign_id: CampaignId,
    pub producer_id: ProducerId,
    pub product_id: ProductId,
    pub name: String,
    pub hs_code: Option<String>,
    /// Confirmed units, else ordered.
    pub units: i64,
    pub case_size: i64,
    pub weight_grams: i64,
    /// Packaging of one case.
    pub tare_grams: i64,
    pub price: Cents,
    /// Of preferential origin (the product's flag).
    pub originating: bool,
}

impl OrderLine {
    /// Whole cases: a case begun is a box to carry.
    pub fn cases(&self) -> i64 {
        if self.units <= 0 {
            0
        } else {
            let size = self.case_size.max(1);
            (self.units + size - 1) / size
        }
    }
}

/// Units, cases, weights and declared value of some goods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Load {
    pub units: i64,
    pub cases: i64,
    pub net_grams: i64,
    pub gross_grams: i64,
    #[schema(value_type = i64)]
    pub value_cents: Cents,
}

impl Load {
    pub(super) fn of(l: &OrderLine) -> Load {
        let cases = l.cases();
        let net = l.units * l.weight_grams;
        Load {
            units: l.units,
            cases,
            net_grams: net,
            gross_grams: net + cases * l.tare_grams,
            value_cents: l.price * l.units,
        }
    }

    pub(super) fn add(&mut self, o: Load) {
        self.units += o.units;
        self.cases += o.cases;
        self.net_grams += o.net_grams;
        self.gross_grams += o.gross_grams;
        self.value_cents += o.value_cents;
    }
}

/// One product in a shipment, all its campaigns together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ProductLoad {
    #[schema(value_type = i64)]
    pub product_id: ProductId,
    pub name: String,
    pub hs_code: Option<String>,
    /// Of preferential origin: counted in the value its exporter's proof of origin covers.
    pub originating: bool,
    #[serde(flatten)]
    pub load: Load,
}

/// What one producer sends in a shipment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ProducerLoad {
    #[schema(value_type = i64)]
    pub producer_id: ProducerId,
    pub products: Vec<ProductLoad>,
    pub totals: Load,
}

/// What a shipment carries: per producer and product, and in all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Contents {
    pub producers: Vec<ProducerLoad>,
    pub totals: Load,
}

/// The contents of the purchase orders' lines, producers and products in id order. Cases are
/// counted per purchase order (each campaign's goods are packed for its own group).
pub fn contents(lines: impl IntoIterator<Item = OrderLine>) -> Contents {
    let mut by: BTreeMap<ProducerId, BTreeMap<ProductId, ProductLoad>> = BTreeMap::new();
    for l in lines {
        let load = Load::of(&l);
        by.entry(l.producer_id)
            .or_default()
            .entry(l.product_id)
            .or_insert_with(|| ProductLoad {
                product_id: l.product_id,
                name: l.name.clone(),
                hs_code: l.hs_code.clone(),
                originating: l.originating,
                load: Load::default(),
            })
            .load
            .add(load);
    }
    let mut out = Contents::default();
    for (producer_id, products) in by {
        let mut totals = Load::default();
        for p in products.values() {
            totals.add(p.load);
        }
        out.totals.add(totals);
        out.producers.push(ProducerLoad {
            producer_id,
            products: products.into_values().collect(),
            totals,
        });
    }
    out
}

/// The most originating goods an exporter may declare on the invoice without being an approved
/// exporter: EUR 6,000 (EU–Morocco and EU–Tunisia agreements, origin protocols).
pub const DECLARATION_MAX: Cents = Cents(600_000);

/// The proof of origin an exporter sending `value` of originating goods needs: an origin
/// declaration on the invoice up to [`DECLARATION_MAX`] included, else an EUR.1 movement
/// certificate; an approved exporter declares on the invoice at any value.
pub fn origin_proof(value: Cents, approved_exporter: bool) -> PaperKind {
    if approved_exporter || value <= DECLARATION_MAX {
        PaperKind::OriginDeclaration
    } else {
        PaperKind::Eur1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(producer: i64, product: i64, units: i64) -> OrderLine {
        OrderLine {
            campaign_id: CampaignId(1),
            producer_id: ProducerId(producer),
            product_id: ProductId(product),
            name: format!("p{product}"),
            hs_code: Some("1515900000".into()),
            units,
            case_size: 12,
            weight_grams: 480,
            tare_grams: 350,
            originating: true,
            price: Cents(1490),
        }
    }

    #[test]
    fn contents_count_cases_weights_and_value_per_producer_and_in_all() {
        let mut honey = line(2, 9, 24);
        honey.case_size = 6;
        honey.weight_grams = 700;
        honey.tare_grams = 0;
        honey.price = Cents(1200);
        let mut again = line(1, 5, 5);
        again.campaign_id = CampaignId(2);
        let c = contents([line(1, 5, 13), again, honey]);
        let oil = &c.producers[0].products[0];
        // 13 units: 2 cases; 5 units in another campaign: 1 more case.
        assert_eq!(oil.load.units, 18);
        assert_eq!(oil.load.cases, 3);
        assert_eq!(oil.load.net_grams, 18 * 480);
        assert_eq!(oil.load.gross_grams, 18 * 480 + 3 * 350);
        assert_eq!(oil.load.value_cents, Cents(18 * 1490));
        assert_eq!(c.producers[1].totals.cases, 4);
        assert_eq!(c.totals.units, 42);
        assert_eq!(c.totals.gross_grams, 18 * 480 + 3 * 350 + 24 * 700);
        assert_eq!(c.totals.value_cents, Cents(18 * 1490 + 24 * 1200));
        assert_eq!(contents([line(1, 5, 0)]).totals.cases, 0);
    }

    #[test]
    fn steps_are_recorded_in_order_and_never_dated_before_the_previous_one() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
        use ShipmentStep::*;
        assert!(check_step(Preparing, None, Collected, d(1)).is_ok());
        let e = check_step(Preparing, None, InTransit, d(1)).unwrap_err();
        assert_eq!(e.0["step"][0].code, "shipment-step-skipped");
        let e = check_step(Collected, Some(d(2)), Collected, d(3)).unwrap_err();
        assert_eq!(e.0["step"][0].code, "shipment-step-done");
        let e = check_step(Collected, Some(d(2)), ExportCleared, d(1)).unwrap_err();
        assert_eq!(e.0["on"][0].code, "shipment-step-before");
        assert!(check_step(Collected, Some(d(2)), ExportCleared, d(2)).is_ok());
        let e = check_step(Distributed, Some(d(9)), Distributed, d(9)).unwrap_err();
        assert_eq!(e.0["step"][0].code, "shipment-step-final");
        for s in STEPS {
            assert_eq!(parse_step(step_name(s)), Some(s));
        }
        assert_eq!(parse_step("lost"), None);
        assert_eq!(reference(ShipmentId(7), d(6)), "SH-2026-0007");
    }

    #[test]
    fn origin_is_declared_on_the_invoice_up_to_6000_euros_or_by_an_approved_exporter() {
        assert_eq!(
            origin_proof(Cents(599_999), false),
            PaperKind::OriginDeclaration
        );
        assert_eq!(
            origin_proof(Cents(600_000), false),
            PaperKind::OriginDeclaration
        );
        assert_eq!(origin_proof(Cents(600_001), false), PaperKind::Eur1);
        assert_eq!(origin_proof(Cents(2_000_000), false), PaperKind::Eur1);
        assert_eq!(
            origin_proof(Cents(2_000_000), true),
            PaperKind::OriginDeclaration
        );
        assert_eq!(origin_proof(Cents(0), false), PaperKind::OriginDeclaration);
    }

    proptest! {
        #[test]
        fn an_eur1_is_needed_exactly_above_6000_euros_unless_approved(
            cents in 0i64..5_000_000, approved in any::<bool>(), near in -3i64..4
        ) {
            for v in [cents, 600_000 + near] {
                let kind = origin_proof(Cents(v), approved);
                prop_assert_eq!(kind == PaperKind::Eur1, !approved && v > 600_000);
            }
        }

        #[test]
        fn totals_are_the_sums_of_the_lines_and_cases_hold_the_units(
            rows in proptest::collection::vec((1i64..4, 1i64..6, 0i64..500, 1i64..30, 1i64..2000, 0i64..800, 1i64..5000), 0..40)
        ) {
            let lines: Vec<OrderLine> = rows.iter().enumerate().map(|(i, r)| OrderLine {
                campaign_id: CampaignId(i as i64),
                producer_id: ProducerId(r.0),
                product_id: ProductId(r.0 * 10 + r.1),
                name: String::new(),
                hs_code: None,
                units: r.2,
                case_size: r.3,
                weight_grams: r.4,
                tare_grams: r.5,
                originating: true,
            price: Cents(r.6),
            }).collect();
            let c = contents(lines.clone());
            prop_assert_eq!(c.totals.units, lines.iter().map(|l| l.units).sum::<i64>());
            prop_assert_eq!(c.totals.value_cents, lines.iter().map(|l| l.price * l.units).sum::<Cents>());
            prop_assert_eq!(c.totals.net_grams, c.producers.iter().map(|p| p.totals.net_grams).sum::<i64>());
            prop_assert!(c.totals.gross_grams >= c.totals.net_grams);
            for l in &lines {
                prop_assert!(l.cases() * l.case_size >= l.units);
                prop_assert!((l.cases() - 1).max(0) * l.case_size < l.units.max(1));
            }
        }

        #[test]
        fn only_the_next_step_is_accepted(cur in 0usize..7, step in 0usize..7) {
            let on = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
            let ok = check_step(STEPS[cur], None, STEPS[step], on).is_ok();
            prop_assert_eq!(ok, step == cur + 1);
        }
    }
}
