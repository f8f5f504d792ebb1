//! Test data builders: the few rows a test needs, made through the real API (so they are valid
//! rows, with their side effects), instead of loading the whole demo.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// The password of every account the builders sign up.
pub const PASSWORD: &str = "a long password";

/// The partnership the builders make, with the slugs the demo uses for it.
pub const JETTE_SIDI_BIBI: &str = "jette-sidi-bibi";

/// A partnership between Jette and Sidi Bibi and its coordinator.
pub struct Partnership {
    pub slug: String,
    /// The coordinator's address (password [`PASSWORD`]) and bearer token.
    pub coordinator: String,
    pub coordinator_token: String,
}

/// The member of the producer [`producer_app`] makes (password [`PASSWORD`]).
pub const PRODUCER_MEMBER: &str = "amina@example.org";

/// A fresh app with an approved producer and one of its products.
pub struct ProducerApp {
    /// Its client is signed in as [`PRODUCER_MEMBER`].
    pub app: TestApp,
    pub producer: i64,
    pub product: i64,
    /// [`PRODUCER_MEMBER`]'s bearer token.
    pub token: String,
}

/// A fresh app (no demo) with a partnership, an approved producer and one of its products
/// ("Huile d'argan alimentaire", which tastes of "noisette"), signed in as the producer's member.
pub async fn producer_app() -> ProducerApp {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let (producer, token) = app.approved_producer(&partnership, PRODUCER_MEMBER).await;
    let product = app
        .product(producer.id, &token, "Huile d'argan alimentaire")
        .await["id"]
        .as_i64()
        .expect("a product id");
    app.login(PRODUCER_MEMBER, PASSWORD).await;
    ProducerApp {
        app,
        producer: producer.id,
        product,
        token,
    }
}

/// A producer the builders made.
pub struct Producer {
    pub id: i64,
    pub slug: String,
}

impl TestApp {
    /// Jette (BE) and Sidi Bibi (MA), their partnership (trade, tourism, practices) with its
    /// bank account, and a coordinator with a confirmed address, `coordinator@example.org`.
    pub async fn partnership(&self) -> Partnership {
        let admin = self.admin_token().await;
        for territory in [
            json!({"name": "Jette", "country": "BE", "region": "Bruxelles-Capitale"}),
            json!({"name": "Sidi Bibi", "country": "MA", "region": "Souss-Massa"}),
        ] {
            let res = self
                .post_json("/api/v1/territories", &territory, Some(&admin))
                .await;
            assert_eq!(res.status(), StatusCode::CREATED, "{territory}");
        }
        let res = self
            .post_json(
                "/api/v1/partnerships",
                &json!({"belgian_territory": "jette", "partner_territory": "sidi-bibi",
                        "since": 2010, "pillars": ["trade", "tourism", "practices"]}),
                Some(&admin),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the partnership");
        let slug = res.json::<Value>().await.expect("partnership json")["slug"]
            .as_str()
            .expect("a slug")
            .to_owned();
        let coordinator = "coordinator@example.org".to_owned();
        let coordinator_token = self.verified_token(&coordinator).await;
        let res = self
            .post_json(
                &format!("/api/v1/partnerships/{slug}/coordinators"),
                &json!({ "email": coordinator }),
                Some(&admin),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "appoint the coordinator");
        let res = self
            .put_json(
                &format!("/api/v1/partnerships/{slug}/account"),
                &json!({"account_name": "Jette – Sidi Bibi", "iban": "BE75001012345651",
                        "bic": "GEBABEBB"}),
                Some(&admin),
            )
            .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "the bank account");
        Partnership {
            slug,
            coordinator,
            coordinator_token,
        }
    }

    /// A new member (`member_email`, password [`PASSWORD`], address not confirmed) proposes
    /// the cooperative Ighrem in Jette – Sidi Bibi: a producer pending approval.
    pub async fn pending_producer(&self, member_email: &str) -> Producer {
        let token = self.user_token(member_email).await;
        let res = self
            .post_json(
                "/api/v1/producers",
                &json!({"name": "Coopérative Ighrem", "partnership": JETTE_SIDI_BIBI,
                        "territory": "sidi-bibi", "kind": "cooperative"}),
                Some(&token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the producer");
        let json: Value = res.json().await.expect("producer json");
        Producer {
            id: json["id"].as_i64().expect("an id"),
            slug: json["slug"].as_str().expect("a slug").to_owned(),
        }
    }

    /// A member with a confirmed address (`member_email`, password [`PASSWORD`]) proposes the
    /// cooperative Taounza, presented and with a contact, and the partnership's coordinator
    /// approves it. Returns the producer and the member's bearer token.
    pub async fn approved_producer(
        &self,
        partnership: &Partnership,
        member_email: &str,
    ) -> (Producer, String) {
        let token = self.verified_token(member_email).await;
        let res = self
            .post_json(
                "/api/v1/producers",
                &json!({"name": "Coopérative Taounza", "partnership": partnership.slug,
                        "territory": "sidi-bibi", "kind": "cooperative",
                        "description": "Coopérative de l'arganeraie",
                        "contact_email": "contact@taounza.example"}),
                Some(&token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the producer");
        let json: Value = res.json().await.expect("producer json");
        let id = json["id"].as_i64().expect("an id");
        let res = self
            .post_json(
                &format!("/api/v1/producers/{id}/approve"),
                &json!({}),
                Some(&partnership.coordinator_token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "the approval");
        let json: Value = res.json().await.expect("producer json");
        let producer = Producer {
            id,
            slug: json["slug"].as_str().expect("a slug").to_owned(),
        };
        (producer, token)
    }

    /// A product of `producer`, added by one of its members (`token`): a 250 ml bottle of
    /// argan oil named `name`, 14.90 €, 12 to a case. Returns it as the API does.
    pub async fn product(&self, producer: i64, token: &str, name: &str) -> Value {
        let res = self
            .post_json(
                &format!("/api/v1/producers/{producer}/products"),
                &json!({"name": {"fr": name},
                        "description": {"fr": "Amandons torréfiés, goût de noisette"},
                        "category": "oils", "unit": "250 ml", "case_size": 12,
                        "weight_grams": 480, "price_cents": 1490, "vat_rate_bp": 600,
                        "stock": 100}),
                Some(token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the product {name}");
        res.json().await.expect("product json")
    }

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

    /// Marks `email`'s address confirmed, as its emailed link would.
    pub async fn confirm_address(&self, email: &str) {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        entity::user::Entity::update_many()
            .col_expr(
                entity::user::Column::EmailVerifiedAt,
                sea_orm::sea_query::Expr::value(Some(self.clock_now())),
            )
            .filter(entity::user::Column::Email.eq(email))
            .exec(&self.db)
            .await
            .expect("confirm the address");
    }
}
