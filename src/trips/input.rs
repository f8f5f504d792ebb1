//! What hosts and travellers type (JSON bodies), parsed into checked values with one message per
//! field.

use crate::money::Cents;
use chrono::NaiveDate;
use entity::I18nText;
use entity::departure::{Policy, Tier};
use serde::{Deserialize, Serialize};

use super::domain;
use crate::catalog::input::TextInput;
use crate::error::{FieldError, FieldErrors};
use crate::web::forms::lang_texts;

/// Most travellers on one booking, and places on one departure.
pub const MAX_TRAVELLERS: i64 = 30;
pub const MAX_CAPACITY: i64 = 200;
/// 100,000.00 € per place at most.
pub const MAX_PRICE_CENTS: i64 = 10_000_000;

fn range(errors: &mut FieldErrors, field: &str, v: i64, min: i64, max: i64) -> i64 {
    if !(min..=max).contains(&v) {
        errors.add(
            field,
            FieldError::new("range").with("min", min).with("max", max),
        );
    }
    v.clamp(min, max)
}

use crate::web::forms::line as text;

fn texts(
    errors: &mut FieldErrors,
    field: &str,
    v: &TextInput,
    max: usize,
    required: bool,
) -> I18nText {
    let t = lang_texts(errors, field, &v.map(), max);
    if required && t.is_empty() && !errors.0.contains_key(field) {
        errors.add(field, FieldError::new("required"));
    }
    t
}

/// A new trip (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TripInput {
    /// A text, or one per language (`{"fr": "...", "ar": "..."}`).
    pub title: TextInput,
    /// The partnership's slug.
    pub partnership: String,
    /// The slug of the partner territory that hosts the stay.
    pub territory: String,
    pub description: TextInput,
    /// One entry per day.
    pub programme: Vec<TextInput>,
    pub included: TextInput,
    pub not_included: TextInput,
    pub pre_departure: TextInput,
    /// Language codes spoken (fr, ar, en, nl, ber ...).
    pub languages: Vec<String>,
    pub accessibility: String,
    pub min_group: i64,
    pub max_group: i64,
}

#[derive(Clone, Debug)]
pub struct NewTrip {
    pub title: I18nText,
    pub partnership: String,
    pub territory: String,
    pub description: I18nText,
    pub programme: Vec<I18nText>,
    pub included: I18nText,
    pub not_included: I18nText,
    pub pre_departure: I18nText,
    pub languages: Vec<String>,
    pub accessibility: String,
    pub min_group: i32,
    pub max_group: i32,
}

impl TryFrom<TripInput> for NewTrip {
    type Error = FieldErrors;

    fn try_from(t: TripInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = texts(&mut errors, "title", &t.title, 120, true);
        let description = texts(&mut errors, "description", &t.description, 10_000, true);
        if t.programme.len() > 60 {
            errors.add("programme", FieldError::new("length").with("max", 60));
        }
        let programme = t
            .programme
            .iter()
            .take(60)
            .map(|d| texts(&mut errors, "programme", d, 4_000, false))
            .collect();
        let included = texts(&mut errors, "included", &t.included, 4_000, false);
        let not_included = texts(&mut errors, "not_included", &t.not_included, 4_000, false);
        let pre_departure = texts(
            &mut errors,
            "pre_departure",
            &t.pre_departure,
            10_000,
            false,
        );
        let mut languages = Vec::new();
        for l in t.languages.iter().take(10) {
            let l = l.trim().to_lowercase();
            if l.len() < 2 || l.len() > 3 || !l.chars().all(|c| c.is_ascii_lowercase()) {
                errors.add("languages", FieldError::new("language").with("lang", &l));
            } else if !languages.contains(&l) {
                languages.push(l);
            }
        }
        let accessibility = text(&mut errors, "accessibility", &t.accessibility, 2_000, false);
        let partnership = text(&mut errors, "partnership", &t.partnership, 120, true);
        let territory = text(&mut errors, "territory", &t.territory, 120, true);
        let min_group = range(&mut errors, "min_group", t.min_group, 1, MAX_TRAVELLERS);
        let max_group = range(&mut errors, "max_group", t.max_group, 1, MAX_CAPACITY);
        if min_group > max_group {
            errors.add("max_group", FieldError::new("max-below-min"));
        }
        errors.check()?;
        Ok(NewTrip {
            title,
            partnership,
            territory,
            description,
            programme,
            included,
            not_included,
            pre_departure,
            languages,
            accessibility,
            min_group: min_group as i32,
            max_group: max_group as i32,
        })
    }
}

