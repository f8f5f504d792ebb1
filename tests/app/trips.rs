//! Solidarity stays through the API: trips, departures, holds that expire, deposits that
//! confirm, late payments, cancellations by tier, and never more places than capacity.

use chrono::Duration;
use entity::waitlist_entry::WaitlistStatus;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::helpers::TestApp;

const JETTE: &str = "jette-sidi-bibi";

struct Stay {
    app: TestApp,
    host: String,
    treasurer: String,
    trip: i64,
}

async fn stay() -> Stay {
    let app = TestApp::spawn().await;
    let host = app.partnership().await.coordinator_token;
    let res = app
        .post_json(
            "/api/v1/trips",
            &json!({"title": {"fr": "Six jours dans l'arganeraie", "en": "Six days in the argan forest"},
                    "partnership": JETTE, "territory": "sidi-bibi",
                    "description": "Séjour chez l'habitant avec la coopérative des femmes.",
                    "programme": ["Arrivée à Agadir", "Coopérative d'argan", "Souk de Sidi Bibi"],
                    "languages": ["fr", "ar", "ber"], "min_group": 4, "max_group": 12}),
            Some(&host),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let trip: Value = res.json().await.unwrap();
    Stay {
        trip: trip["id"].as_i64().unwrap(),
        treasurer: host.clone(),
        host,
        app,
    }
}

/// A departure `days` from now with `capacity` places at 640.00 € (30% deposit, 5% to the fund).
async fn departure(s: &Stay, days: i64, capacity: i64) -> Value {
    s.app.departure(&s.host, s.trip, days, capacity).await
}

pub async fn book(app: &TestApp, token: &str, departure: i64, names: &[&str]) -> reqwest::Response {
    let travellers: Vec<Value> = names.iter().map(|n| json!({"name": n})).collect();
    app.post_json(
        &format!("/api/v1/departures/{departure}/bookings"),
        &json!({"travellers": travellers, "contact_email": "famille@example.org"}),
        Some(token),
    )
    .await
}

async fn seats_left(app: &TestApp, departure: i64) -> i64 {
    let (_, d) = app
        .get_json(&format!("/api/v1/departures/{departure}"), None)
        .await;
    d["seats_left"].as_i64().unwrap()
}

/// The places the departure's bookings hold, as their rows say.
pub async fn held_seats(app: &TestApp, departure: i64) -> i64 {
    entity::booking::Entity::find()
        .filter(entity::booking::Column::DepartureId.eq(departure))
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|b| i64::from(b.seats))
        .sum()
}

async fn pay(s: &Stay, reference: &str, cents: i64) {
    s.app.record_transfer(&s.treasurer, reference, cents).await;
}

