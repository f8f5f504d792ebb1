//! Booking emails say what is true after the action: what was paid, what the policy keeps,
//! what is refunded and how, and that nothing more is owed once a booking is cancelled (no
//! "balance to pay" left over from a cancelled request), for every way a booking ends.

use chrono::Duration;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::builders::PASSWORD;
use crate::helpers::{TestApp, Visitor};

const JETTE: &str = "jette-sidi-bibi";

/// A stay of the Jette – Sidi Bibi partnership (minimum group 4), run by its coordinator.
pub struct Stay {
    pub app: TestApp,
    /// The coordinator's bearer token and address (password [`PASSWORD`]).
    pub host: String,
    pub host_email: String,
    pub trip: i64,
}

pub async fn stay() -> Stay {
    stay_with(4).await
}

pub async fn stay_with(min_group: i64) -> Stay {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let host = partnership.coordinator_token;
    let res = app
        .post_json(
            "/api/v1/trips",
            &json!({"title": "Vallée de l'arganier", "partnership": JETTE, "territory": "sidi-bibi",
                    "description": "Séjour chez l'habitant.", "min_group": min_group, "max_group": 10}),
            Some(&host),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let trip: Value = res.json().await.unwrap();
    Stay {
        trip: trip["id"].as_i64().unwrap(),
        host,
        host_email: partnership.coordinator,
        app,
    }
}

impl Stay {
    /// Another browser, signed in as the stay's host.
    pub async fn host_visitor(&self) -> Visitor<'_> {
        self.app.visitor(&self.host_email, PASSWORD).await
    }

    /// A departure `days` from now at 640.00 € a place (30% deposit, balance 30 days before).
    pub async fn departure(&self, days: i64, capacity: i64) -> i64 {
        self.app
            .departure(&self.host, self.trip, days, capacity)
            .await["id"]
            .as_i64()
            .unwrap()
    }

    /// Books `names` for `email` (a new verified account): (token, booking reference, the
    /// deposit request's reference).
    pub async fn book(
        &self,
        email: &str,
        departure: i64,
        names: &[&str],
    ) -> (String, String, String) {
        let token = self.app.verified_token(email).await;
        let travellers: Vec<Value> = names.iter().map(|n| json!({"name": n})).collect();
        let res = self
            .app
            .post_json(
                &format!("/api/v1/departures/{departure}/bookings"),
                &json!({"travellers": travellers, "contact_email": email}),
                Some(&token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let b: Value = res.json().await.unwrap();
        (
            token,
            b["id"].as_str().unwrap().to_owned(),
            b["payment"]["reference"].as_str().unwrap().to_owned(),
        )
    }

    /// The treasurer records a transfer of `cents` on a payment request.
    pub async fn pay(&self, request: &str, cents: i64) {
        self.app.record_transfer(&self.host, request, cents).await;
    }

    pub async fn balance_request(&self, booking: &str) -> String {
        let b = entity::booking::Entity::find()
            .filter(entity::booking::Column::Reference.eq(booking))
            .one(&self.app.db)
            .await
            .unwrap()
            .unwrap();
        entity::payment_request::Entity::find_by_id(b.balance_request_id.expect("a balance"))
            .one(&self.app.db)
            .await
            .unwrap()
            .unwrap()
            .reference
    }

    pub async fn cancel(&self, token: &str, booking: &str, reason: &str) -> Value {
        let res = self
            .app
            .post_json(
                &format!("/api/v1/bookings/{booking}/cancel"),
                &json!({"reason": reason}),
                Some(token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }
}

/// Spaces as plain spaces (French writes no-break spaces before `:` and inside amounts).
pub fn plain(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

/// The text of the last email sent to `to` whose subject starts with `subject`, after the
/// worker has written and sent what is due.
pub async fn last_mail(app: &TestApp, to: &str, subject: &str) -> String {
    app.run_worker().await;
    app.run_worker().await;
    let m = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::ToEmail.eq(to))
        .order_by_desc(entity::outbox_message::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|m| plain(&m.subject).starts_with(subject))
        .unwrap_or_else(|| panic!("an email \"{subject}…\" to {to}"));
    plain(&m.body_text)
}

#[tokio::test]
async fn a_traveller_who_cancels_early_after_the_deposit_is_told_it_is_kept_and_nothing_is_owed() {
    let s = stay().await;
    // 90 days ahead: the 60-days-or-more tier keeps the deposit (30%, 192.00 €).
    let d = s.departure(90, 8).await;
    let (token, booking, deposit) = s.book("nadia@example.org", d, &["Nadia"]).await;
    s.pay(&deposit, 19_200).await;
    let confirmed = last_mail(&s.app, "nadia@example.org", "Réservation confirmée").await;
    assert!(
        confirmed.contains("Vous avez payé 192,00 € sur 640,00 €."),
        "{confirmed}"
    );
    assert!(
        confirmed.contains("Solde à payer : 448,00 €, au plus tard le "),
        "{confirmed}"
    );
    assert!(
        !confirmed.contains("/20"),
        "dates as people write them: {confirmed}"
    );
    assert!(confirmed.contains("/pay/"), "a link to pay the balance");

    let c = s.cancel(&token, &booking, "").await;
    assert_eq!(c["refund_cents"], 0);
    let mail = last_mail(&s.app, "nadia@example.org", "Réservation annulée").await;
    for line in [
        "est annulée, comme vous l'avez demandé.",
        "Vous aviez payé 192,00 €.",
        "192,00 € sont retenus.",
        "Rien ne vous est donc remboursé.",
        "Vous ne devez plus rien",
    ] {
        assert!(mail.contains(line), "{line}: {mail}");
    }
    for untrue in ["Solde à payer", "448,00", "Remboursement : 0,00"] {
        assert!(!mail.contains(untrue), "{untrue}: {mail}");
    }
    // The booking page says the same.
    let traveller = s.app.visitor("nadia@example.org", "a long password").await;
    let (_, page) = traveller.page(&format!("/bookings/{booking}")).await;
    let page = plain(&page).replace("&#39;", "'");
    assert!(page.contains("Rien n'est remboursé."), "{page}");
    assert!(
        !page.contains("/pay/"),
        "nothing to pay on a cancelled booking"
    );
}

#[tokio::test]
async fn a_traveller_who_cancels_between_30_and_59_days_is_refunded_half_by_transfer() {
    let s = stay().await;
    let d = s.departure(45, 8).await;
    let (token, booking, deposit) = s.book("omar@example.org", d, &["Omar"]).await;
    s.pay(&deposit, 19_200).await;
    let balance = s.balance_request(&booking).await;
    s.pay(&balance, 44_800).await;
    let confirmed = last_mail(&s.app, "omar@example.org", "Réservation confirmée").await;
    assert!(
        confirmed.contains("entièrement payé") || confirmed.contains("Solde à payer"),
        "{confirmed}"
    );
    let c = s.cancel(&token, &booking, "").await;
    assert_eq!(c["refund_cents"], 32_000);
    let mail = last_mail(&s.app, "omar@example.org", "Réservation annulée").await;
    for line in [
        "Vous aviez payé 640,00 €.",
        "320,00 € sont retenus.",
        "Nous vous remboursons 320,00 €, par virement sur le compte d'où venait votre paiement.",
        "Vous ne devez plus rien",
    ] {
        assert!(mail.contains(line), "{line}: {mail}");
    }
    assert!(!mail.contains("Solde à payer"), "{mail}");
}

#[tokio::test]
async fn a_traveller_who_cancels_under_30_days_or_before_paying_is_told_what_is_true() {
    // A minimum group of one: the departure's check (due at once, its balance date is past)
    // confirms it rather than cancelling it.
    let s = stay_with(1).await;
    let d = s.departure(20, 8).await;
    // Under 30 days the whole price is asked at once, and the whole price is kept.
    let (token, booking, deposit) = s.book("late@example.org", d, &["Lina"]).await;
    s.pay(&deposit, 64_000).await;
    let confirmed = last_mail(&s.app, "late@example.org", "Réservation confirmée").await;
    assert!(confirmed.contains("entièrement payé"), "{confirmed}");
    assert!(!confirmed.contains("Solde à payer"), "{confirmed}");
    s.cancel(&token, &booking, "").await;
    let mail = last_mail(&s.app, "late@example.org", "Réservation annulée").await;
    assert!(mail.contains("640,00 € sont retenus."), "{mail}");
    assert!(mail.contains("Rien ne vous est donc remboursé."), "{mail}");

    // A hold cancelled before paying anything: nothing paid, nothing owed, nothing to refund.
    let (token, booking, _) = s.book("quick@example.org", d, &["Karim", "Sara"]).await;
    s.cancel(&token, &booking, "").await;
    let mail = last_mail(&s.app, "quick@example.org", "Réservation annulée").await;
    assert!(mail.contains("Vous n'aviez rien payé"), "{mail}");
    assert!(mail.contains("Vous ne devez plus rien"), "{mail}");
    assert!(
        !mail.contains("retenus") && !mail.contains("Solde"),
        "{mail}"
    );
}

#[tokio::test]
async fn when_the_hosts_cancel_everything_paid_goes_back_and_the_email_says_why() {
    let s = stay().await;
    let d = s.departure(90, 8).await;
    let (_, booking, deposit) = s.book("salma@example.org", d, &["Salma", "Idris"]).await;
    s.pay(&deposit, 38_400).await;
    let c = s
        .cancel(&s.host, &booking, "Piste coupée par les pluies")
        .await;
    assert_eq!(c["refund_cents"], 38_400);
    let mail = last_mail(
        &s.app,
        "salma@example.org",
        "Réservation annulée par les hôtes",
    )
    .await;
    for line in [
        "ont annulé votre réservation",
        "Leur motif : « Piste coupée par les pluies »",
        "Tout ce que vous avez payé vous est remboursé : 384,00 €, par virement",
        "Vous ne devez plus rien",
    ] {
        assert!(mail.contains(line), "{line}: {mail}");
    }
    assert!(
        !mail.contains("Solde à payer") && !mail.contains("retenus"),
        "{mail}"
    );
}

#[tokio::test]
async fn a_departure_short_of_its_minimum_or_called_off_by_its_hosts_refunds_everyone() {
    let s = stay().await;
    // Short of its minimum (4) on its balance date, 30 days before the start.
    let d = s.departure(40, 8).await;
    let (_, _, deposit) = s.book("nadia@example.org", d, &["Nadia", "Youssef"]).await;
    s.pay(&deposit, 38_400).await;
    s.app.advance(Duration::days(11));
    let mail = last_mail(&s.app, "nadia@example.org", "Départ annulé").await;
    for line in [
        "n'a pas atteint son nombre minimum de participants",
        "Tout ce que vous avez payé vous est remboursé : 384,00 €",
        "Vous ne devez plus rien",
    ] {
        assert!(mail.contains(line), "{line}: {mail}");
    }
    assert!(!mail.contains("Solde à payer"), "{mail}");

    // Called off by its hosts from the traveller list: a held party and a paid one.
    let d = s.departure(80, 8).await;
    let (_, _, deposit) = s.book("paid@example.org", d, &["Anne"]).await;
    s.pay(&deposit, 19_200).await;
    s.book("held@example.org", d, &["Ben"]).await;
    let host = s.host_visitor().await;
    let roster = format!("/host/departures/{d}");
    let res = host
        .submit(
            &roster,
            &format!("{roster}/cancel"),
            &[("reason", "Guide malade")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let paid = last_mail(&s.app, "paid@example.org", "Départ annulé").await;
    assert!(paid.contains("Les hôtes ont annulé le départ"), "{paid}");
    assert!(paid.contains("Leur motif : « Guide malade »"), "{paid}");
    assert!(
        paid.contains("Tout ce que vous avez payé vous est remboursé : 192,00 €"),
        "{paid}"
    );
    let held = last_mail(&s.app, "held@example.org", "Départ annulé").await;
    assert!(held.contains("Vous n'aviez rien payé"), "{held}");
    let refunded: i64 = entity::refund::Entity::find()
        .all(&s.app.db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.amount_cents.get())
        .sum();
    assert_eq!(refunded, 38_400 + 19_200, "both paid parties are refunded");
}
