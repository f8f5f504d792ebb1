//! Stays in the browser's way: the trip page shows the price breakdown and the cancellation
//! tiers before booking; booking, the booking page, cancelling; the hosts' traveller list.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{DEMO_PASSWORD, TestApp, location};

const ARGAN: &str = "/trips/six-jours-dans-la-reserve-de-biosphere-de-l-arganeraie";

#[tokio::test]
async fn a_traveller_books_from_the_trip_page_and_the_host_sees_the_travellers() {
    let app = TestApp::spawn_demo().await;
    let (status, page) = app.page(&format!("{ARGAN}?lang=en")).await;
    assert_eq!(status, StatusCode::OK);
    for shown in [
        "Hosts and local services",
        "Community fund (5%)",
        "Cancellation policy",
        "30% of the price is kept",
    ] {
        assert!(page.contains(shown), "{shown} before booking");
    }
    assert!(
        page.contains("/login?next="),
        "visitors are asked to log in to book"
    );

    let traveller = app
        .visitor("traveller@demo.passerelle.test", DEMO_PASSWORD)
        .await;
    let (_, page) = traveller.page(ARGAN).await;
    let action = page
        .split("action=\"/departures/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|s| format!("/departures/{s}"))
        .expect("a booking form");
    let departure: i64 = action.split('/').nth(2).unwrap().parse().unwrap();
    let before = entity::departure::Entity::find_by_id(departure)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    // No traveller: the page comes back with the message.
    let res = traveller
        .submit(
            ARGAN,
            &action,
            &[
                ("travellers", "  "),
                ("contact_email", "famille@example.org"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("aria-invalid=\"true\""));
    let res = traveller
        .submit(
            ARGAN,
            &action,
            &[
                ("travellers", "Anna Janssens\nBen Janssens"),
                ("contact_email", "famille@example.org"),
                ("dietary", "végétarien"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let booking_page = location(&res);
    assert!(booking_page.starts_with("/bookings/"));
    let after = entity::departure::Entity::find_by_id(departure)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.seats_taken, before.seats_taken + 2);
    let (status, page) = traveller.page(&format!("{booking_page}?lang=en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Held") && page.contains("href=\"/pay/"),
        "held, with a link to pay"
    );
    // Nobody else sees it.
    let other = app
        .visitor(
            "member1.jette-sidi-bibi@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let (status, _) = other.page(&booking_page).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The host's traveller list, printable and as CSV.
    let host = app
        .visitor("host.jette-sidi-bibi@demo.passerelle.test", DEMO_PASSWORD)
        .await;
    let (status, list) = host.page(&format!("/host/departures/{departure}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Anna Janssens") && list.contains("végétarien"));
    let res = host
        .get(&format!("/host/departures/{departure}/travellers.csv"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = String::from_utf8(res.bytes().await.unwrap()[3..].to_vec()).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("Ben Janssens;")), "{csv}");
    let (status, _) = other.page(&format!("/host/departures/{departure}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "only the trip's hosts");

    // Cancelled from the booking page: the places return.
    let res = traveller
        .submit(&booking_page, &format!("{booking_page}/cancel"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = entity::departure::Entity::find_by_id(departure)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back.seats_taken, before.seats_taken);
    let b = entity::booking::Entity::find()
        .filter(
            entity::booking::Column::Reference.eq(booking_page.trim_start_matches("/bookings/")),
        )
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b.status, "cancelled");
}