/// A new departure (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct DepartureInput {
    /// YYYY-MM-DD.
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: i64,
    /// Per traveller.
    #[schema(value_type = i64)]
    pub price_cents: Cents,
    pub deposit_bp: i64,
    pub community_share_bp: i64,
    /// Per traveller, within the price.
    #[schema(value_type = i64)]
    pub transport_cents: Cents,
    pub organisation_bp: i64,
    /// YYYY-MM-DD; default 30 days before the start.
    pub balance_due_on: Option<String>,
    /// Cancellation tiers, earliest first; default: 60+ days the deposit is kept, 30-59 days
    /// half, under 30 days all.
    pub policy: Option<Vec<TierInput>>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TierInput {
    pub from_days: i64,
    pub keep_bp: i64,
}

#[derive(Clone, Debug)]
pub struct NewDeparture {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub capacity: i32,
    pub price_cents: Cents,
    pub deposit_bp: i32,
    pub community_share_bp: i32,
    pub transport_cents: Cents,
    pub organisation_bp: i32,
    pub balance_due_on: NaiveDate,
    pub policy: Policy,
}

fn date(errors: &mut FieldErrors, field: &str, v: &str) -> Option<NaiveDate> {
    if v.trim().is_empty() {
        errors.add(field, FieldError::new("required"));
        return None;
    }
    let d = NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok();
    if d.is_none() {
        errors.add(field, FieldError::new("date"));
    }
    d
}

impl NewDeparture {
    /// Checks a departure; `today` in Brussels for "in the future".
    pub fn parse(d: DepartureInput, today: NaiveDate) -> Result<NewDeparture, FieldErrors> {
        let mut errors = FieldErrors::new();
        let starts_on = date(&mut errors, "starts_on", &d.starts_on);
        let ends_on = date(&mut errors, "ends_on", &d.ends_on);
        if let Some(s) = starts_on
            && s <= today
        {
            errors.add("starts_on", FieldError::new("in-the-past"));
        }
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            errors.add("ends_on", FieldError::new("ends-before-starts"));
        }
        let capacity = range(&mut errors, "capacity", d.capacity, 1, MAX_CAPACITY);
        let price = Cents(range(
            &mut errors,
            "price_cents",
            d.price_cents.get(),
            1,
            MAX_PRICE_CENTS,
        ));
        let deposit_bp = range(&mut errors, "deposit_bp", d.deposit_bp, 0, 10_000);
        let share_bp = range(
            &mut errors,
            "community_share_bp",
            d.community_share_bp,
            0,
            10_000,
        );
        let organisation_bp = range(&mut errors, "organisation_bp", d.organisation_bp, 0, 10_000);
        let transport = Cents(range(
            &mut errors,
            "transport_cents",
            d.transport_cents.get(),
            0,
            MAX_PRICE_CENTS,
        ));
        if errors.0.keys().all(|k| {
            ![
                "price_cents",
                "community_share_bp",
                "organisation_bp",
                "transport_cents",
            ]
            .contains(&k.as_str())
        }) && domain::breakdown(price, share_bp as i32, transport, organisation_bp as i32)
            .is_none()
        {
            errors.add("price_cents", FieldError::new("parts-above-price"));
        }
        let balance_due_on = match d.balance_due_on.as_deref().map(str::trim) {
            None | Some("") => starts_on.map(|s| s - chrono::Duration::days(30)),
            Some(v) => date(&mut errors, "balance_due_on", v),
        };
        if let (Some(b), Some(s)) = (balance_due_on, starts_on)
            && b > s
        {
            errors.add("balance_due_on", FieldError::new("balance-after-start"));
        }
        let policy = match d.policy {
            None => domain::default_policy(deposit_bp as i32),
            Some(tiers) => Policy(
                tiers
                    .iter()
                    .map(|t| Tier {
                        from_days: t.from_days.clamp(-1, 10_000) as i32,
                        keep_bp: t.keep_bp.clamp(-1, 100_000) as i32,
                    })
                    .collect(),
            ),
        };
        if let Err(code) = domain::check_policy(&policy) {
            errors.add("policy", FieldError::new(code));
        }
        errors.check()?;
        let (Some(starts_on), Some(ends_on), Some(balance_due_on)) =
            (starts_on, ends_on, balance_due_on)
        else {
            return Err(FieldErrors::single(
                "starts_on",
                FieldError::new("required"),
            ));
        };
        Ok(NewDeparture {
            starts_on,
            ends_on,
            capacity: capacity as i32,
            price_cents: price,
            deposit_bp: deposit_bp as i32,
            community_share_bp: share_bp as i32,
            transport_cents: transport,
            organisation_bp: organisation_bp as i32,
            balance_due_on,
            policy,
        })
    }
}

