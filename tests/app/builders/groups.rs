//! Consumer groups: a group with its coordinator, and households that join it through the
//! emailed invitation, as people do.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use super::Partnership;
use crate::helpers::TestApp;

/// The coordinator of the group [`TestApp::group`] makes (password [`super::PASSWORD`]).
pub const GROUP_COORDINATOR: &str = "group@example.org";

/// A household the tests invite into a group (password [`super::PASSWORD`]).
pub const HOUSEHOLD: &str = "household@example.org";

/// A consumer group the builders made.
pub struct Group {
    pub id: i64,
    /// Its coordinator's bearer token.
    pub coordinator_token: String,
}

impl TestApp {
    /// "GAC Jette", a consumer group in the Belgian territory of `partnership` with its pickup
    /// point, created by `coordinator` (a new account, address confirmed), who coordinates it.
    pub async fn group(&self, partnership: &Partnership, coordinator: &str) -> Group {
        let coordinator_token = self.account(coordinator).await;
        let res = self
            .post_json(
                "/api/v1/groups",
                &json!({"name": "GAC Jette", "partnership": partnership.slug,
                        "territory": partnership.belgian_territory,
                        "description": "Groupe d'achat commun de Jette.",
                        "pickup_point": {"name": "Centre culturel de Jette",
                                         "address": "Boulevard de Smet de Naeyer 145, 1090 Jette",
                                         "opening_hours": "Samedi 10h-12h"}}),
                Some(&coordinator_token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "the group");
        let json: Value = res.json().await.expect("group json");
        Group {
            id: json["id"].as_i64().expect("an id"),
            coordinator_token,
        }
    }

    /// A new account `email` (password [`super::PASSWORD`]) that the coordinator (`coordinator`,
    /// a bearer token) invites into `group` and that accepts through the emailed link; returns
    /// its bearer token.
    pub async fn group_member(&self, group: i64, coordinator: &str, email: &str) -> String {
        let res = self
            .post_json(
                &format!("/api/v1/groups/{group}/invitations"),
                &json!({ "email": email }),
                Some(coordinator),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "invite {email}");
        let mail = entity::outbox_message::Entity::find()
            .filter(entity::outbox_message::Column::ToEmail.eq(email))
            .filter(entity::outbox_message::Column::Template.eq("invitation"))
            .one(&self.db)
            .await
            .expect("the outbox")
            .expect("an invitation email");
        let token = mail
            .body_text
            .split("/invitations/")
            .nth(1)
            .and_then(|t| t.split_whitespace().next())
            .expect("an invitation link")
            .to_owned();
        let bearer = self.user_token(email).await;
        let res = self
            .post_json(
                &format!("/api/v1/invitations/{token}/accept"),
                &json!({}),
                Some(&bearer),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "accept {email}");
        bearer
    }
}