/// The balance request of a booking (by its reference).
async fn balance_of(app: &TestApp, reference: &str) -> entity::payment_request::Model {
    let b = entity::booking::Entity::find()
        .filter(entity::booking::Column::Reference.eq(reference))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the booking");
    entity::payment_request::Entity::find_by_id(b.balance_request_id.expect("a balance is asked"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn booking(app: &TestApp, token: &str, id: &str) -> Value {
    let (status, b) = app
        .get_json(&format!("/api/v1/bookings/{id}"), Some(token))
        .await;
    assert_eq!(status, StatusCode::OK);
    b
}

#[tokio::test]
async fn a_hold_is_confirmed_by_its_deposit_or_expires_and_gives_its_places_back() {
    let s = stay().await;
    let app = &s.app;
    let d = departure(&s, 90, 8).await;
    let id = d["id"].as_i64().unwrap();
    assert_eq!(d["price_breakdown"]["community_fund_cents"], 3_200);
    assert_eq!(
        d["policy"].as_array().unwrap().len(),
        3,
        "tiers shown before booking"
    );

    let nadia = app.verified_token("nadia@example.org").await;
    let res = book(app, &nadia, id, &["Nadia", "Youssef"]).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let b: Value = res.json().await.unwrap();
    assert_eq!(b["status"], "held");
    assert_eq!(b["total_cents"], 128_000);
    assert_eq!(b["amount_due_cents"], 38_400, "30% deposit");
    assert_eq!(seats_left(app, id).await, 6);
    let reference = b["id"].as_str().unwrap().to_owned();
    let ogm = b["payment"]["ogm"].as_str().unwrap();
    assert!(ogm.starts_with("+++") && ogm.ends_with("+++"), "{ogm}");

    // The deposit arrives: confirmed, and the balance is asked.
    pay(&s, b["payment"]["reference"].as_str().unwrap(), 38_400).await;
    let after = booking(app, &nadia, &reference).await;
    assert_eq!(after["status"], "confirmed");
    let balance = balance_of(app, &reference).await;
    assert_eq!(balance.amount_cents.get(), 128_000 - 38_400);

    // Another family holds 3 places and does not pay: the hold expires, the places come back.
    let omar = app.verified_token("omar@example.org").await;
    let held: Value = book(app, &omar, id, &["Omar", "Salma", "Idris"])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seats_left(app, id).await, 3);
    app.advance(Duration::minutes(74));
    app.run_worker().await;
    assert_eq!(
        booking(app, &omar, held["id"].as_str().unwrap()).await["status"],
        "held"
    );
    app.advance(Duration::minutes(2));
    app.run_worker().await;
    let expired = booking(app, &omar, held["id"].as_str().unwrap()).await;
    assert_eq!(expired["status"], "expired");
    assert_eq!(seats_left(app, id).await, 6);
    // Someone else's booking does not exist for them.
    let (status, _) = app
        .get_json(&format!("/api/v1/bookings/{reference}"), Some(&omar))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Omar's transfer arrives late but places are still free: they are taken back, confirmed.
    pay(
        &s,
        held["payment"]["reference"].as_str().unwrap(),
        held["amount_due_cents"].as_i64().unwrap(),
    )
    .await;
    assert_eq!(
        booking(app, &omar, held["id"].as_str().unwrap()).await["status"],
        "confirmed"
    );
    assert_eq!(seats_left(app, id).await, 3);
    // 5 confirmed travellers reach the minimum group of 4: the departure is confirmed.
    let (_, dep) = app
        .get_json(&format!("/api/v1/departures/{id}"), None)
        .await;
    assert_eq!(dep["status"], "confirmed");
}

#[tokio::test]
async fn a_payment_after_the_hold_expired_and_the_departure_filled_is_refunded_by_itself() {
    let s = stay().await;
    let app = &s.app;
    let d = departure(&s, 90, 4).await;
    let id = d["id"].as_i64().unwrap();
    let late = app.verified_token("late@example.org").await;
    let held: Value = book(app, &late, id, &["Late", "Comer"])
        .await
        .json()
        .await
        .unwrap();
    app.advance(Duration::minutes(80));
    app.run_worker().await;
    let other = app.verified_token("quick@example.org").await;
    let res = book(app, &other, id, &["A", "B", "C", "D"]).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(seats_left(app, id).await, 0);
    let request = held["payment"]["reference"].as_str().unwrap();
    pay(&s, request, held["amount_due_cents"].as_i64().unwrap()).await;
    assert_eq!(
        booking(app, &late, held["id"].as_str().unwrap()).await["status"],
        "expired"
    );
    app.run_worker().await;
    let r = entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::Reference.eq(request))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.refunded_cents, r.paid_cents, "everything paid goes back");
    assert_eq!(seats_left(app, id).await, 0, "nobody was overbooked");
}

