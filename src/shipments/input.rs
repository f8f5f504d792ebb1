//! What coordinators type about a shipment (its form or its JSON), parsed into domain values.

use chrono::NaiveDate;
use entity::shipment::ShipmentStep;
use entity::{CampaignId, ProducerId};
use serde::{Deserialize, Serialize};

use super::delay_rules::NewDelay;
use super::domain::parse_step;
use super::papers::NewPaper;
use crate::error::{FieldError, FieldErrors};
use crate::web::forms::{date, line, paragraphs};

/// A new shipment as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ShipmentForm {
    /// The region the goods leave from ("Chtouka-Aït Baha").
    pub origin: String,
    /// The carrier, when known.
    pub carrier: String,
    /// Expected arrival in Belgium, `YYYY-MM-DD` (optional).
    pub expected_on: String,
}

#[derive(Clone, Debug)]
pub struct NewShipment {
    pub origin: String,
    pub carrier: String,
    pub expected_on: Option<NaiveDate>,
}

impl TryFrom<&ShipmentForm> for NewShipment {
    type Error = FieldErrors;

    fn try_from(f: &ShipmentForm) -> Result<NewShipment, FieldErrors> {
        let mut errors = FieldErrors::new();
        let origin = line(&mut errors, "origin", &f.origin, 200, true);
        let carrier = line(&mut errors, "carrier", &f.carrier, 200, false);
        let expected_on = date(&mut errors, "expected_on", &f.expected_on, false);
        errors.check()?;
        Ok(NewShipment {
            origin,
            carrier,
            expected_on,
        })
    }
}

/// The next step of a shipment as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StepForm {
    /// collected, export_cleared, in_transit, import_cleared, arrived or distributed.
    pub step: String,
    /// When it happened, `YYYY-MM-DD`.
    pub on: String,
    pub note: String,
}

#[derive(Clone, Debug)]
pub struct NewStep {
    pub step: ShipmentStep,
    pub on: NaiveDate,
    pub note: String,
}

impl TryFrom<&StepForm> for NewStep {
    type Error = FieldErrors;

    fn try_from(f: &StepForm) -> Result<NewStep, FieldErrors> {
        let mut errors = FieldErrors::new();
        let step = parse_step(&f.step);
        if step.is_none() {
            errors.add("step", FieldError::new("shipment-step-unknown"));
        }
        let on = date(&mut errors, "on", &f.on, true);
        let note = paragraphs(&mut errors, "note", &f.note, 2000, false);
        match (step, on) {
            (Some(step), Some(on)) if errors.is_empty() => Ok(NewStep { step, on, note }),
            _ => Err(errors),
        }
    }
}

/// A delay as typed: the new expected arrival, the new pickup date (optional) and a note.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct DelayForm {
    /// The new expected arrival, `YYYY-MM-DD`: after the old one, not in the past.
    pub expected_on: String,
    /// The new pickup date of every campaign in the shipment, `YYYY-MM-DD`, not before the
    /// arrival; empty: each campaign's pickup date moves by as many days as the arrival.
    pub pickup_on: String,
    /// Why, for the households (the page's form names it `delay_note`).
    #[serde(alias = "delay_note")]
    pub note: String,
}

impl TryFrom<&DelayForm> for NewDelay {
    type Error = FieldErrors;

    fn try_from(f: &DelayForm) -> Result<NewDelay, FieldErrors> {
        let mut errors = FieldErrors::new();
        let expected_on = date(&mut errors, "expected_on", &f.expected_on, true);
        let pickup_on = date(&mut errors, "pickup_on", &f.pickup_on, false);
        let note = paragraphs(&mut errors, "note", &f.note, 2000, false);
        match expected_on {
            Some(expected_on) if errors.is_empty() => Ok(NewDelay {
                expected_on,
                pickup_on,
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// A purchase order: what one producer supplies for one campaign.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, utoipa::ToSchema)]
pub struct OrderInput {
    #[schema(value_type = i64)]
    pub campaign_id: CampaignId,
    #[schema(value_type = i64)]
    pub producer_id: ProducerId,
}

/// A paper recorded as obtained, as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PaperForm {
    /// The exporter (producer) it is for; may be left out when one exporter only needs it.
    pub producer_id: Option<i64>,
    /// Its number ("A 0123456" for an EUR.1).
    pub reference: String,
    /// When it was obtained, `YYYY-MM-DD`, not in the future.
    pub obtained_on: String,
}

impl PaperForm {
    /// Parsed into a paper obtained at the latest `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<NewPaper, FieldErrors> {
        let mut errors = FieldErrors::new();
        let reference = line(&mut errors, "reference", &self.reference, 100, true);
        let on = date(&mut errors, "obtained_on", &self.obtained_on, true);
        if on.is_some_and(|d| d > today) {
            errors.add("obtained_on", FieldError::new("not-in-future"));
        }
        match on {
            Some(obtained_on) if errors.is_empty() => Ok(NewPaper {
                producer_id: self.producer_id.filter(|p| *p > 0).map(ProducerId),
                reference,
                obtained_on,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_needs_a_known_step_and_a_date() {
        let e = NewStep::try_from(&StepForm {
            step: "lost".into(),
            on: "yesterday".into(),
            note: String::new(),
        })
        .unwrap_err();
        assert_eq!(e.0["step"][0].code, "shipment-step-unknown");
        assert_eq!(e.0["on"][0].code, "date");
        let s = NewStep::try_from(&StepForm {
            step: "in_transit".into(),
            on: "2026-12-08".into(),
            note: "Port de Tanger Med".into(),
        })
        .unwrap();
        assert_eq!(s.step, ShipmentStep::InTransit);
        let e = NewShipment::try_from(&ShipmentForm::default()).unwrap_err();
        assert_eq!(e.0["origin"][0].code, "required");
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let form = |on: &str| PaperForm {
            producer_id: Some(4),
            reference: "A 0123456".into(),
            obtained_on: on.into(),
        };
        assert_eq!(
            form("2026-12-07").parse(today).unwrap_err().0["obtained_on"][0].code,
            "not-in-future"
        );
        assert_eq!(
            form("soon").parse(today).unwrap_err().0["obtained_on"][0].code,
            "date"
        );
        let p = form("2026-12-06").parse(today).unwrap();
        assert_eq!(p.producer_id, Some(ProducerId(4)));
    }
}
