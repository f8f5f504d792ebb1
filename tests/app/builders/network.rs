//! The exchange of practices: a third partnership and the TOGETHER network of territories.

use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;

use super::Partnership;
use crate::helpers::TestApp;

/// The coordinator of [`TestApp::braine_partnership`] (password [`super::PASSWORD`]).
pub const BRAINE_COORDINATOR: &str = "coordinator.braine@example.org";

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
