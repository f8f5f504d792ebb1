//! What payments put on a person's own page, read through the library.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use passerelle::payments::space::space_items;
use passerelle::web::i18n::Lang;
use passerelle::web::space::{SpaceItem, SpaceKind};
use reqwest::StatusCode;
use serde_json::json;

use crate::builders::PASSWORD;
use crate::helpers::TestApp;
use crate::payment_pages::{TREASURER, owed};

/// The space of `email`, and how many statements it took.
async fn space_of(
    app: &TestApp,
    email: &str,
    password: &str,
    lang: Lang,
) -> (Vec<SpaceItem>, usize) {
    let user = passerelle::accounts::service::authenticate(&app.db, email, password)
        .await
        .unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let mut db = app.db.clone();
    let counter = count.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let items = space_items(&db, &user, app.clock_now(), lang)
        .await
        .unwrap();
    (items, count.load(Ordering::SeqCst))
}

#[tokio::test]
async fn a_payer_sees_what_is_left_to_pay_and_receipts_a_treasurer_what_waits() {
    let app = TestApp::spawn().await;
    app.partnership().await;
    app.user_token("lina@example.org").await;
    let open = owed(&app, "lina@example.org", 4000, "Commande de décembre").await;
    let paid = owed(&app, "lina@example.org", 2500, "Commande de novembre").await;
    let treasurer = app.token(TREASURER, PASSWORD).await;
    let pay = |reference: String, cents: i64| {
        let treasurer = treasurer.clone();
        let app = &app;
        async move {
            let res = app
                .post_json(
                    &format!("/api/v1/payment-requests/{reference}/payments"),
                    &json!({"amount_cents": cents, "received_on": "2026-12-01"}),
                    Some(&treasurer),
                )
                .await;
            assert_eq!(res.status(), StatusCode::CREATED);
        }
    };
    pay(open.reference.clone(), 1000).await;
    pay(paid.reference.clone(), 2500).await;
    let (before, queries_before) = space_of(&app, TREASURER, PASSWORD, Lang::Fr).await;

    let (items, _) = space_of(&app, "lina@example.org", "a long password", Lang::Fr).await;
    let todo = items
        .iter()
        .find(|i| i.href == format!("/pay/{}", open.reference))
        .expect("the open request");
    assert_eq!(todo.kind, SpaceKind::Todo);
    assert_eq!(todo.title, "Commande de décembre");
    assert_eq!(
        todo.detail,
        "Reste à payer\u{a0}: 30,00\u{a0}€, avant le 15 décembre 2026"
    );
    let done = items
        .iter()
        .find(|i| i.href == format!("/pay/{}", paid.reference))
        .expect("the paid request");
    assert_eq!(done.kind, SpaceKind::Done);
    assert!(
        done.detail.starts_with("Payé 25,00\u{a0}€"),
        "{}",
        done.detail
    );
    let (label, receipt) = done.extra.clone().expect("a receipt link");
    assert_eq!(label, "Reçu imprimable");
    let payer = app.visitor("lina@example.org", "a long password").await;
    let (status, page) = payer.page(&receipt).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("25,00") && page.contains("1er décembre 2026"),
        "{page}"
    );
    // In Arabic, the same lines in Arabic.
    let (items, _) = space_of(&app, "lina@example.org", "a long password", Lang::Ar).await;
    assert!(items.iter().any(|i| i.detail.starts_with("المتبقي للدفع")));

    // The treasurer: an overpayment to refund, a bank refund to make, a line to match.
    pay(paid.reference.clone(), 300).await;
    let res = app
        .post_json(
            &format!("/api/v1/payment-requests/{}/refunds", open.reference),
            &json!({"amount_cents": 200, "reason": "produit manquant"}),
            Some(&treasurer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    app.client
        .post(app.url("/api/v1/partnerships/jette-sidi-bibi/statements"))
        .bearer_auth(&treasurer)
        .body(
            "2026-12-03,12.00,sans communication,Quelqu'un\n2026-12-04,7.00,toujours rien,Autre\n",
        )
        .send()
        .await
        .unwrap();
    let (items, queries) = space_of(&app, TREASURER, PASSWORD, Lang::Fr).await;
    let details: Vec<&str> = items.iter().map(|i| i.detail.as_str()).collect();
    assert!(
        details.contains(&"2 lignes de relevé à rapprocher à la main"),
        "{details:#?}"
    );
    assert!(
        items
            .iter()
            .any(|i| i.detail.starts_with("À rembourser\u{a0}: 3,00\u{a0}€")
                && i.href == format!("/payments/requests/{}#refund", paid.reference)),
        "{details:#?}"
    );
    assert!(
        items.iter().any(|i| i
            .detail
            .starts_with("Virement de remboursement à faire\u{a0}: 2,00\u{a0}€")),
        "{details:#?}"
    );
    assert!(items.iter().all(|i| i.kind == SpaceKind::Todo));
    assert!(items.len() > before.len());
    assert_eq!(
        queries, queries_before,
        "a fixed number of queries whatever the data"
    );
    assert!(queries <= 8, "{queries} queries");
    // Someone who keeps no books and owes nothing: nothing, in two queries.
    app.user_token("nobody@example.org").await;
    let (items, queries) = space_of(&app, "nobody@example.org", "a long password", Lang::Fr).await;
    assert!(items.is_empty());
    assert_eq!(queries, 2);
}
