//! The exchange of practices: a third partnership and the TOGETHER network of territories.

use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;

use super::Partnership;
use crate::helpers::{Options, TestApp};

/// The coordinator of [`TestApp::braine_partnership`] (password [`super::PASSWORD`]).
pub const BRAINE_COORDINATOR: &str = "coordinator.braine@example.org";

/// The address of the coordinator of the partnership `slug` that [`network_app`] makes.
pub fn coordinator_of(slug: &str) -> &'static str {
    match slug {
        "jette-sidi-bibi" => super::COORDINATOR,
        "schaerbeek-al-hoceima" => super::OTHER_COORDINATOR,
        _ => BRAINE_COORDINATOR,
    }
}

/// Jette – Sidi Bibi, Schaerbeek – Al Hoceima and Braine-l'Alleud – Tafraout Ammelne with
/// their coordinators, and TOGETHER with Braine-l'Alleud, Tafraout Ammelne and Al Hoceima
/// (not Schaerbeek, Jette nor Sidi Bibi).
pub async fn network_app(opts: Options) -> TestApp {
    let app = TestApp::spawn_with(opts).await;
    app.partnership().await;
    app.other_partnership().await;
    app.braine_partnership().await;
    app.together(&["braine-l-alleud", "tafraout-ammelne", "al-hoceima"])
        .await;
    app
}

impl TestApp {
    /// Braine-l'Alleud (BE) and Tafraout Ammelne (MA), their partnership with its bank
    /// account, and its coordinator [`BRAINE_COORDINATOR`].
    pub async fn braine_partnership(&self) -> Partnership {
        self.partnership_between(
            ("Braine-l'Alleud", "Brabant wallon"),
            ("Tafraout Ammelne", "Souss-Massa"),
            BRAINE_COORDINATOR,
        )
        .await
    }

    /// The network TOGETHER with `members` (territory slugs) as its members. The network is a
    /// row written here (networks come with the demo or from an operator: no page or API
    /// makes one); its members are added by an administrator through the API.
    pub async fn together(&self, members: &[&str]) {
        entity::network::ActiveModel {
            slug: Set("together".into()),
            name: Set("TOGETHER".into()),
            founded_year: Set(Some(2013)),
            description: Set([("fr", "Réseau des territoires de coresponsabilité.")]
                .into_iter()
                .collect()),
            created_at: Set(self.clock_now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .expect("the network");
        let admin = self.admin_token().await;
        for territory in members {
            let res = self
                .post_json(
                    "/api/v1/networks/together/members",
                    &json!({"territory": territory, "joined": 2014}),
                    Some(&admin),
                )
                .await;
            assert_eq!(res.status(), StatusCode::CREATED, "{territory} joins");
        }
    }
}
