//! A producer's approval walked through its states on the pages: in every state but the last,
//! each responsible person (the partnership's coordinators, the producer's members) is offered
//! an action, possible now or shown disabled with what it waits for.

use entity::producer::ProducerStatus;
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::builders::{PASSWORD, Producer};
use crate::helpers::{TestApp, Visitor};

/// The approval actions a page offers: (action, enabled, reason shown when disabled).
fn actions(html: &str) -> Vec<(String, bool, Option<String>)> {
    html.split("data-action=\"")
        .skip(1)
        .map(|rest| {
            let action = rest[..rest.find('"').unwrap()].to_owned();
            let end = rest
                .find("</form>")
                .or_else(|| rest.find("</p>"))
                .unwrap_or(rest.len());
            let block = &rest[..end];
            let enabled = !block.contains(" disabled");
            let reason = block.split("class=\"action-reason\"").nth(1).map(|r| {
                let start = r.find('>').unwrap() + 1;
                r[start..start + r[start..].find('<').unwrap()].to_owned()
            });
            (action, enabled, reason)
        })
        .collect()
}

async fn status(app: &TestApp, id: i64) -> ProducerStatus {
    entity::producer::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .status
}

/// Fails when a role responsible in a non-final state is offered nothing, or offered a
/// disabled action without its reason.
async fn check_offers(
    state: &str,
    who: &str,
    v: &Visitor<'_>,
    page: &str,
) -> Vec<(String, bool, Option<String>)> {
    let (code, html) = v.page(page).await;
    assert_eq!(code, StatusCode::OK, "{who} on {page}");
    let offered = actions(&html);
    assert!(
        !offered.is_empty(),
        "{state}: the {who} is offered no action on {page}"
    );
    for (action, enabled, reason) in &offered {
        assert!(
            *enabled || reason.as_deref().is_some_and(|r| !r.is_empty()),
            "{state}: {action} is disabled without a reason for the {who}"
        );
    }
    offered
}

fn find<'a>(
    offered: &'a [(String, bool, Option<String>)],
    action: &str,
) -> &'a (String, bool, Option<String>) {
    offered
        .iter()
        .find(|(a, ..)| a == action)
        .unwrap_or_else(|| panic!("no {action} in {offered:?}"))
}

