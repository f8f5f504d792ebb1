//! The payment request's state machine, walked through the pages: every state that is not final
//! offers the person responsible for it (the payer to pay, the treasurer to record, refund or
//! cancel) an action on their page, and what is not possible yet is shown disabled with why.

use entity::payment_request::RequestStatus;
use entity::refund::RefundStatus;
use passerelle::payments::actions::{Facts, Role};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, Iterable, QueryFilter};

use crate::builders::PASSWORD;
use crate::helpers::{TestApp, Visitor};
use crate::payment_pages::{TREASURER, owed, row};

/// The actions a page offers: `data-action` of elements not marked blocked, and those blocked.
fn actions_on(html: &str) -> (Vec<String>, Vec<String>) {
    let (mut enabled, mut blocked) = (Vec::new(), Vec::new());
    let mut rest = html;
    while let Some(i) = rest.find("data-action=\"") {
        let tag_start = rest[..i].rfind('<').unwrap_or(0);
        let tag_end = i + rest[i..].find('>').unwrap_or(rest.len() - i);
        let tag = &rest[tag_start..tag_end];
        let name_start = i + "data-action=\"".len();
        let name = &rest[name_start..name_start + rest[name_start..].find('"').unwrap()];
        if tag.contains("data-blocked") {
            blocked.push(name.to_owned());
        } else {
            enabled.push(name.to_owned());
        }
        rest = &rest[tag_end..];
    }
    (enabled, blocked)
}

struct Walk<'a> {
    app: &'a TestApp,
    payer: Visitor<'a>,
    treasurer: Visitor<'a>,
    seen: Vec<RequestStatus>,
}

impl Walk<'_> {
    /// Checks the request's pages in its current state: each role responsible for moving it on
    /// has something it can do; a final state asks nothing of anyone.
    async fn check(&mut self, id: entity::PaymentRequestId) {
        let r = row(self.app, id).await;
        let facts = Facts {
            status: r.status,
            amount_cents: r.amount_cents,
            paid_cents: r.paid_cents,
            refunded_cents: r.refunded_cents,
            card_available: false,
        };
        let label = format!(
            "{:?} (paid {}, refunded {})",
            r.status,
            r.paid_cents.get(),
            r.refunded_cents.get()
        );
        self.seen.push(r.status);
        let (status, payer_page) = self.payer.page(&format!("/pay/{}", r.reference)).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let (status, treasurer_page) = self
            .treasurer
            .page(&format!("/payments/requests/{}", r.reference))
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let payer = actions_on(&payer_page);
        let treasurer = actions_on(&treasurer_page);
        for role in facts.responsible() {
            let (mine, page) = match role {
                Role::Payer => (&payer, &payer_page),
                Role::Treasurer => (&treasurer, &treasurer_page),
            };
            assert!(
                !mine.0.is_empty(),
                "{label}: the {role:?} is responsible but can do nothing: {mine:?}\n{page}"
            );
        }
        if facts.is_final() {
            assert!(
                payer.0.iter().all(|a| a == "receipt"),
                "{label}: nothing asked of the payer: {payer:?}"
            );
        } else {
            assert!(
                !facts.responsible().is_empty(),
                "{label}: not final, yet nobody is responsible"
            );
        }
        // What cannot be done yet is shown with its reason, next to it.
        for blocked in &treasurer.1 {
            assert!(
                treasurer_page.contains(&format!(
                    "id=\"{}-blocked\"",
                    blocked.replace("_transfer", "")
                )),
                "{label}: {blocked} without its reason"
            );
        }
    }

    async fn submit(&self, reference: &str, action: &str, fields: &[(&str, &str)]) {
        let page = format!("/payments/requests/{reference}");
        let res = self
            .treasurer
            .submit(&page, &format!("{page}/{action}"), fields)
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{action} {fields:?}");
    }
}

#[tokio::test]
async fn every_state_of_a_payment_request_offers_its_responsible_person_an_action() {
    let app = TestApp::spawn().await;
    app.partnership().await;
    app.user_token("walk@example.org").await;
    let mut walk = Walk {
        app: &app,
        payer: app.visitor("walk@example.org", "a long password").await,
        treasurer: app.visitor(TREASURER, PASSWORD).await,
        seen: Vec::new(),
    };
    let day = ("received_on", "2026-12-02");

    // open -> partly paid -> overpaid -> (refund the excess) paid -> refunded.
    let a = owed(&app, "walk@example.org", 2000, "Parcours A").await;
    walk.check(a.id).await;
    let (_, pay) = walk.payer.page(&format!("/pay/{}", a.reference)).await;
    assert!(
        pay.contains("data-action=\"pay_by_card\" data-blocked=\"true\"")
            && pay.contains("payez par virement"),
        "card payment shown disabled with the reason"
    );
    let (_, page) = walk
        .treasurer
        .page(&format!("/payments/requests/{}", a.reference))
        .await;
    assert!(
        page.contains("encore été payé"),
        "refund disabled, with why"
    );
    walk.submit(&a.reference, "record", &[("amount", "8,00"), day])
        .await;
    walk.check(a.id).await;
    walk.submit(&a.reference, "record", &[("amount", "15,00"), day])
        .await;
    walk.check(a.id).await;
    walk.submit(&a.reference, "refund", &[("refund_amount", "3,00")])
        .await;
    walk.check(a.id).await;
    walk.submit(&a.reference, "refund", &[("refund_amount", "20,00")])
        .await;
    walk.check(a.id).await;

    // open -> partly paid -> cancelled holding money -> (refunded) cancelled.
    let b = owed(&app, "walk@example.org", 2000, "Parcours B").await;
    walk.submit(&b.reference, "record", &[("amount", "5,00"), day])
        .await;
    walk.submit(&b.reference, "cancel", &[]).await;
    walk.check(b.id).await;
    walk.submit(&b.reference, "refund", &[("refund_amount", "5,00")])
        .await;
    walk.check(b.id).await;
    // Cancelled before any money: final at once.
    let c = owed(&app, "walk@example.org", 2000, "Parcours C").await;
    walk.submit(&c.reference, "cancel", &[]).await;
    walk.check(c.id).await;

    for state in RequestStatus::iter() {
        assert!(walk.seen.contains(&state), "{state:?} never walked");
    }

    // The waiting work of the books: a refund to transfer by hand, a line to match by hand.
    let books = "/partnerships/jette-sidi-bibi/payments";
    let (_, page) = walk.treasurer.page(books).await;
    let pending = entity::refund::Entity::find()
        .filter(entity::refund::Column::Status.eq(RefundStatus::Pending))
        .all(&app.db)
        .await
        .unwrap();
    assert!(!pending.is_empty());
    assert!(actions_on(&page).0.contains(&"refund_done".to_owned()));
    let token = app.token(TREASURER, PASSWORD).await;
    app.client
        .post(app.url("/api/v1/partnerships/jette-sidi-bibi/statements"))
        .bearer_auth(&token)
        .body("2026-12-03,12.00,virement sans communication,Quelqu'un\n")
        .send()
        .await
        .unwrap();
    let (_, page) = walk.treasurer.page(books).await;
    assert!(
        actions_on(&page).0.contains(&"match".to_owned()),
        "an unmatched line offers to match it by hand"
    );
}
