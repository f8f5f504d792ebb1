//! Test data builders: the few rows a test needs, made through the real API (so they are valid
//! rows, with their side effects), instead of loading the whole demo.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;

mod catalog;
mod groups;
mod network;
mod payouts;
mod trips;

pub use catalog::*;
pub use groups::*;
pub use network::*;
pub use payouts::*;

/// The password of every account the builders sign up.
pub const PASSWORD: &str = "a long password";

/// The hash of [`PASSWORD`], computed once for all the accounts the builders make: hashing is
/// most of what a sign-up costs, and each test makes several.
async fn password_hash() -> String {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_init(|| async {
        passerelle::accounts::service::hash_password(PASSWORD.into())
            .await
            .expect("a password hash")
    })
    .await
    .clone()
}

/// The partnership the builders make, with the slugs the demo uses for it.
pub const JETTE_SIDI_BIBI: &str = "jette-sidi-bibi";

/// A partnership between Jette and Sidi Bibi and its coordinator.
pub struct Partnership {
    pub slug: String,
    /// The slugs of its Belgian and its partner territory.
    pub belgian_territory: String,
    pub partner_territory: String,
    /// The coordinator's address (password [`PASSWORD`]) and bearer token.
    pub coordinator: String,
    pub coordinator_token: String,
}

/// The account of the partnerships the builders make, and as people write it.
pub const PARTNERSHIP_IBAN: &str = "BE75001012345651";
pub const IBAN_WRITTEN: &str = "BE75 0010 1234 5651";
pub const PARTNERSHIP_BIC: &str = "GEBABEBB";

/// The coordinator of [`TestApp::partnership`] (password [`PASSWORD`]).
pub const COORDINATOR: &str = "coordinator@example.org";

/// The coordinator of [`TestApp::other_partnership`] (password [`PASSWORD`]).
pub const OTHER_COORDINATOR: &str = "coordinator.schaerbeek@example.org";

/// The member of the producer [`producer_app`] makes (password [`PASSWORD`]).
pub const PRODUCER_MEMBER: &str = "amina@example.org";

/// A fresh app with an approved producer and one of its products.
pub struct ProducerApp {
    /// Its client is signed in as [`PRODUCER_MEMBER`] (by [`producer_app`]).
    pub app: TestApp,
    pub producer: i64,
    pub product: i64,
    /// [`PRODUCER_MEMBER`]'s bearer token.
    pub token: String,
}

/// A fresh app (no demo) with a partnership, an approved producer and one of its products
/// ("Huile d'argan alimentaire", which tastes of "noisette"), signed in as the producer's member.
pub async fn producer_app() -> ProducerApp {
    let p = signed_out_producer_app().await;
    p.app.login(PRODUCER_MEMBER, PASSWORD).await;
    p
}