/// A booking (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BookingInput {
    pub travellers: Vec<TravellerInput>,
    pub contact_email: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub dietary: Option<String>,
    pub accessibility: Option<String>,
    /// The open community fund project the booking's community share supports (none: the
    /// fund uses it where it is most needed).
    pub fund_project_id: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TravellerInput {
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct NewBooking {
    pub travellers: Vec<String>,
    pub contact_email: String,
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub dietary: Option<String>,
    pub accessibility: Option<String>,
    /// Checked against the partnership's open projects when the places are held.
    pub fund_project: Option<i64>,
}

impl NewBooking {
    pub fn parse(b: BookingInput, max_travellers: i64) -> Result<NewBooking, FieldErrors> {
        let mut errors = FieldErrors::new();
        let n = b.travellers.len() as i64;
        if n < 1 || n > max_travellers {
            errors.add(
                "travellers",
                FieldError::new("range")
                    .with("min", 1)
                    .with("max", max_travellers),
            );
        }
        let travellers: Vec<String> = b
            .travellers
            .iter()
            .take(MAX_TRAVELLERS as usize)
            .map(|t| text(&mut errors, "travellers", &t.name, 120, true))
            .collect();
        let email = crate::accounts::domain::normalize_email(&b.contact_email);
        if email.is_empty() {
            errors.add("contact_email", FieldError::new("required"));
        } else if !validator::ValidateEmail::validate_email(&email.as_str()) {
            errors.add("contact_email", FieldError::new("email"));
        }
        let contact_name = text(
            &mut errors,
            "contact_name",
            b.contact_name.as_deref().unwrap_or(""),
            120,
            false,
        );
        let mut optional = |field: &str, v: &Option<String>, max: usize| {
            v.as_deref()
                .map(|v| text(&mut errors, field, v, max, false))
                .filter(|v| !v.is_empty())
        };
        let contact_phone = optional("contact_phone", &b.contact_phone, 40);
        let dietary = optional("dietary", &b.dietary, 1_000);
        let accessibility = optional("accessibility", &b.accessibility, 1_000);
        errors.check()?;
        Ok(NewBooking {
            contact_name: if contact_name.is_empty() {
                travellers.first().cloned().unwrap_or_default()
            } else {
                contact_name
            },
            travellers,
            contact_email: email,
            contact_phone,
            dietary,
            accessibility,
            fund_project: b.fund_project_id,
        })
    }
}
