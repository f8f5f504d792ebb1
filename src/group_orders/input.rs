//! What coordinators and members type (JSON bodies and HTML forms), parsed into checked values
//! with one message per field.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Brussels;
use serde::{Deserialize, Serialize};

use super::domain::TransportSplit;
use crate::catalog::input::parse_euros;
use crate::error::{FieldError, FieldErrors};

/// Most units of one product one member may ask for.
pub const MAX_QUANTITY: i64 = 500;
/// Most a campaign's transport, fee or minimum may be, in cents (100,000 €).
pub const MAX_CAMPAIGN_CENTS: i64 = 10_000_000;

use crate::web::forms::line as text;

/// A pickup point as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PickupInput {
    pub name: String,
    pub address: String,
    pub opening_hours: String,
}

/// A new group (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct GroupInput {
    pub name: String,
    /// The partnership's slug.
    pub partnership: String,
    /// The slug of the partnership's Belgian territory.
    pub territory: String,
    pub description: String,
    pub pickup_point: PickupInput,
}

/// The same as an HTML form (flat fields).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct GroupForm {
    pub name: String,
    pub partnership: String,
    pub description: String,
    pub pickup_name: String,
    pub pickup_address: String,
    pub pickup_hours: String,
}

impl From<GroupForm> for GroupInput {
    fn from(f: GroupForm) -> Self {
        GroupInput {
            name: f.name,
            partnership: f.partnership,
            territory: String::new(),
            description: f.description,
            pickup_point: PickupInput {
                name: f.pickup_name,
                address: f.pickup_address,
                opening_hours: f.pickup_hours,
            },
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewPickup {
    pub name: String,
    pub address: String,
    pub opening_hours: String,
}

#[derive(Clone, Debug)]
pub struct NewGroup {
    pub name: String,
    pub partnership: String,
    /// None: the partnership's Belgian territory.
    pub territory: Option<String>,
    pub description: String,
    pub pickup: NewPickup,
}

impl NewPickup {
    pub fn parse(p: &PickupInput, errors: &mut FieldErrors, prefix: &str) -> NewPickup {
        NewPickup {
            name: text(errors, &format!("{prefix}name"), &p.name, 120, true),
            address: text(errors, &format!("{prefix}address"), &p.address, 240, true),
            opening_hours: text(
                errors,
                &format!("{prefix}opening_hours"),
                &p.opening_hours,
                240,
                false,
            ),
        }
    }
}

impl TryFrom<GroupInput> for NewGroup {
    type Error = FieldErrors;

    fn try_from(g: GroupInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text(&mut errors, "name", &g.name, 120, true);
        let partnership = text(&mut errors, "partnership", &g.partnership, 120, true);
        let description = text(&mut errors, "description", &g.description, 4000, false);
        let pickup = NewPickup::parse(&g.pickup_point, &mut errors, "pickup_point.");
        let territory = Some(g.territory.trim().to_owned()).filter(|t| !t.is_empty());
        errors.check()?;
        Ok(NewGroup {
            name,
            partnership,
            territory,
            description,
            pickup,
        })
    }
}

/// An invitation (API body and form).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct InviteInput {
    pub email: String,
    /// member (default) or coordinator.
    pub role: Option<String>,
}

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
    pub transport_cents: Option<i64>,
    /// weight (default) or value.
    pub transport_split: Option<String>,
    pub fee_cents: Option<i64>,
    pub min_total_cents: Option<i64>,
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
    pub producer_ids: Vec<i64>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub delivery_on: NaiveDate,
    pub transport_cents: i64,
    pub transport_split: TransportSplit,
    pub fee_cents: i64,
    pub min_total_cents: Option<i64>,
    pub pickup_point_id: Option<i64>,
    pub note: Option<String>,
}

/// A time as an RFC 3339 instant, or a local Brussels time as a datetime-local field sends it.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    Brussels
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

fn cents(errors: &mut FieldErrors, field: &str, v: Option<i64>) -> Option<i64> {
    match v {
        Some(c) if !(0..=MAX_CAMPAIGN_CENTS).contains(&c) => {
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

fn euros(errors: &mut FieldErrors, field: &str, v: &str) -> Option<i64> {
    if v.trim().is_empty() {
        return None;
    }
    match parse_euros(v) {
        Some(c) => cents(errors, field, Some(c)),
        None => {
            errors.add(field, FieldError::new("euros"));
            None
        }
    }
}

impl NewCampaign {
    /// Checks what does not need the database; `now` for "closes in the future".
    pub fn parse(c: CampaignInput, now: DateTime<Utc>) -> Result<NewCampaign, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = text(&mut errors, "title", &c.title, 120, true);
        let mut producer_ids = c.producer_ids.clone();
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
        let delivery_on = if c.delivery_on.trim().is_empty() {
            errors.add("delivery_on", FieldError::new("required"));
            None
        } else {
            let d = NaiveDate::parse_from_str(c.delivery_on.trim(), "%Y-%m-%d").ok();
            if d.is_none() {
                errors.add("delivery_on", FieldError::new("date"));
            }
            d
        };
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
            transport_cents: transport_cents.unwrap_or(0),
            transport_split,
            fee_cents: fee_cents.unwrap_or(0),
            min_total_cents: min_total_cents.filter(|m| *m > 0),
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

/// A basket line as sent (API body): quantity 0 removes the line.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BasketInput {
    pub quantity: i64,
    pub tolerance: i64,
}

/// One product of the whole basket as the campaign page's form sends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasketAsk {
    pub product_id: i64,
    pub quantity: i64,
    pub tolerance: i64,
}

/// The campaign page's one form: `quantity[<product id>]` and `tolerance[<product id>]` for every
/// product on offer (an empty field is 0). Field errors are named as the form's fields.
pub fn basket_from_form(
    form: &std::collections::BTreeMap<String, String>,
) -> Result<Vec<BasketAsk>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut asks: std::collections::BTreeMap<i64, BasketAsk> = std::collections::BTreeMap::new();
    for (k, v) in form {
        let Some((kind, id)) = k
            .split_once('[')
            .and_then(|(kind, rest)| Some((kind, rest.strip_suffix(']')?.parse::<i64>().ok()?)))
        else {
            continue;
        };
        if kind != "quantity" && kind != "tolerance" {
            continue;
        }
        let n = match v.trim() {
            "" => 0,
            s => match s.parse::<i64>() {
                Ok(n) => n,
                Err(_) => {
                    errors.add(k, FieldError::new("number"));
                    continue;
                }
            },
        };
        let a = asks.entry(id).or_insert(BasketAsk {
            product_id: id,
            quantity: 0,
            tolerance: 0,
        });
        if kind == "quantity" {
            a.quantity = n;
        } else {
            a.tolerance = n;
        }
    }
    errors.check()?;
    Ok(asks.into_values().collect())
}

/// A checked basket line for a product of case size `case_size`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasketLine {
    pub quantity: i32,
    pub tolerance: i32,
}

impl BasketLine {
    /// Quantities from 0 to 500; a tolerance only with a quantity, and below one case (more
    /// could never be used to complete a case).
    pub fn parse(quantity: i64, tolerance: i64, case_size: i32) -> Result<BasketLine, FieldErrors> {
        let mut errors = FieldErrors::new();
        if !(0..=MAX_QUANTITY).contains(&quantity) {
            errors.add(
                "quantity",
                FieldError::new("range")
                    .with("min", 0)
                    .with("max", MAX_QUANTITY),
            );
        }
        let most = i64::from(case_size.max(1) - 1);
        if tolerance < 0 || tolerance > most {
            errors.add(
                "tolerance",
                FieldError::new("range").with("min", 0).with("max", most),
            );
        } else if tolerance > 0 && quantity == 0 {
            errors.add("tolerance", FieldError::new("tolerance-without-quantity"));
        }
        errors.check()?;
        Ok(BasketLine {
            quantity: quantity as i32,
            tolerance: tolerance as i32,
        })
    }
}

/// What a producer can supply, or what arrived, per product (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct UnitsInput {
    pub lines: Vec<UnitsLine>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct UnitsLine {
    pub product_id: i64,
    pub units: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basket_lines_refuse_absurd_quantities_and_idle_tolerances() {
        assert!(BasketLine::parse(4, 2, 6).is_ok());
        let e = BasketLine::parse(-1, 0, 6).unwrap_err();
        assert!(e.0.contains_key("quantity"));
        let e = BasketLine::parse(0, 2, 6).unwrap_err();
        assert_eq!(e.0["tolerance"][0].code, "tolerance-without-quantity");
        let e = BasketLine::parse(3, 6, 6).unwrap_err();
        assert_eq!(e.0["tolerance"][0].code, "range");
        assert!(BasketLine::parse(501, 0, 6).is_err());
    }

    #[test]
    fn the_whole_basket_form_is_read_per_product() {
        let form: std::collections::BTreeMap<String, String> = [
            ("quantity[12]", "4"),
            ("tolerance[12]", "2"),
            ("quantity[13]", ""),
            ("csrf_token", "x"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let asks = basket_from_form(&form).unwrap();
        assert_eq!(
            asks,
            [
                BasketAsk {
                    product_id: 12,
                    quantity: 4,
                    tolerance: 2
                },
                BasketAsk {
                    product_id: 13,
                    quantity: 0,
                    tolerance: 0
                }
            ]
        );
        let bad: std::collections::BTreeMap<String, String> =
            [("quantity[12]".to_owned(), "deux".to_owned())].into();
        assert!(
            basket_from_form(&bad)
                .unwrap_err()
                .0
                .contains_key("quantity[12]")
        );
    }

    #[test]
    fn local_brussels_times_and_rfc3339_are_understood() {
        let winter = parse_instant("2026-12-01T20:00").unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-12-01T19:00:00+00:00");
        let summer = parse_instant("2026-07-01T20:00").unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T18:00:00+00:00");
        assert!(parse_instant("2026-12-01T08:00:00Z").is_some());
        assert!(parse_instant("tomorrow").is_none());
    }

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
                transport_cents: Some(-5),
                ..Default::default()
            },
            now,
        )
        .unwrap_err();
        let fields: Vec<&str> = e.0.keys().map(String::as_str).collect();
        assert_eq!(fields, ["closes_at", "delivery_on", "transport_cents"]);
    }
}