#[tokio::test]
async fn every_state_of_a_producers_approval_offers_its_responsible_people_an_action() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let Producer { id, slug, .. } = app.pending_producer("fatima@example.org").await;
    let member = app.visitor("fatima@example.org", PASSWORD).await;
    let coordinator = app.visitor(&partnership.coordinator, PASSWORD).await;
    let manage = format!("/producer/{id}");
    let public = format!("/producers/{slug}");
    let review = "/partnerships/jette-sidi-bibi/producers";

    // Pending, with neither a presentation nor a contact: approval waits for them.
    assert_eq!(status(&app, id).await, ProducerStatus::Pending);
    let mine = check_offers("pending", "member", &member, &manage).await;
    assert!(find(&mine, "edit_profile").1);
    let (_, page) = member.page(&manage).await;
    assert!(page.contains("le numéro ODCo") && page.contains("une photo"));
    for page in [public.as_str(), review] {
        let theirs = check_offers("pending", "coordinator", &coordinator, page).await;
        let approve = find(&theirs, "approve");
        assert!(!approve.1, "approval waits for the profile");
        assert_eq!(
            approve.2.as_deref(),
            Some(
                "Pas encore possible\u{a0}: il manque une présentation, un e-mail ou un téléphone de contact."
            )
        );
        assert!(find(&theirs, "reject").1);
    }
    // Forcing it anyway is refused, and nothing changes.
    let res = coordinator
        .submit(
            &public,
            &format!("/producers/{id}/review"),
            &[("decision", "approve"), ("back", &public)],
        )
        .await;
    assert!(res.status().is_client_error() || res.status() == StatusCode::SEE_OTHER);
    assert_eq!(status(&app, id).await, ProducerStatus::Pending);
    // A refusal needs its reason.
    let res = coordinator
        .submit(
            &public,
            &format!("/producers/{id}/review"),
            &[("decision", "reject"), ("note", " "), ("back", &public)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = coordinator.page(&public).await;
    assert!(page.contains("Donnez le motif du refus"));
    assert_eq!(status(&app, id).await, ProducerStatus::Pending);
    let res = coordinator
        .submit(
            &public,
            &format!("/producers/{id}/review"),
            &[
                ("decision", "reject"),
                ("note", "Présentez la coopérative et donnez un contact."),
                ("back", &public),
            ],
        )
        .await;
    assert_eq!(
        crate::helpers::location(&res),
        public,
        "back where it was made"
    );

    // Rejected: the members correct the profile and ask again; it waits for the same things.
    assert_eq!(status(&app, id).await, ProducerStatus::Rejected);
    let mine = check_offers("rejected", "member", &member, &manage).await;
    let resubmit = find(&mine, "resubmit");
    assert!(!resubmit.1 && resubmit.2.is_some());
    let (_, page) = member.page(&manage).await;
    assert!(page.contains("Présentez la coopérative et donnez un contact."));
    check_offers("rejected", "coordinator", &coordinator, review).await;
    let edit = format!("/producer/{id}/edit");
    let res = member
        .submit(
            &edit,
            &edit,
            &[
                ("name", "Coopérative Ighrem"),
                ("kind", "cooperative"),
                ("partnership", "jette-sidi-bibi"),
                ("territory", "sidi-bibi"),
                (
                    "description_fr",
                    "Huile d'argan pressée par quarante femmes d'Ighrem.",
                ),
                ("contact_email", "ighrem@example.org"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let mine = check_offers("rejected", "member", &member, &manage).await;
    assert!(find(&mine, "resubmit").1, "complete now");
    let res = member
        .submit(&manage, &format!("/producer/{id}/resubmit"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Pending again, complete: the coordinator approves from the producer's page.
    assert_eq!(status(&app, id).await, ProducerStatus::Pending);
    check_offers("pending", "member", &member, &manage).await;
    let theirs = check_offers("pending", "coordinator", &coordinator, &public).await;
    assert!(find(&theirs, "approve").1);
    coordinator
        .submit(
            &public,
            &format!("/producers/{id}/review"),
            &[("decision", "approve"), ("back", &public)],
        )
        .await;
    assert_eq!(status(&app, id).await, ProducerStatus::Approved);

    // Approved is where the workflow ends; approving again is refused.
    let res = app
        .post_json(
            &format!("/api/v1/producers/{id}/approve"),
            &json!({}),
            Some(&partnership.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let mails: Vec<String> = entity::outbox_message::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.to_email == "fatima@example.org" && m.template.starts_with("producer_"))
        .map(|m| m.template)
        .collect();
    assert_eq!(mails, ["producer_rejected", "producer_approved"]);
}

#[tokio::test]
async fn the_api_asks_for_a_reason_and_a_complete_profile() {
    let app = TestApp::spawn().await;
    let coordinator = app.partnership().await.coordinator_token;
    let token = app.user_token("youssef@example.org").await;
    let res = app
        .post_json(
            "/api/v1/producers",
            &json!({"name": "Association Tizi", "partnership": "jette-sidi-bibi",
                    "territory": "sidi-bibi", "kind": "association"}),
            Some(&token),
        )
        .await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/producers/{id}/reject"),
            &json!({"note": ""}),
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post_json(
            &format!("/api/v1/producers/{id}/approve"),
            &json!({}),
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let problem: Value = res.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("presentation"),
        "{problem}"
    );
    let res = app
        .post_json(
            &format!("/api/v1/producers/{id}/resubmit"),
            &json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "not rejected");
}
