//! Travellers' sensitive details are asked with their purpose and erased by the daily retention
//! job once the stay has been over for the configured number of days (30 by default): the
//! phone, dietary and accessibility needs go, nothing else does, a stay that ended one day
//! later keeps them one day more, and the hosts' lists say the data was erased.

use chrono::{Duration, TimeZone, Utc};
use entity::booking;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::builders::{JETTE_SIDI_BIBI, PASSWORD};
use crate::helpers::TestApp;

const ERASED: &str = "erased after the stay (retention)";

/// Books through the API and pays the deposit (recorded by `host`): the booking is confirmed.
async fn book(app: &TestApp, token: &str, host: &str, departure: i64, body: Value) -> String {
    let res = app
        .post_json(
            &format!("/api/v1/departures/{departure}/bookings"),
            &body,
            Some(token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "the booking");
    let b: Value = res.json().await.unwrap();
    let payment = &b["payment"];
    app.record_transfer(
        host,
        payment["reference"].as_str().unwrap(),
        payment["amount_cents"].as_i64().unwrap(),
    )
    .await;
    b["id"]
        .as_str()
        .expect("the booking's reference")
        .to_owned()
}

async fn booking_of(app: &TestApp, reference: &str) -> booking::Model {
    booking::Entity::find()
        .filter(booking::Column::Reference.eq(reference))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the booking")
}

async fn traveller_names(app: &TestApp, b: &booking::Model) -> Vec<String> {
    entity::traveller::Entity::find()
        .filter(entity::traveller::Column::BookingId.eq(b.id))
        .order_by_asc(entity::traveller::Column::Position)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect()
}

/// What the erasure must leave as it was.
fn kept(b: &booking::Model) -> (String, String, String, i64, i64) {
    (
        b.reference.clone(),
        b.contact_name.clone(),
        b.contact_email.clone(),
        b.total_cents.get(),
        b.departure_id.get(),
    )
}

fn sensitive(b: &booking::Model) -> [Option<String>; 3] {
    [
        b.contact_phone.clone(),
        b.dietary.clone(),
        b.accessibility.clone(),
    ]
}

#[tokio::test]
async fn retention_erases_travellers_needs_and_phone_thirty_days_after_the_stay_and_nothing_else() {
    let app = TestApp::spawn().await;
    // Noon: the daily jobs (at night) are due once a day has passed.
    app.clock
        .set(Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap());
    let partnership = app.partnership().await;
    let host = partnership.coordinator_token.clone();
    let res = app
        .post_json(
            "/api/v1/trips",
            &json!({"title": {"fr": "Arganeraie", "en": "Argan forest"},
                    "partnership": JETTE_SIDI_BIBI, "territory": "sidi-bibi",
                    "description": "Séjour chez l'habitant.", "programme": ["Arrivée"],
                    "languages": ["fr"], "min_group": 1, "max_group": 12}),
            Some(&host),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let trip: Value = res.json().await.unwrap();
    let slug = trip["slug"].as_str().unwrap().to_owned();
    let trip = trip["id"].as_i64().unwrap();
    // The first stay ends in 15 days, the second one day later.
    let first = app.departure(&host, trip, 10, 10).await["id"]
        .as_i64()
        .unwrap();
    let second = app.departure(&host, trip, 11, 10).await["id"]
        .as_i64()
        .unwrap();

    let traveller = app.account("famille@example.org").await;
    // The purpose is said where the details are asked, with the retention period.
    let family = app.visitor("famille@example.org", PASSWORD).await;
    let (status, page) = family.page(&format!("/trips/{slug}?lang=en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("They are erased 30 days after the stay ends."),
        "the purpose is stated on the booking form"
    );
    let needs = |phone: &str| {
        json!({"travellers": [{"name": "Amina"}, {"name": "Youssef"}],
               "contact_email": "famille@example.org", "contact_phone": phone,
               "dietary": "sans gluten", "accessibility": "fauteuil roulant"})
    };
    let erased_ref = book(&app, &traveller, &host, first, needs("+32 470 12 34 56")).await;
    let plain_ref = book(
        &app,
        &traveller,
        &host,
        first,
        json!({"travellers": [{"name": "Karim"}], "contact_email": "famille@example.org"}),
    )
    .await;
    let later_ref = book(&app, &traveller, &host, second, needs("+32 470 65 43 21")).await;
    let before = [
        booking_of(&app, &erased_ref).await,
        booking_of(&app, &plain_ref).await,
        booking_of(&app, &later_ref).await,
    ];
    assert_eq!(
        sensitive(&before[0]),
        [
            Some("+32 470 12 34 56".into()),
            Some("sans gluten".into()),
            Some("fauteuil roulant".into())
        ]
    );
    let mut names = Vec::new();
    for b in &before {
        names.push(traveller_names(&app, b).await);
    }

    let now = app.clock_now();
    passerelle::jobs::ensure_recurring(&app.db, &app.state.jobs, now, now)
        .await
        .unwrap();
    // 30 full days after the first stay: its details go, the second stay (ended 30 days ago
    // to the day) keeps them until tomorrow.
    app.advance(Duration::days(15 + 31));
    app.run_worker().await;
    let after = [
        booking_of(&app, &erased_ref).await,
        booking_of(&app, &plain_ref).await,
        booking_of(&app, &later_ref).await,
    ];
    assert_eq!(sensitive(&after[0]), [None, None, None]);
    let erased_at = after[0]
        .sensitive_erased_at
        .expect("the erasure is recorded");
    assert!(erased_at > now + Duration::days(45) && erased_at <= app.clock_now());
    assert_eq!(
        after[1].sensitive_erased_at, None,
        "nothing to erase, nothing recorded"
    );
    assert_eq!(sensitive(&after[2]), sensitive(&before[2]));
    assert_eq!(after[2].sensitive_erased_at, None, "just inside the limit");
    for (i, (b, a)) in before.iter().zip(&after).enumerate() {
        assert_eq!(kept(b), kept(a), "booking {i} otherwise untouched");
        assert_eq!(traveller_names(&app, a).await, names[i], "travellers kept");
    }

    // The hosts' list and its export say the data was erased instead of showing a blank.
    let visitor = app.visitor(crate::builders::COORDINATOR, PASSWORD).await;
    let (status, roster) = visitor
        .page(&format!("/host/departures/{first}?lang=en"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(roster.contains("Amina") && roster.contains("Karim"));
    assert_eq!(
        roster.matches(ERASED).count(),
        3 * 2,
        "three cells, two travellers"
    );
    assert!(!roster.contains("sans gluten") && !roster.contains("+32 470 12"));
    let csv = visitor
        .get(&format!("/host/departures/{first}/travellers.csv?lang=en"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.matches(ERASED).count(), 3 * 2);
    assert!(!csv.contains("sans gluten") && !csv.contains("fauteuil"));
    let (_, roster) = visitor
        .page(&format!("/host/departures/{second}?lang=en"))
        .await;
    assert!(roster.contains("sans gluten") && !roster.contains(ERASED));

    // A day later the second stay's details go too, and the first is not written again.
    app.advance(Duration::days(1));
    app.run_worker().await;
    let later = booking_of(&app, &later_ref).await;
    assert_eq!(sensitive(&later), [None, None, None]);
    assert!(later.sensitive_erased_at.is_some());
    assert_eq!(
        booking_of(&app, &erased_ref).await.sensitive_erased_at,
        Some(erased_at)
    );
}