#[tokio::test]
async fn cancelling_refunds_by_the_policy_tier_or_in_full_when_the_host_cancels() {
    let s = stay().await;
    let app = &s.app;
    // 45 days before: the 30-59 days tier keeps half the price.
    let d = departure(&s, 45, 10).await;
    let id = d["id"].as_i64().unwrap();
    let nadia = app.verified_token("nadia@example.org").await;
    let b: Value = book(app, &nadia, id, &["Nadia"])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(b["amount_due_cents"], 19_200);
    pay(&s, b["payment"]["reference"].as_str().unwrap(), 19_200).await;
    let balance = balance_of(app, b["id"].as_str().unwrap()).await;
    pay(&s, &balance.reference, 44_800).await;
    let res = app
        .post_json(
            &format!("/api/v1/bookings/{}/cancel", b["id"].as_str().unwrap()),
            &json!({}),
            Some(&nadia),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let c: Value = res.json().await.unwrap();
    assert_eq!(
        (c["refund_cents"].as_i64(), c["seats_returned"].as_i64()),
        (Some(32_000), Some(1))
    );
    assert_eq!(seats_left(app, id).await, 10);
    app.run_worker().await;
    let refunded: i64 = entity::refund::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.amount_cents.get())
        .sum();
    assert_eq!(refunded, 32_000);
    // Cancelling twice: 409, nothing moves.
    let res = app
        .post_json(
            &format!("/api/v1/bookings/{}/cancel", b["id"].as_str().unwrap()),
            &json!({}),
            Some(&nadia),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // The host cancels a traveller's booking: everything paid goes back.
    let omar = app.verified_token("omar@example.org").await;
    let b: Value = book(app, &omar, id, &["Omar", "Salma"])
        .await
        .json()
        .await
        .unwrap();
    pay(&s, b["payment"]["reference"].as_str().unwrap(), 38_400).await;
    let c: Value = app
        .post_json(
            &format!("/api/v1/bookings/{}/cancel", b["id"].as_str().unwrap()),
            &json!({"reason": "piste coupée"}),
            Some(&s.host),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(c["refund_cents"], 38_400, "all that was paid");
    // Another traveller may not cancel it (it does not exist for them).
    let stranger = app.verified_token("stranger@example.org").await;
    let res = app
        .post_json(
            &format!("/api/v1/bookings/{}/cancel", b["id"].as_str().unwrap()),
            &json!({}),
            Some(&stranger),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    app.run_worker().await;
}

#[tokio::test]
async fn bad_trip_departure_and_booking_input_gets_clear_errors_and_changes_nothing() {
    let s = stay().await;
    let app = &s.app;
    let path = format!("/api/v1/trips/{}/departures", s.trip);
    let today = app.clock_now().date_naive();
    let res = app
        .post_json(
            &path,
            &json!({"starts_on": (today - Duration::days(3)).to_string(), "ends_on": (today - Duration::days(5)).to_string(),
                    "capacity": 0, "price_cents": 64_000, "deposit_bp": 15_000, "community_share_bp": 20_000}),
            Some(&s.host),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = res.json().await.unwrap();
    for field in [
        "starts_on",
        "ends_on",
        "capacity",
        "deposit_bp",
        "community_share_bp",
    ] {
        assert!(p["errors"][field].is_array(), "{field}: {p}");
    }
    assert_eq!(
        app.count(&format!("departures WHERE trip_id = {}", s.trip))
            .await,
        0
    );
    // A trip must be hosted in the partnership's partner territory.
    let res = app
        .post_json("/api/v1/trips", &json!({"title": "x", "partnership": JETTE, "territory": "jette", "description": "x", "min_group": 2, "max_group": 8}), Some(&s.host))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let outsider = app.verified_token("outsider@example.org").await;
    let res = app
        .post_json("/api/v1/trips", &json!({"title": "x", "partnership": JETTE, "territory": "sidi-bibi", "description": "x", "min_group": 2, "max_group": 8}), Some(&outsider))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let d = departure(&s, 90, 6).await;
    let id = d["id"].as_i64().unwrap();
    let res = book(app, &outsider, id, &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = book(app, &outsider, id, &["1", "2", "3", "4", "5", "6", "7"]).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "more than the departure takes"
    );
    book(app, &outsider, id, &["1", "2", "3"]).await;
    let res = book(app, &outsider, id, &["4", "5", "6", "7"]).await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "more than the places left"
    );
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["seats_left"], 3);
    // Capacity below the places taken.
    let res = app
        .put_json(
            &format!("/api/v1/departures/{id}/capacity"),
            &json!({"capacity": 2}),
            Some(&s.host),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(seats_left(app, id).await, 3);
    // An unverified address cannot book.
    let unverified = app.user_token("new@example.org").await;
    assert_eq!(
        book(app, &unverified, id, &["X"]).await.status(),
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn concurrent_bookings_for_the_last_places_never_hold_more_than_capacity() {
    let s = stay().await;
    let app = &s.app;
    let d = departure(&s, 90, 20).await;
    let id = d["id"].as_i64().unwrap();
    let mut tokens = Vec::new();
    for i in 0..12 {
        tokens.push(app.verified_token(&format!("t{i}@example.org")).await);
    }
    let attempts: Vec<_> = (0..60)
        .map(|i| {
            let names: Vec<String> = (0..(i % 3 + 1)).map(|k| format!("P{i}-{k}")).collect();
            (tokens[i % tokens.len()].clone(), names)
        })
        .collect();
    let answers = futures_util::future::join_all(attempts.iter().map(|(t, names)| {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        async move {
            let res = book(app, t, id, &refs).await;
            let status = res.status();
            let body: Value = res.json().await.unwrap_or(Value::Null);
            (status, body)
        }
    }))
    .await;
    let mut held = 0;
    for (status, body) in &answers {
        match *status {
            StatusCode::CREATED => held += body["seats"].as_i64().unwrap(),
            StatusCode::CONFLICT => assert!(body["seats_left"].as_i64().unwrap() >= 0),
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(held, 20, "exactly the capacity is held");
    assert_eq!(seats_left(app, id).await, 0);
    assert_eq!(held_seats(app, id).await, 20);
}

#[tokio::test]
async fn a_confirmed_booking_is_emailed_with_a_calendar_invitation_that_parses() {
    let sink = crate::smtp::SmtpSink::start().await;
    let app = TestApp::spawn_with(crate::helpers::Options {
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    let host = app.partnership().await.coordinator_token;
    let s = Stay {
        trip: {
            let res = app
                .post_json(
                    "/api/v1/trips",
                    &json!({"title": "Vallée des Ammelne", "partnership": JETTE, "territory": "sidi-bibi",
                            "description": "Randonnée", "pre_departure": "Prévoir de bonnes chaussures.",
                            "min_group": 2, "max_group": 8}),
                    Some(&host),
                )
                .await;
            res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
        },
        treasurer: host.clone(),
        host,
        app,
    };
    let d = departure(&s, 90, 8).await;
    let nadia = s.app.verified_token("nadia@example.org").await;
    let b: Value = book(
        &s.app,
        &nadia,
        d["id"].as_i64().unwrap(),
        &["Nadia", "Youssef"],
    )
    .await
    .json()
    .await
    .unwrap();
    pay(
        &s,
        b["payment"]["reference"].as_str().unwrap(),
        b["amount_due_cents"].as_i64().unwrap(),
    )
    .await;
    s.app.run_worker().await;
    s.app.run_worker().await;
    let mails = sink.to("famille@example.org");
    use mail_parser::MimeHeaders;
    let (confirmation, ics) = mails
        .iter()
        .find_map(|m| {
            let parsed = m.parsed();
            let ics = parsed
                .attachments()
                .find(|a| a.attachment_name() == Some("sejour.ics"))
                .map(|a| String::from_utf8_lossy(a.contents()).into_owned());
            ics.map(|i| (m, i))
        })
        .expect("a confirmation with an .ics");
    let cal: icalendar::Calendar = ics.parse().expect("RFC 5545");
    let event = cal
        .components
        .iter()
        .find_map(|c| c.as_event())
        .expect("an event");
    use icalendar::Component;
    assert_eq!(event.get_summary(), Some("Vallée des Ammelne"));
    let start = (s.app.clock_now() + Duration::days(90)).date_naive();
    assert_eq!(
        event.get_start(),
        Some(icalendar::DatePerhapsTime::Date(start))
    );
    assert_eq!(
        event.get_end(),
        Some(icalendar::DatePerhapsTime::Date(start + Duration::days(6))),
        "the end date is exclusive"
    );
    assert!(
        confirmation
            .text()
            .contains("Prévoir de bonnes chaussures.")
    );
}

#[tokio::test]
async fn freed_places_go_to_the_first_waiting_party_that_fits() {
    let s = stay().await;
    let app = &s.app;
    let d = departure(&s, 90, 4).await;
    let id = d["id"].as_i64().unwrap();
    let first = app.verified_token("first@example.org").await;
    let held: Value = book(app, &first, id, &["A", "B", "C"])
        .await
        .json()
        .await
        .unwrap();
    let other = app.verified_token("other@example.org").await;
    let paid: Value = book(app, &other, id, &["D"]).await.json().await.unwrap();
    pay(
        &s,
        paid["payment"]["reference"].as_str().unwrap(),
        paid["amount_due_cents"].as_i64().unwrap(),
    )
    .await;
    assert_eq!(seats_left(app, id).await, 0);
    // A family of three and a couple wait, in that order.
    let family = app.verified_token("family@example.org").await;
    let couple = app.verified_token("couple@example.org").await;
    let join = |token: String, names: Vec<&'static str>| {
        let travellers: Vec<Value> = names.iter().map(|n| json!({"name": n})).collect();
        let app = &s.app;
        async move {
            app.post_json(
                &format!("/api/v1/departures/{id}/waitlist"),
                &json!({"travellers": travellers, "contact_email": "w@example.org"}),
                Some(&token),
            )
            .await
        }
    };
    assert_eq!(
        join(family.clone(), vec!["F1", "F2", "F3"]).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        join(couple.clone(), vec!["C1", "C2"]).await.status(),
        StatusCode::CREATED
    );
    // The first booking's hold expires: 3 places free; the family (first, and it fits) gets them.
    app.advance(Duration::minutes(80));
    app.run_worker().await;
    assert_eq!(
        booking(app, &first, held["id"].as_str().unwrap()).await["status"],
        "expired"
    );
    let offered = entity::booking::Entity::find()
        .filter(entity::booking::Column::DepartureId.eq(id))
        .filter(entity::booking::Column::Status.eq("held"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].seats, 3, "the whole family, held for them");
    assert_eq!(seats_left(app, id).await, 0);
    let entries = entity::waitlist_entry::Entity::find()
        .order_by_asc(entity::waitlist_entry::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let statuses: Vec<WaitlistStatus> = entries.iter().map(|e| e.status).collect();
    assert_eq!(statuses, [WaitlistStatus::Offered, WaitlistStatus::Waiting]);
    // The family does not pay in time either: the couple fits in the freed places.
    app.advance(Duration::minutes(80));
    app.run_worker().await;
    let couple_hold = entity::booking::Entity::find()
        .filter(entity::booking::Column::DepartureId.eq(id))
        .filter(entity::booking::Column::Status.eq("held"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the couple's hold");
    assert_eq!(couple_hold.seats, 2);
    assert_eq!(seats_left(app, id).await, 1);
}

#[tokio::test]
async fn a_departure_under_its_minimum_is_cancelled_and_everyone_refunded() {
    let s = stay().await;
    let app = &s.app;
    // min_group is 4; only 2 confirmed by the check (on the balance date, 30 days before).
    let d = departure(&s, 40, 10).await;
    let id = d["id"].as_i64().unwrap();
    let nadia = app.verified_token("nadia@example.org").await;
    let b: Value = book(app, &nadia, id, &["Nadia", "Youssef"])
        .await
        .json()
        .await
        .unwrap();
    pay(&s, b["payment"]["reference"].as_str().unwrap(), 38_400).await;
    app.advance(Duration::days(11));
    app.run_worker().await;
    app.run_worker().await;
    let (_, after) = app
        .get_json(&format!("/api/v1/departures/{id}"), None)
        .await;
    assert_eq!(after["status"], "cancelled");
    let b = booking(app, &nadia, b["id"].as_str().unwrap()).await;
    assert_eq!(b["status"], "cancelled");
    assert_eq!(b["refund_cents"], 38_400);
    let refunded: i64 = entity::refund::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.amount_cents.get())
        .sum();
    assert_eq!(refunded, 38_400, "the deposit goes back in full");
    let late = app.verified_token("late@example.org").await;
    assert_eq!(
        book(app, &late, id, &["X"]).await.status(),
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn coordinators_appoint_hosts_who_then_run_the_trip() {
    let s = stay().await;
    let app = &s.app;
    let res = app
        .post_json(
            &format!("/api/v1/trips/{}/hosts", s.trip),
            &json!({"email": "guide@example.org"}),
            Some(&s.host),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let invitation = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::ToEmail.eq("guide@example.org"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the invitation");
    let token = invitation
        .body_text
        .split("/invitations/")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap()
        .to_owned();
    let guide = app.verified_token("guide@example.org").await;
    let start = (app.clock_now() + Duration::days(60)).date_naive();
    let body = json!({"starts_on": start.to_string(), "ends_on": (start + Duration::days(3)).to_string(),
                      "capacity": 6, "price_cents": 40_000, "deposit_bp": 3_000, "community_share_bp": 500});
    let path = format!("/api/v1/trips/{}/departures", s.trip);
    assert_eq!(
        app.post_json(&path, &body, Some(&guide)).await.status(),
        StatusCode::NOT_FOUND
    );
    let res = app
        .post_json(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({}),
            Some(&guide),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.post_json(&path, &body, Some(&guide)).await.status(),
        StatusCode::CREATED
    );
    // A host cannot appoint other hosts; strangers do not see the trip to appoint anyone.
    let res = app
        .post_json(
            &format!("/api/v1/trips/{}/hosts", s.trip),
            &json!({"email": "x@example.org"}),
            Some(&guide),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
