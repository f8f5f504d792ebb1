//! What a coordinator types to open a campaign (JSON body in cents and RFC 3339, or the HTML form
//! in euros and Brussels times), parsed into a checked campaign with one message per field.

use crate::money::Cents;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Brussels;
use serde::{Deserialize, Serialize};

use super::domain::TransportSplit;
use crate::clock::{date_field, parse_instant};
use crate::error::{FieldError, FieldErrors};
use crate::money::euros_field;
use crate::web::forms::line as text;

/// Most a campaign's transport, fee or minimum may be, in cents (100,000 €).
pub const MAX_CAMPAIGN_CENTS: i64 = 10_000_000;

/// A new campaign (API body): cents and RFC 3339 times.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CampaignInput {
    pub title: String,
    pub producer_ids: Vec<i64>,
    /// RFC 3339 (e.g. 2026-12-01T08:00:00Z).
    pub opens_at: String,
    pub closes_at: String,
    /// YYYY-MM-DD.
    pub delivery_on: String,
    #[schema(value_type = Option<i64>)]
    pub transport_cents: Option<Cents>,
    /// weight (default) or value.
    pub transport_split: Option<String>,
    #[schema(value_type = Option<i64>)]
    pub fee_cents: Option<Cents>,
    #[schema(value_type = Option<i64>)]
    pub min_total_cents: Option<Cents>,
    /// One of the group's pickup points (default: the first).
    pub pickup_point_id: Option<i64>,
    pub note: Option<String>,
}

/// The same as an HTML form: euros and local (Brussels) times.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CampaignForm {
    pub title: String,
    pub producer_ids: Vec<String>,
    /// datetime-local, Brussels time.
    pub opens_at: String,
    pub closes_at: String,
    pub delivery_on: String,
    pub transport: String,
    pub transport_split: String,
    pub fee: String,
    pub min_total: String,
    pub pickup_point_id: String,
    pub note: String,
}

#[derive(Clone, Debug)]
pub struct NewCampaign {
    pub title: String,
    pub producer_ids: Vec<entity::ProducerId>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub delivery_on: NaiveDate,
    pub transport_cents: Cents,
    pub transport_split: TransportSplit,
    pub fee_cents: Cents,
    pub min_total_cents: Option<Cents>,
    pub pickup_point_id: Option<i64>,
    pub note: Option<String>,
}

fn cents(errors: &mut FieldErrors, field: &str, v: Option<Cents>) -> Option<Cents> {
    match v {
        Some(c) if !(0..=MAX_CAMPAIGN_CENTS).contains(&c.get()) => {
            errors.add(
                field,
                FieldError::new("range")
                    .with("min", 0)
                    .with("max", MAX_CAMPAIGN_CENTS),
            );
            None
        }
        other => other,
    }
}

fn euros(errors: &mut FieldErrors, field: &str, v: &str) -> Option<Cents> {
    let c = euros_field(errors, field, v);
    cents(errors, field, c)
}

