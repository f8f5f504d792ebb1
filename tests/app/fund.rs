//! Community fund projects: travellers' designated shares, disbursements with proofs, figures
//! recomputed from the raw ledger rows, and a fund that never goes below zero.

use chrono::Duration;
use entity::ledger_entry::LedgerKind;
use passerelle::ledger;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::{COORDINATOR, OTHER_COORDINATOR, PASSWORD};
use crate::helpers::{TestApp, Visitor, csrf_in};

const JETTE: &str = "jette-sidi-bibi";
const SCHAERBEEK: &str = "schaerbeek-al-hoceima";

/// The coordinator of the partnership `slug`, one of the two [`fund`] makes.
fn coordinator(slug: &str) -> String {
    if slug == JETTE {
        COORDINATOR.into()
    } else {
        OTHER_COORDINATOR.into()
    }
}

/// A minimal real PDF.
const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

struct Fund {
    app: TestApp,
    /// The coordinator's bearer token (also the treasurer).
    token: String,
    trip: i64,
}

/// Jette – Sidi Bibi with a stay, and Schaerbeek – Al Hoceima.
async fn fund() -> Fund {
    let app = TestApp::spawn().await;
    app.partnership().await;
    app.other_partnership().await;
    let token = app.token(&coordinator(JETTE), PASSWORD).await;
    let res = app
        .post_json(
            "/api/v1/trips",
            &json!({"title": {"fr": "Six jours dans l'arganeraie"}, "partnership": JETTE,
                    "territory": "sidi-bibi", "description": "Séjour chez l'habitant.",
                    "min_group": 1, "max_group": 12}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let trip: Value = res.json().await.unwrap();
    Fund {
        trip: trip["id"].as_i64().unwrap(),
        token,
        app,
    }
}

impl Fund {
    /// A project proposed, then chosen (open) when `open`.
    async fn project(&self, slug: &str, title: &str, open: bool) -> i64 {
        let territory = if slug == JETTE {
            "sidi-bibi"
        } else {
            "al-hoceima"
        };
        let token = if slug == JETTE {
            self.token.clone()
        } else {
            self.app.token(&coordinator(slug), PASSWORD).await
        };
        let res = self
            .app
            .post_json(
                &format!("/api/v1/partnerships/{slug}/fund/projects"),
                &json!({"title": title, "territory": territory,
                        "description": "Une citerne d'eau pour l'école du douar.", "budget": "5 000"}),
                Some(&token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["status"], "proposed");
        let id = p["id"].as_i64().unwrap();
        if open {
            let (status, p) = self.decide_as(&token, id, "open").await;
            assert_eq!(status, StatusCode::OK, "{p}");
            assert_eq!(p["status"], "open");
        }
        id
    }

    async fn decide(&self, id: i64, status: &str) -> (StatusCode, Value) {
        self.decide_as(&self.token, id, status).await
    }

    async fn decide_as(&self, token: &str, id: i64, status: &str) -> (StatusCode, Value) {
        let res = self
            .app
            .post_json(
                &format!("/api/v1/fund-projects/{id}/status"),
                &json!({"status": status, "decision": "Choisi par la plateforme multi-acteurs."}),
                Some(token),
            )
            .await;
        (res.status(), res.json().await.unwrap_or(Value::Null))
    }

    /// A departure `days` from now at 640.00 € a place, 30% deposit, 5% to the fund.
    async fn departure(&self, days: i64) -> i64 {
        self.app.departure(&self.token, self.trip, days, 12).await["id"]
            .as_i64()
            .unwrap()
    }

    async fn book(
        &self,
        traveller: &str,
        departure: i64,
        seats: usize,
        project: Option<i64>,
    ) -> reqwest::Response {
        let travellers: Vec<Value> = (0..seats)
            .map(|i| json!({"name": format!("Voyageur {i}")}))
            .collect();
        self.app
            .post_json(
                &format!("/api/v1/departures/{departure}/bookings"),
                &json!({"travellers": travellers, "contact_email": "famille@example.org",
                        "fund_project_id": project}),
                Some(traveller),
            )
            .await
    }

    async fn pay(&self, reference: &str, cents: i64) {
        self.app
            .record_transfer(&self.token, reference, cents)
            .await;
    }

    /// Books and pays deposit and balance: returns the booking's reference.
    async fn paid_booking(&self, departure: i64, seats: usize, project: Option<i64>) -> String {
        let traveller = self
            .app
            .verified_token(&format!("t{}@example.org", rand::random::<u32>()))
            .await;
        let res = self.book(&traveller, departure, seats, project).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let b: Value = res.json().await.unwrap();
        self.pay(
            b["payment"]["reference"].as_str().unwrap(),
            b["amount_due_cents"].as_i64().unwrap(),
        )
        .await;
        let reference = b["id"].as_str().unwrap().to_owned();
        // The balance, when it was not asked at once with the deposit.
        if let Some(id) = self.booking(&reference).await.balance_request_id {
            let balance = entity::payment_request::Entity::find_by_id(id)
                .one(&self.app.db)
                .await
                .unwrap()
                .unwrap();
            self.pay(&balance.reference, balance.amount_cents.get())
                .await;
        }
        reference
    }

    async fn booking(&self, reference: &str) -> entity::booking::Model {
        entity::booking::Entity::find()
            .filter(entity::booking::Column::Reference.eq(reference))
            .one(&self.app.db)
            .await
            .unwrap()
            .unwrap()
    }

    async fn fund_json(&self, slug: &str) -> Value {
        let (status, f) = self
            .app
            .get_json(&format!("/api/v1/partnerships/{slug}/fund"), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        f
    }

    async fn project_json(&self, id: i64) -> Value {
        let (status, p) = self
            .app
            .get_json(&format!("/api/v1/fund-projects/{id}"), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        p
    }
}

/// Posts the disbursement form (multipart, with its proof) as `who`.
async fn disburse(
    who: &Visitor<'_>,
    project: i64,
    amount: &str,
    memo: &str,
    proof: (&[u8], &str),
) -> reqwest::Response {
    let (status, body) = who.page(&format!("/fund/{project}")).await;
    assert_eq!(status, StatusCode::OK);
    let token = csrf_in(&body).expect("a form");
    let paid_on = who.app.clock_now().date_naive().to_string();
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .text("amount", amount.to_owned())
        .text("paid_on", paid_on)
        .text("memo", memo.to_owned())
        .part(
            "proof",
            reqwest::multipart::Part::bytes(proof.0.to_vec()).file_name(proof.1.to_owned()),
        );
    who.client
        .post(who.app.url(&format!("/fund/{project}/disbursements")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The fund's figures recomputed from the raw ledger rows, bookings and departures:
/// (collected, disbursed, pending).
async fn raw_figures(app: &TestApp, slug: &str) -> (i64, i64, i64) {
    let p = entity::partnership::Entity::find()
        .filter(entity::partnership::Column::Slug.eq(slug))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let rows = entity::ledger_entry::Entity::find()
        .filter(entity::ledger_entry::Column::PartnershipId.eq(p.id))
        .all(&app.db)
        .await
        .unwrap();
    let today = app.clock_now().date_naive();
    let mut collected = 0;
    let mut disbursed = 0;
    let mut pending = 0;
    for e in &rows {
        match e.kind {
            LedgerKind::CommunityFund => {
                collected += e.amount_cents.get();
                let Some(rid) = e.payment_request_id else {
                    continue;
                };
                let r = entity::payment_request::Entity::find_by_id(rid)
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap();
                if !matches!(
                    r.purpose_type,
                    entity::payment_request::Purpose::BookingDeposit
                        | entity::payment_request::Purpose::BookingBalance
                ) {
                    continue;
                }
                let b = entity::booking::Entity::find_by_id(r.purpose_id)
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap();
                let d = entity::departure::Entity::find_by_id(b.departure_id)
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap();
                if d.starts_on > today {
                    pending += e.amount_cents.get();
                }
            }
            LedgerKind::FundDisbursed => disbursed -= e.amount_cents.get(),
            _ => {}
        }
    }
    (collected, disbursed, pending)
}

/// The designated shares of a project, from the raw ledger rows.
async fn raw_designated(app: &TestApp, project: i64) -> i64 {
    entity::ledger_entry::Entity::find()
        .filter(entity::ledger_entry::Column::FundProjectId.eq(project))
        .filter(entity::ledger_entry::Column::Kind.eq(LedgerKind::CommunityFund))
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|e| e.amount_cents.get())
        .sum()
}

async fn assert_figures_match_the_ledger(f: &Fund, slug: &str) {
    let (collected, disbursed, pending) = raw_figures(&f.app, slug).await;
    let j = f.fund_json(slug).await;
    assert_eq!(j["collected_cents"], collected, "{j}");
    assert_eq!(j["disbursed_cents"], disbursed, "{j}");
    assert_eq!(j["balance_cents"], collected - disbursed, "{j}");
    assert_eq!(j["pending_cents"], pending.max(0), "{j}");
    assert_eq!(
        j["available_cents"],
        (collected - disbursed - pending.max(0)).max(0),
        "{j}"
    );
    assert!(collected - disbursed >= 0, "the fund went below zero: {j}");
}

#[tokio::test]
async fn a_chosen_project_receives_exactly_the_community_share_and_gives_it_back_on_refund() {
    let f = fund().await;
    let app = &f.app;
    let citerne = f.project(JETTE, "Citerne de l'école", true).await;
    let d = f.departure(60).await;
    let collected_before = f.fund_json(JETTE).await["collected_cents"]
        .as_i64()
        .unwrap();

    // Two places at 640.00 € with 5% to the fund: 64.00 € designated to the project, paid in
    // a deposit and a balance.
    let reference = f.paid_booking(d, 2, Some(citerne)).await;
    assert_eq!(f.booking(&reference).await.fund_project_id, Some(citerne));
    assert_eq!(raw_designated(app, citerne).await, 6_400);
    let p = f.project_json(citerne).await;
    assert_eq!(p["designated_cents"], 6_400);
    assert_eq!(p["disbursed_cents"], 0);
    let fund = f.fund_json(JETTE).await;
    assert_eq!(
        fund["collected_cents"].as_i64().unwrap() - collected_before,
        6_400
    );
    assert!(fund["pending_cents"].as_i64().unwrap() >= 6_400, "{fund}");
    // A booking without a choice feeds the fund, not the project.
    f.paid_booking(d, 1, None).await;
    assert_eq!(raw_designated(app, citerne).await, 6_400);

    // The host cancels: everything paid goes back, and so does the project's share.
    let res = app
        .post_json(
            &format!("/api/v1/bookings/{reference}/cancel"),
            &json!({"reason": "piste coupée"}),
            Some(&f.token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app.run_worker().await;
    assert_eq!(raw_designated(app, citerne).await, 0);
    assert_eq!(f.project_json(citerne).await["designated_cents"], 0);
    assert_figures_match_the_ledger(&f, JETTE).await;
}

#[tokio::test]
async fn travellers_may_choose_only_open_projects_of_the_stays_partnership() {
    let f = fund().await;
    let app = &f.app;
    let proposed = f.project(JETTE, "Pas encore choisi", false).await;
    let elsewhere = f.project(SCHAERBEEK, "Projet à Al Hoceima", true).await;
    let d = f.departure(60).await;
    let traveller = app.verified_token("nadia@example.org").await;
    let bookings = app.count("bookings").await;
    for (project, why) in [
        (proposed, "not chosen yet"),
        (elsewhere, "another partnership"),
        (999_999, "unknown"),
    ] {
        let res = f.book(&traveller, d, 1, Some(project)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let problem: Value = res.json().await.unwrap();
        assert!(problem["errors"]["fund_project_id"].is_array(), "{problem}");
    }
    assert_eq!(app.count("bookings").await, bookings, "nothing held");
    let (_, dep) = app.get_json(&format!("/api/v1/departures/{d}"), None).await;
    assert_eq!(dep["seats_left"], 12, "no place taken");

    // The trip page offers the open projects of its partnership only.
    let v = app.visitor(&coordinator(JETTE), PASSWORD).await;
    let open = f.project(JETTE, "Four solaire collectif", true).await;
    let trip = entity::trip::Entity::find_by_id(f.trip)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (status, page) = v.page(&format!("/trips/{}", trip.slug)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("name=\"fund_project\" value=\"{open}\"")));
    assert!(!page.contains(&format!("value=\"{proposed}\"")));
    assert!(!page.contains(&format!("value=\"{elsewhere}\"")));
}

#[tokio::test]
async fn disbursements_never_spend_more_than_the_fund_holds_and_keep_their_proof() {
    let f = fund().await;
    let app = &f.app;
    let ecole = f.project(JETTE, "Cantine de l'école", true).await;
    let v = app.visitor(&coordinator(JETTE), PASSWORD).await;
    let d = f.departure(20).await;
    f.paid_booking(d, 3, Some(ecole)).await;
    // Shares of stays still to come are not spent.
    let before = f.fund_json(JETTE).await;
    let available = before["available_cents"].as_i64().unwrap();
    assert!(
        before["pending_cents"].as_i64().unwrap() >= 9_600,
        "{before}"
    );
    let ledger_rows = app.count("ledger_entries").await;
    let too_much = format!("{},{:02}", (available + 1) / 100, (available + 1) % 100);
    let res = disburse(&v, ecole, &too_much, "Facture 12", (PDF, "facture.pdf")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("field-error"), "the form says why");
    assert!(body.contains("Facture 12"), "the input is kept");
    assert_eq!(app.count("ledger_entries").await, ledger_rows);
    assert_eq!(app.count("fund_disbursements").await, 0);

    // Once every stay has begun, the whole balance may be paid out, with a real proof only.
    app.advance(Duration::days(400));
    let v = app.visitor(&coordinator(JETTE), PASSWORD).await;
    let balance = f.fund_json(JETTE).await["balance_cents"].as_i64().unwrap();
    assert!(balance >= 9_600);
    let res = disburse(&v, ecole, "10", "Facture 12", (b"GIF89a....", "x.gif")).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "not a proof"
    );
    let amount = format!("{},{:02}", balance / 100, balance % 100);
    let res = disburse(&v, ecole, &amount, "Facture 12", (PDF, "facture.pdf")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = f.fund_json(JETTE).await;
    assert_eq!(after["balance_cents"], 0);
    assert_eq!(after["disbursed_cents"], balance);
    let p = f.project_json(ecole).await;
    assert_eq!(p["disbursed_cents"], balance);
    assert_eq!(p["disbursements"][0]["memo"], "Facture 12");
    // Nothing more to pay.
    let res = disburse(&v, ecole, "0,01", "Encore", (PDF, "facture.pdf")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The proof comes back to coordinators, byte for byte; not to others.
    let disbursement = entity::fund_disbursement::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let path = format!("/fund/{ecole}/disbursements/{}/proof", disbursement.id);
    let res = v.get(&path).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    let other = app.visitor(&coordinator(SCHAERBEEK), PASSWORD).await;
    assert_eq!(other.get(&path).await.status(), StatusCode::FORBIDDEN);

    // A refund after the fund paid out everything: the fund stays at zero, the organisation's
    // costs bear the share, and the ledger still agrees with the requests.
    let paid = entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::FundProjectId.eq(ecole))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/payment-requests/{}/refunds", paid.reference),
            &json!({"amount_cents": paid.paid_cents, "reason": "geste commercial"}),
            Some(&f.token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_figures_match_the_ledger(&f, JETTE).await;
    assert_eq!(f.fund_json(JETTE).await["balance_cents"], 0);
}

/// Random bookings, payments, cancellations, refunds, time passing and disbursements: after
/// every step the fund's figures equal the sums of the raw rows and the fund is never below zero.
#[tokio::test]
async fn random_scenarios_keep_the_fund_ledger_exact_and_never_negative() {
    let f = fund().await;
    let app = &f.app;
    let v = app.visitor(&coordinator(JETTE), PASSWORD).await;
    let projects = [
        f.project(JETTE, "Citerne", true).await,
        f.project(JETTE, "Cantine", true).await,
    ];
    let mut rng = StdRng::seed_from_u64(0x5eed_f00d);
    let mut departures = vec![f.departure(10).await, f.departure(30).await];
    let mut bookings: Vec<String> = Vec::new();
    for step in 0..24 {
        match rng.random_range(0..6) {
            0 | 1 => {
                let d = departures[rng.random_range(0..departures.len())];
                let project = match rng.random_range(0..3) {
                    0 => None,
                    i => Some(projects[i - 1]),
                };
                let seats = rng.random_range(1..=2);
                let (_, dep) = app.get_json(&format!("/api/v1/departures/{d}"), None).await;
                let bookable = dep["seats_left"].as_i64().unwrap_or(0) >= seats as i64
                    && dep["starts_on"].as_str().unwrap_or("")
                        > app.clock_now().date_naive().to_string().as_str();
                if bookable {
                    bookings.push(f.paid_booking(d, seats, project).await);
                }
            }
            2 if !bookings.is_empty() => {
                let b = bookings.swap_remove(rng.random_range(0..bookings.len()));
                let res = app
                    .post_json(
                        &format!("/api/v1/bookings/{b}/cancel"),
                        &json!({"reason": "test"}),
                        Some(&f.token),
                    )
                    .await;
                assert!(
                    res.status() == StatusCode::OK || res.status() == StatusCode::CONFLICT,
                    "step {step}: {}",
                    res.status()
                );
                app.run_worker().await;
            }
            3 => {
                app.advance(Duration::days(rng.random_range(1..25)));
                departures.push(f.departure(rng.random_range(5..40)).await);
            }
            4 => {
                let available = f.fund_json(JETTE).await["available_cents"]
                    .as_i64()
                    .unwrap();
                let want = rng.random_range(1..=available.max(1) + 500);
                let amount = format!("{},{:02}", want / 100, want % 100);
                let p = projects[rng.random_range(0..2)];
                let res = disburse(&v, p, &amount, "Facture", (PDF, "f.pdf")).await;
                let expected = if want <= available {
                    StatusCode::SEE_OTHER
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                assert_eq!(res.status(), expected, "step {step}: {want} of {available}");
            }
            _ if !bookings.is_empty() => {
                // A treasurer refunds part of a paid request by hand.
                let b = f
                    .booking(&bookings[rng.random_range(0..bookings.len())])
                    .await;
                let r = entity::payment_request::Entity::find_by_id(b.deposit_request_id.unwrap())
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap();
                let left = (r.paid_cents - r.refunded_cents).get();
                if left > 0 {
                    let res = app
                        .post_json(
                            &format!("/api/v1/payment-requests/{}/refunds", r.reference),
                            &json!({"amount_cents": rng.random_range(1..=left), "reason": "test"}),
                            Some(&f.token),
                        )
                        .await;
                    assert_eq!(res.status(), StatusCode::CREATED, "step {step}");
                }
            }
            _ => {}
        }
        assert_figures_match_the_ledger(&f, JETTE).await;
        for p in projects {
            assert_eq!(
                f.project_json(p).await["designated_cents"],
                raw_designated(app, p).await,
                "step {step}"
            );
        }
    }
}

#[tokio::test]
async fn projects_move_forward_only_and_show_their_reports_in_every_language() {
    let f = fund().await;
    let app = &f.app;
    let v = app.visitor(&coordinator(JETTE), PASSWORD).await;
    let fund_page = format!("/partnerships/{JETTE}/fund");
    // Bad input: the form comes back with its errors and the input kept; nothing is written.
    let before = app.count("fund_projects").await;
    let res = v
        .submit(
            &fund_page,
            &format!("/partnerships/{JETTE}/fund/projects"),
            &[
                ("title", "Four à pain"),
                ("territory", "jette"),
                ("description", ""),
                ("budget", "beaucoup"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("Four à pain") && body.contains("beaucoup"));
    assert_eq!(app.count("fund_projects").await, before);
    // A territory outside the partnership is refused.
    let res = v
        .submit(
            &fund_page,
            &format!("/partnerships/{JETTE}/fund/projects"),
            &[
                ("title", "Four à pain"),
                ("territory", "al-hoceima"),
                ("description", "Un four."),
                ("budget", "3 000"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = v
        .submit(
            &fund_page,
            &format!("/partnerships/{JETTE}/fund/projects"),
            &[
                ("title", "Four à pain"),
                ("territory", "sidi-bibi"),
                ("description", "Un four pour la coopérative."),
                ("budget", "3 000"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id: i64 = crate::helpers::location(&res)
        .trim_start_matches("/fund/")
        .parse()
        .unwrap();
    // Proposed cannot jump to completed; chosen then completed; completed is final.
    assert_eq!(
        f.decide(id, "completed").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let res = v
        .submit(
            &format!("/fund/{id}"),
            &format!("/fund/{id}/status"),
            &[
                ("status", "open"),
                ("decision", "Choisi par la plateforme de Sidi Bibi."),
                ("decided_on", "2026-03-12"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let p = f.project_json(id).await;
    assert_eq!(
        (p["status"].as_str(), p["chosen_on"].as_str()),
        (Some("open"), Some("2026-03-12"))
    );
    let res = v
        .submit(
            &format!("/fund/{id}"),
            &format!("/fund/{id}/reports"),
            &[
                ("title", "Premier pain"),
                ("body", "Le four cuit 200 pains par jour."),
                ("reported_on", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(f.decide(id, "completed").await.0, StatusCode::OK);
    assert_eq!(
        f.decide(id, "open").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Someone else may not decide.
    let stranger = app.verified_token("stranger@example.org").await;
    let res = app
        .post_json(
            &format!("/api/v1/fund-projects/{id}/status"),
            &json!({"status": "withdrawn", "decision": "non"}),
            Some(&stranger),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The public pages, in the four languages (Arabic right to left).
    for lang in ["fr", "nl", "en", "ar"] {
        let res = TestApp::new_client()
            .get(app.url(&format!("/fund/{id}")))
            .header("Cookie", format!("lang={lang}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("Premier pain") && body.contains("Four à pain"),
            "{lang}"
        );
        assert_eq!(body.contains("dir=\"rtl\""), lang == "ar", "{lang}");
    }
    let (status, page) = app.page(&fund_page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("href=\"/fund/{id}\"")));
    // Unknown project or partnership: 404.
    assert_eq!(app.page("/fund/999999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.page("/partnerships/nowhere/fund").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_traveller_chooses_a_project_on_the_trip_page_and_sees_it_on_the_booking() {
    let f = fund().await;
    let app = &f.app;
    let four = f
        .project(JETTE, "Four solaire de la coopérative", true)
        .await;
    let d = f.departure(60).await;
    let slug = entity::trip::Entity::find_by_id(f.trip)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .slug;
    let page = format!("/trips/{slug}");
    app.verified_token("traveller@example.org").await;
    let v = app.visitor("traveller@example.org", PASSWORD).await;
    // A project that is not offered: the form comes back with the travellers kept.
    let closed = f.project(JETTE, "Pas encore choisi", false).await;
    let closed = closed.to_string();
    let res = v
        .submit(
            &page,
            &format!("/departures/{d}/book"),
            &[
                ("travellers", "Lina Peeters"),
                ("contact_email", "lina@example.org"),
                ("fund_project", &closed),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("Lina Peeters") && body.contains("field-error"));
    let four_id = four.to_string();
    let res = v
        .submit(
            &page,
            &format!("/departures/{d}/book"),
            &[
                ("travellers", "Lina Peeters"),
                ("contact_email", "lina@example.org"),
                ("fund_project", &four_id),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, body) = v.page(&crate::helpers::location(&res)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&format!("href=\"/fund/{four}\"")) && body.contains("Four solaire"));
    let b = entity::booking::Entity::find()
        .filter(entity::booking::Column::FundProjectId.eq(four))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the booking supports the project");
    let deposit = entity::payment_request::Entity::find_by_id(b.deposit_request_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(deposit.fund_project_id, Some(four));
}

#[tokio::test]
async fn the_demo_year_is_alive_and_every_fund_stayed_within_what_it_held() {
    let app = TestApp::spawn_with(crate::helpers::Options {
        demo: true,
        vars: vec![("PASSERELLE_DEMO_HISTORY", "true".into())],
        ..Default::default()
    })
    .await;
    let entries = entity::ledger_entry::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    let partnerships = entity::partnership::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    for p in &partnerships {
        let mine: Vec<_> = entries
            .iter()
            .filter(|e| e.partnership_id == p.id)
            .collect();
        let months: std::collections::BTreeSet<String> = mine
            .iter()
            .map(|e| e.created_at.format("%Y-%m").to_string())
            .collect();
        assert!(
            months.len() >= 10,
            "{}: a year of activity, {months:?}",
            p.slug
        );
        for kind in [
            LedgerKind::Producer,
            LedgerKind::CommunityFund,
            LedgerKind::FundDisbursed,
            LedgerKind::Other,
        ] {
            assert!(mine.iter().any(|e| e.kind == kind), "{}: {kind:?}", p.slug);
        }
        // At the moment of every disbursement, the fund held what it paid.
        for d in mine.iter().filter(|e| e.kind == LedgerKind::FundDisbursed) {
            let held: i64 = mine
                .iter()
                .filter(|e| e.created_at <= d.created_at)
                .filter(|e| {
                    matches!(
                        e.kind,
                        LedgerKind::CommunityFund | LedgerKind::FundDisbursed
                    )
                })
                .map(|e| e.amount_cents.get())
                .sum();
            assert!(
                held >= 0,
                "{}: the fund went below zero on {}",
                p.slug,
                d.created_at
            );
        }
        let projects = entity::fund_project::Entity::find()
            .filter(entity::fund_project::Column::PartnershipId.eq(p.id))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(projects.len(), 2, "{}", p.slug);
        let fund: Value = app
            .get_json(&format!("/api/v1/partnerships/{}/fund", p.slug), None)
            .await
            .1;
        assert!(fund["balance_cents"].as_i64().unwrap() >= 0);
        assert!(fund["disbursed_cents"].as_i64().unwrap() > 0, "{fund}");
    }
    assert_eq!(
        ledger::disagreements(&app.db).await.unwrap(),
        Vec::<String>::new()
    );
    // The fund pages show the projects and their reports.
    let (status, page) = app.page("/partnerships/jette-sidi-bibi/fund").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("eau de pluie pour l"),
        "the demo project is listed"
    );
}

#[tokio::test]
async fn a_party_waiting_for_places_keeps_its_chosen_project_when_they_free_up() {
    let f = fund().await;
    let app = &f.app;
    let four = f.project(JETTE, "Four solaire", true).await;
    let proposed = f.project(JETTE, "Pas encore choisi", false).await;
    let d = f.departure(60).await;
    // Someone holds all twelve places and does not pay.
    let first = app.verified_token("first@example.org").await;
    assert_eq!(
        f.book(&first, d, 12, None).await.status(),
        StatusCode::CREATED
    );
    let waiting = app.verified_token("waiting@example.org").await;
    let join = |project: i64| {
        let waiting = waiting.clone();
        async move {
            app.post_json(
                &format!("/api/v1/departures/{d}/waitlist"),
                &json!({"travellers": [{"name": "W1"}, {"name": "W2"}],
                        "contact_email": "waiting@example.org", "fund_project_id": project}),
                Some(&waiting),
            )
            .await
        }
    };
    assert_eq!(
        join(proposed).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a project not chosen yet"
    );
    assert_eq!(join(four).await.status(), StatusCode::CREATED);
    // The hold expires: the waiting party's places are held, for the project it chose.
    app.advance(Duration::minutes(80));
    app.run_worker().await;
    let held = entity::booking::Entity::find()
        .filter(entity::booking::Column::DepartureId.eq(d))
        .filter(entity::booking::Column::Status.eq("held"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the waiting party's hold");
    assert_eq!((held.seats, held.fund_project_id), (2, Some(four)));
    let deposit = entity::payment_request::Entity::find_by_id(held.deposit_request_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(deposit.fund_project_id, Some(four));
}