/// The app of [`producer_app`], its client signed out (it sees the pages visitors see).
pub async fn signed_out_producer_app() -> ProducerApp {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let (producer, token) = app.approved_producer(&partnership, PRODUCER_MEMBER).await;
    let product = app
        .product(producer.id, &token, "Huile d'argan alimentaire")
        .await["id"]
        .as_i64()
        .expect("a product id");
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
    /// A new account `email` (password [`PASSWORD`], address confirmed) made by the accounts
    /// service with the hash of [`password_hash`], and a bearer token for it.
    pub async fn account(&self, email: &str) -> String {
        use passerelle::accounts::domain::{NewAccount, SignUp};
        use passerelle::accounts::service::{create_api_token, insert_user};
        let account = NewAccount::try_from(SignUp {
            email: email.into(),
            password: PASSWORD.into(),
            display_name: email.split('@').next().unwrap_or("someone").into(),
            locale: None,
        })
        .expect("a valid account");
        let user = insert_user(&self.db, &account, password_hash().await, self.clock_now())
            .await
            .expect("the account");
        self.confirm_address(email).await;
        create_api_token(&self.db, user.id, "tests", 3650, self.clock_now())
            .await
            .expect("a token")
            .0
    }

    /// Jette (BE) and Sidi Bibi (MA), their partnership (trade, tourism, practices) with its
    /// bank account, and a coordinator with a confirmed address, [`COORDINATOR`].
    pub async fn partnership(&self) -> Partnership {
        self.partnership_between(
            ("Jette", "Bruxelles-Capitale"),
            ("Sidi Bibi", "Souss-Massa"),
            COORDINATOR,
        )
        .await
    }

    /// Another partnership, Schaerbeek (BE) and Al Hoceima (MA), with its bank account and
    /// its coordinator [`OTHER_COORDINATOR`]: someone who coordinates, but not Jette – Sidi Bibi.
    pub async fn other_partnership(&self) -> Partnership {
        self.partnership_between(
            ("Schaerbeek", "Bruxelles-Capitale"),
            ("Al Hoceima", "Tanger-Tétouan-Al Hoceïma"),
            OTHER_COORDINATOR,
        )
        .await
    }

    /// A Belgian and a Moroccan territory (name, region), their partnership (trade, tourism,
    /// practices) with its bank account, and `coordinator` (address confirmed, password
    /// [`PASSWORD`]) appointed to it.
    pub async fn partnership_between(
        &self,
        belgian: (&str, &str),
        partner: (&str, &str),
        coordinator: &str,
    ) -> Partnership {
        let admin = self.admin_token().await;
        let mut slugs = Vec::new();
        for territory in [
            json!({"name": belgian.0, "country": "BE", "region": belgian.1}),
            json!({"name": partner.0, "country": "MA", "region": partner.1}),
        ] {
            let res = self
                .post_json("/api/v1/territories", &territory, Some(&admin))
                .await;
            assert_eq!(res.status(), StatusCode::CREATED, "{territory}");
            let json: Value = res.json().await.expect("territory json");
            slugs.push(json["slug"].as_str().expect("a slug").to_owned());
        }
        let res = self
            .post_json(
                "/api/v1/partnerships",
                &json!({"belgian_territory": slugs[0], "partner_territory": slugs[1],
                        "since": 2010, "pillars": ["trade", "tourism", "practices"]}),
                Some(&admin),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the partnership");
        let slug = res.json::<Value>().await.expect("partnership json")["slug"]
            .as_str()
            .expect("a slug")
            .to_owned();
        let coordinator = coordinator.to_owned();
        let coordinator_token = self.account(&coordinator).await;
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
                &json!({"account_name": format!("{} – {}", belgian.0, partner.0),
                        "iban": PARTNERSHIP_IBAN, "bic": PARTNERSHIP_BIC}),
                Some(&admin),
            )
            .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "the bank account");
        let partner_territory = slugs.pop().expect("the partner territory");
        let belgian_territory = slugs.pop().expect("the Belgian territory");
        Partnership {
            slug,
            belgian_territory,
            partner_territory,
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
        let token = self.account(member_email).await;
        let producer = self
            .approved_producer_named(partnership, &token, "Coopérative Taounza")
            .await;
        (producer, token)
    }

    /// The member `token` proposes the cooperative `name` in the partner territory of
    /// `partnership`, presented and with a contact, and the partnership's coordinator approves
    /// it.
    pub async fn approved_producer_named(
        &self,
        partnership: &Partnership,
        token: &str,
        name: &str,
    ) -> Producer {
        self.approved_producer_with(partnership, token, json!({ "name": name }))
            .await
    }

    /// The producer of [`TestApp::approved_producer_named`] with the fields of `changes` in
    /// place of its own.
    pub async fn approved_producer_with(
        &self,
        partnership: &Partnership,
        token: &str,
        changes: Value,
    ) -> Producer {
        let body = merged(
            json!({"name": "Coopérative Taounza", "partnership": partnership.slug,
                   "territory": partnership.partner_territory, "kind": "cooperative",
                   "description": "Coopérative de l'arganeraie",
                   "contact_email": "contact@taounza.example"}),
            changes,
        );
        let name = body["name"].as_str().unwrap_or_default().to_owned();
        let res = self
            .post_json("/api/v1/producers", &body, Some(token))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the producer {name}");
        let json: Value = res.json().await.expect("producer json");
        let id = json["id"].as_i64().expect("an id");
        let res = self
            .post_json(
                &format!("/api/v1/producers/{id}/approve"),
                &json!({}),
                Some(&partnership.coordinator_token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "the approval of {name}");
        let json: Value = res.json().await.expect("producer json");
        Producer {
            id,
            slug: json["slug"].as_str().expect("a slug").to_owned(),
        }
    }

    /// A product of `producer`, added by one of its members (`token`): a 250 ml bottle of
    /// argan oil named `name`, 14.90 €, 12 to a case. Returns it as the API does.
    pub async fn product(&self, producer: i64, token: &str, name: &str) -> Value {
        self.product_with(producer, token, name, json!({})).await
    }

    /// The product of [`TestApp::product`] with the fields of `changes` in place of its own.
    pub async fn product_with(
        &self,
        producer: i64,
        token: &str,
        name: &str,
        changes: Value,
    ) -> Value {
        let body = merged(
            json!({"name": {"fr": name},
                   "description": {"fr": "Amandons torréfiés, goût de noisette"},
                   "category": "oils", "unit": "250 ml", "case_size": 12,
                   "weight_grams": 480, "price_cents": 1490, "vat_rate_bp": 600,
                   "stock": 100}),
            changes,
        );
        let res = self
            .post_json(
                &format!("/api/v1/producers/{producer}/products"),
                &body,
                Some(token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the product {name}");
        res.json().await.expect("product json")
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

/// `base` with the fields of `changes` in place of its own.
pub fn merged(mut base: Value, changes: Value) -> Value {
    if let (Some(base), Some(changes)) = (base.as_object_mut(), changes.as_object()) {
        for (k, v) in changes {
            base.insert(k.clone(), v.clone());
        }
    }
    base
}