impl NewCampaign {
    /// Checks what does not need the database; `now` for "closes in the future".
    pub fn parse(c: CampaignInput, now: DateTime<Utc>) -> Result<NewCampaign, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = text(&mut errors, "title", &c.title, 120, true);
        let mut producer_ids: Vec<entity::ProducerId> = c
            .producer_ids
            .iter()
            .copied()
            .map(entity::ProducerId)
            .collect();
        producer_ids.sort_unstable();
        producer_ids.dedup();
        if producer_ids.is_empty() {
            errors.add("producer_ids", FieldError::new("required"));
        }
        let mut instant = |field: &str, v: &str| -> Option<DateTime<Utc>> {
            if v.trim().is_empty() {
                errors.add(field, FieldError::new("required"));
                return None;
            }
            let t = parse_instant(v);
            if t.is_none() {
                errors.add(field, FieldError::new("datetime"));
            }
            t
        };
        let opens_at = instant("opens_at", &c.opens_at);
        let closes_at = instant("closes_at", &c.closes_at);
        let delivery_on = date_field(&mut errors, "delivery_on", &c.delivery_on, true);
        if let (Some(o), Some(cl)) = (opens_at, closes_at) {
            if cl <= o {
                errors.add("closes_at", FieldError::new("closes-before-opens"));
            } else if cl <= now {
                errors.add("closes_at", FieldError::new("in-the-past"));
            }
            if let Some(d) = delivery_on
                && d < cl.with_timezone(&Brussels).date_naive()
            {
                errors.add("delivery_on", FieldError::new("delivery-before-close"));
            }
        }
        let transport_cents = cents(&mut errors, "transport_cents", c.transport_cents);
        let fee_cents = cents(&mut errors, "fee_cents", c.fee_cents);
        let min_total_cents = cents(&mut errors, "min_total_cents", c.min_total_cents);
        let transport_split = match c.transport_split.as_deref().map(str::trim) {
            None | Some("") => TransportSplit::Weight,
            Some(s) => TransportSplit::parse(s).unwrap_or_else(|| {
                errors.add("transport_split", FieldError::new("choice"));
                TransportSplit::Weight
            }),
        };
        let note = c
            .note
            .as_deref()
            .map(|n| text(&mut errors, "note", n, 2000, false))
            .filter(|n| !n.is_empty());
        errors.check()?;
        let (Some(opens_at), Some(closes_at), Some(delivery_on)) =
            (opens_at, closes_at, delivery_on)
        else {
            return Err(FieldErrors::single("opens_at", FieldError::new("required")));
        };
        Ok(NewCampaign {
            title,
            producer_ids,
            opens_at,
            closes_at,
            delivery_on,
            transport_cents: transport_cents.unwrap_or_default(),
            transport_split,
            fee_cents: fee_cents.unwrap_or_default(),
            min_total_cents: min_total_cents.filter(|m| m.is_positive()),
            pickup_point_id: c.pickup_point_id,
            note,
        })
    }

    /// A form's fields: euros to cents (field names kept as the form's).
    pub fn from_form(f: &CampaignForm, now: DateTime<Utc>) -> Result<NewCampaign, FieldErrors> {
        let mut errors = FieldErrors::new();
        let transport = euros(&mut errors, "transport", &f.transport);
        let fee = euros(&mut errors, "fee", &f.fee);
        let min_total = euros(&mut errors, "min_total", &f.min_total);
        let mut producer_ids = Vec::new();
        for p in &f.producer_ids {
            match p.trim().parse::<i64>() {
                Ok(id) => producer_ids.push(id),
                Err(_) => errors.add("producer_ids", FieldError::new("choice")),
            }
        }
        let pickup_point_id = match f.pickup_point_id.trim() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("pickup_point_id", FieldError::new("choice"));
                    None
                }
            },
        };
        let parsed = NewCampaign::parse(
            CampaignInput {
                title: f.title.clone(),
                producer_ids,
                opens_at: f.opens_at.clone(),
                closes_at: f.closes_at.clone(),
                delivery_on: f.delivery_on.clone(),
                transport_cents: transport,
                transport_split: Some(f.transport_split.clone()),
                fee_cents: fee,
                min_total_cents: min_total,
                pickup_point_id,
                note: Some(f.note.clone()),
            },
            now,
        );
        match parsed {
            Ok(c) if errors.is_empty() => Ok(c),
            Ok(_) => Err(errors),
            Err(e) => {
                errors.merge(e);
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_campaign_must_close_after_it_opens_and_deliver_after_it_closes() {
        let now = parse_instant("2026-11-29T10:00:00Z").unwrap();
        let e = NewCampaign::parse(
            CampaignInput {
                title: "Hiver".into(),
                producer_ids: vec![1],
                opens_at: "2026-12-05T10:00:00Z".into(),
                closes_at: "2026-12-01T10:00:00Z".into(),
                delivery_on: "2026-11-30".into(),
                transport_cents: Some(Cents(-5)),
                ..Default::default()
            },
            now,
        )
        .unwrap_err();
        let fields: Vec<&str> = e.0.keys().map(String::as_str).collect();
        assert_eq!(fields, ["closes_at", "delivery_on", "transport_cents"]);
    }
}
