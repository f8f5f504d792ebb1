//! Producers paid, in a real browser: the partnership's treasurer prepares a batch from what is
//! owed and records each transfer paid (French), one with the bank's confirmation as its proof;
//! the cooperative's member follows the email's link on a phone and reads, in Arabic, that the
//! statement is settled, the proof linked.

use fantoccini::Locator;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::browser::{
    browser, click, fill, html_attr, log_in_with, overflows, wait_for, wait_for_text,
};
use crate::builders::{COOPERATIVES_MEMBER, PASSWORD, delivered_and_paid};
use crate::group_flow::{link_path, outbox};
use crate::group_orders::scene;

#[tokio::test]
async fn a_treasurer_pays_the_producers_and_the_cooperative_reads_its_statement_in_arabic() {
    let Some(b) = browser().await else { return };
    let c = &b.client;
    let s = scene(None).await;
    let app = &s.app;
    let d = delivered_and_paid(&s).await;
    entity::user::Entity::update_many()
        .col_expr(
            entity::user::Column::Locale,
            sea_orm::sea_query::Expr::value("ar"),
        )
        .filter(entity::user::Column::Email.eq(COOPERATIVES_MEMBER))
        .exec(&app.db)
        .await
        .unwrap();
    let slug = &s.partnership.slug;

    // The treasurer opens the payouts from the partnership page: what is owed, pre-filled.
    log_in_with(c, app, &s.partnership.coordinator, PASSWORD).await;
    c.goto(&app.url(&format!("/partnerships/{slug}")))
        .await
        .unwrap();
    click(c, &format!("a[href='/partnerships/{slug}/payouts']")).await;
    let form = format!("form[action='/partnerships/{slug}/payouts']");
    wait_for(c, &form).await;
    assert_eq!(html_attr(c, "lang").await.as_deref(), Some("fr"));
    for producer in [d.argan.0, d.honey.0] {
        let owed = wait_for(c, &format!("#owed-{producer}")).await;
        assert!(owed.text().await.unwrap().contains('€'));
    }
    click(c, &format!("{form} button[type='submit']")).await;
    wait_for(c, "article.transfer").await;
    let payouts = entity::payout::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(payouts.len(), 2, "one transfer per producer owed");

    // Each transfer recorded paid with its bank reference; the first with the bank's
    // confirmation chosen from the file picker.
    let confirmation = b.temp_path("confirmation.pdf");
    let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
    std::fs::write(&confirmation, pdf).unwrap();
    for (i, p) in payouts.iter().enumerate() {
        let id = p.id;
        fill(c, &format!("p{id}-bank_reference"), &format!("VIR-{id}")).await;
        if i == 0 {
            c.find(Locator::Id(&format!("p{id}-proof")))
                .await
                .unwrap()
                .send_keys(&confirmation.display().to_string())
                .await
                .unwrap();
        }
        click(
            c,
            &format!("form[action$='/transfers/{id}/paid'] button[type='submit']"),
        )
        .await;
        wait_for_text(c, &format!("#transfer-{id}"), &format!("VIR-{id}")).await;
    }
    let paid: Vec<_> = entity::ledger_entry::Entity::find()
        .filter(
            entity::ledger_entry::Column::Kind.eq(entity::ledger_entry::LedgerKind::ProducerPaid),
        )
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(paid.len(), 2);
    let first = entity::payout::Entity::find_by_id(payouts[0].id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.proof_name.as_deref(), Some("confirmation.pdf"));
    wait_for(
        c,
        &format!(
            "#transfer-{} a[href$='/transfers/{}/proof']",
            first.id, first.id
        ),
    )
    .await;
    let total: i64 = payouts.iter().map(|p| p.amount_cents.get()).sum();
    assert_eq!(
        paid.iter().map(|e| e.amount_cents.get()).sum::<i64>(),
        -total,
        "the ledger records what was paid, to the cent"
    );
    click(c, "form[action='/logout'] button[type='submit']").await;
    wait_for(c, "nav a[href='/login']").await;

    // The cooperative's member, on a phone, from the email to the statement, in Arabic.
    b.phone().await;
    let mail = outbox(app, COOPERATIVES_MEMBER, "producer_paid").await;
    let link = link_path(&mail.body_text, "/producer/");
    c.goto(&app.url(&link)).await.unwrap();
    wait_for(c, "form[action='/login']").await;
    assert_eq!(html_attr(c, "dir").await.as_deref(), Some("rtl"));
    fill(c, "email", COOPERATIVES_MEMBER).await;
    fill(c, "password", PASSWORD).await;
    click(c, "form[action='/login'] button[type='submit']").await;
    wait_for_text(c, "h1", "كشف حساب").await;
    assert_eq!(html_attr(c, "lang").await.as_deref(), Some("ar"));
    let owed = wait_for(c, "#owed").await.text().await.unwrap();
    assert!(
        owed.starts_with('0') && !owed.chars().any(|ch| ('1'..='9').contains(&ch)),
        "nothing left owed: {owed}"
    );
    // The proof of the transfer paid with one, from its producer's statement.
    c.goto(&app.url(&format!("/producer/{}/statement", first.producer_id)))
        .await
        .unwrap();
    wait_for(
        c,
        &format!(
            "#payout-{} a[href$='/transfers/{}/proof']",
            first.id, first.id
        ),
    )
    .await;
    assert!(!overflows(c).await, "the statement fits a phone");
    b.close().await;
}
