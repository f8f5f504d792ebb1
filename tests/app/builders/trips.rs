//! Trips: a stay with its departure, and money received for a booking.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::JETTE_SIDI_BIBI;
use crate::helpers::TestApp;

impl TestApp {
    /// A stay in Sidi Bibi from 20 to 25 August 2027 (10 places, 640 €), made by `host` (a
    /// coordinator of Jette – Sidi Bibi) with the clock set to 1 July 2027 at 10:00 UTC, in
    /// summer time: Brussels two hours ahead of UTC, Casablanca one. Returns the trip and its
    /// departure as the API returns them.
    pub async fn summer_stay_in_morocco(&self, host: &str, title: &str) -> (Value, Value) {
        use chrono::TimeZone;
        self.clock
            .set(chrono::Utc.with_ymd_and_hms(2027, 7, 1, 10, 0, 0).unwrap());
        let res = self
            .post_json(
                "/api/v1/trips",
                &json!({"title": {"fr": title, "en": title},
                        "partnership": JETTE_SIDI_BIBI, "territory": "sidi-bibi",
                        "description": "Séjour chez l'habitant.", "programme": ["Arrivée"],
                        "languages": ["fr"], "min_group": 1, "max_group": 12}),
                Some(host),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the trip");
        let trip: Value = res.json().await.expect("trip json");
        let res = self
            .post_json(
                &format!("/api/v1/trips/{}/departures", trip["id"]),
                &json!({"starts_on": "2027-08-20", "ends_on": "2027-08-25", "capacity": 10,
                        "price_cents": 64_000, "deposit_bp": 3_000, "community_share_bp": 500,
                        "transport_cents": 18_000, "organisation_bp": 800}),
                Some(host),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the departure");
        let departure: Value = res.json().await.expect("departure json");
        (trip, departure)
    }

    /// A departure of `trip` `days` from now for five nights with `capacity` places at 640.00 €
    /// (30% deposit, 5% to the community fund, 180.00 € of transport, 8% organisation), made
    /// by `host`; returns it as the API does.
    pub async fn departure(&self, host: &str, trip: i64, days: i64, capacity: i64) -> Value {
        let start = (self.clock_now() + chrono::Duration::days(days)).date_naive();
        let res = self
            .post_json(
                &format!("/api/v1/trips/{trip}/departures"),
                &json!({"starts_on": start.to_string(),
                        "ends_on": (start + chrono::Duration::days(5)).to_string(),
                        "capacity": capacity, "price_cents": 64_000, "deposit_bp": 3_000,
                        "community_share_bp": 500, "transport_cents": 18_000,
                        "organisation_bp": 800}),
                Some(host),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the departure");
        res.json().await.expect("departure json")
    }

    /// The `treasurer` records a bank transfer of `cents` received today on the payment
    /// request `reference`.
    pub async fn record_transfer(&self, treasurer: &str, reference: &str, cents: i64) {
        let res = self
            .post_json(
                &format!("/api/v1/payment-requests/{reference}/payments"),
                &json!({"amount_cents": cents,
                        "received_on": self.clock_now().date_naive().to_string()}),
                Some(treasurer),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "the transfer on {reference}"
        );
    }
}
