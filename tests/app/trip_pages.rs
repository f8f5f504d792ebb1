//! Stays in the browser's way: the trip page shows the price breakdown and the cancellation
//! tiers before booking; booking, the booking page, cancelling; the hosts' traveller list.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::builders::PASSWORD;
use crate::helpers::{DEMO_PASSWORD, TestApp, location};

/// A traveller the tests sign up (password [`PASSWORD`]).
const TRAVELLER: &str = "traveller@example.org";

const ARGAN: &str = "/trips/six-jours-dans-la-reserve-de-biosphere-de-l-arganeraie";

#[tokio::test]
async fn a_traveller_books_from_the_trip_page_and_the_host_sees_the_travellers() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let (trip, _) = app
        .summer_stay_in_morocco(
            &partnership.coordinator_token,
            "Six jours dans l'arganeraie",
        )
        .await;
    let argan = format!("/trips/{}", trip["slug"].as_str().unwrap());
    let argan = argan.as_str();
    let (status, page) = app.page(&format!("{argan}?lang=en")).await;
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

    app.verified_token(TRAVELLER).await;
    let traveller = app.visitor(TRAVELLER, PASSWORD).await;
    let (_, page) = traveller.page(argan).await;
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
            argan,
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
            argan,
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
    app.verified_token("someone.else@example.org").await;
    let other = app.visitor("someone.else@example.org", PASSWORD).await;
    let (status, _) = other.page(&booking_page).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The host's traveller list, printable and as CSV.
    let host = app.visitor(&partnership.coordinator, PASSWORD).await;
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
    assert_eq!(b.status, entity::booking::BookingStatus::Cancelled);
}

#[tokio::test]
async fn a_host_describes_a_stay_adds_a_photo_and_a_departure() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let host = app.visitor(&partnership.coordinator, PASSWORD).await;
    let form = "/host/trips/new";
    let res = host
        .submit(
            form,
            form,
            &[
                ("partnership", "jette-sidi-bibi"),
                ("title", ""),
                ("min_group", "6"),
                ("max_group", "3"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = host
        .submit(
            form,
            form,
            &[
                ("partnership", "jette-sidi-bibi"),
                ("title", "Semaine du miel"),
                ("description", "Avec les apiculteurs."),
                ("programme", "Arrivée\nRuchers\nRetour"),
                ("languages", "fr, ar"),
                ("min_group", "2"),
                ("max_group", "6"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let manage = location(&res);
    let id: i64 = manage.trim_start_matches("/host/trips/").parse().unwrap();
    let t = entity::trip::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.programme.0.len(), 3);

    // A photo, decoded and stored like the catalogue's.
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x / 3) as u8, (y / 2) as u8, 90])
    }))
    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
    .unwrap();
    let (_, page) = host.page(&manage).await;
    let token = crate::helpers::csrf_in(&page).unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part(
            "photo",
            reqwest::multipart::Part::bytes(png)
                .file_name("ruche.png")
                .mime_str("image/png")
                .unwrap(),
        );
    let res = host
        .client
        .post(app.url(&format!("{manage}/photos")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count(&format!(
            "photos WHERE owner_type = 'trip' AND owner_id = {id}"
        ))
        .await,
        1
    );

    // A departure: bad input comes back with messages, then a good one is open for booking.
    let action = format!("{manage}/departures");
    let res = host
        .submit(
            &manage,
            &action,
            &[
                ("starts_on", "2020-01-01"),
                ("ends_on", "2019-12-01"),
                ("capacity", "0"),
                ("price", "x"),
                ("deposit", "150"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for f in ["starts_on", "ends_on", "capacity", "price", "deposit"] {
        assert!(body.contains(&format!("{f}-error")), "{f}");
    }
    let start = (app.clock_now() + chrono::Duration::days(70)).date_naive();
    let res = host
        .submit(
            &manage,
            &action,
            &[
                ("starts_on", &start.to_string()),
                ("ends_on", &(start + chrono::Duration::days(6)).to_string()),
                ("capacity", "6"),
                ("price", "520,00"),
                ("deposit", "30"),
                ("community_share", "5"),
                ("transport", "80"),
                ("organisation", "8"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, page) = app.page(&format!("/trips/{}?lang=en", t.slug)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("6 place(s) left of 6") || page.contains("left of 6"),
        "the departure is open"
    );
    assert!(page.contains("-display.jpg"), "the photo is shown");
}

/// The path of the first link to this site in an email's text.
fn link_in(text: &str, app: &TestApp, prefix: &str) -> String {
    let start = text
        .find(&app.url(prefix))
        .unwrap_or_else(|| panic!("a link to {prefix} in {text}"));
    let url = text[start..].split_whitespace().next().unwrap();
    url.trim_start_matches(&app.address).to_owned()
}

#[tokio::test]
async fn a_traveller_finds_the_booking_again_from_the_email_the_trip_page_and_its_calendar() {
    let app = TestApp::spawn_demo().await;
    let traveller = app
        .visitor("traveller@demo.passerelle.test", DEMO_PASSWORD)
        .await;
    let (_, page) = traveller.page(ARGAN).await;
    // The travellers are for the person to name, not the account's name.
    assert!(
        page.contains("name=\"travellers\" rows=\"3\"></textarea>"),
        "{page}"
    );
    assert!(!page.contains("Famille Janssens</textarea>"));
    // Languages by their own names.
    assert!(page.contains(">العربية</bdi>") && page.contains(">Français</bdi>"));
    let action = page
        .split("action=\"/departures/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|s| format!("/departures/{s}"))
        .expect("a booking form");
    let departure: i64 = action.split('/').nth(2).unwrap().parse().unwrap();
    let res = traveller
        .submit(
            ARGAN,
            &action,
            &[
                ("travellers", "Anna Janssens"),
                ("contact_email", "anna@example.org"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let booking_page = location(&res);
    let reference = booking_page.trim_start_matches("/bookings/").to_owned();

    // The trip page says so, with the booking's status and a link to it.
    let (_, page) = traveller.page(&format!("{ARGAN}?lang=nl")).await;
    // (The demo family has other bookings on the first departure: find this one's line.)
    let said = page
        .split("you-booked\">")
        .skip(1)
        .map(|s| s.split("</p>").next().unwrap())
        .find(|s| s.contains(&booking_page))
        .expect("you have booked, with a link to the booking");
    assert!(said.contains("U hebt 1 plaats gereserveerd"), "{said}");
    assert!(said.contains(&format!("href=\"{booking_page}\"")), "{said}");
    assert!(said.contains(">Voorlopig<"), "held: {said}");
    // Someone else sees no such thing.
    let other = app
        .visitor(
            "member1.jette-sidi-bibi@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let (_, page) = other.page(ARGAN).await;
    assert!(!page.contains("you-booked"));

    // The treasurer records the deposit: confirmed, emailed with the link to the booking.
    let b = entity::booking::Entity::find()
        .filter(entity::booking::Column::Reference.eq(reference.as_str()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let deposit = entity::payment_request::Entity::find_by_id(b.deposit_request_id.unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let treasurer = app
        .token(
            "coordinator.jette-sidi-bibi@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let res = app
        .post_json(
            &format!("/api/v1/payment-requests/{}/payments", deposit.reference),
            &serde_json::json!({"amount_cents": deposit.amount_cents,
                                "received_on": app.clock_now().date_naive().to_string()}),
            Some(&treasurer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let mail = crate::trip_mail::last_mail(&app, "anna@example.org", "Reservering bevestigd").await;
    let link = link_in(&mail, &app, "/bookings/");
    assert_eq!(link, booking_page);
    let pay_link = link_in(&mail, &app, "/pay/");

    // Followed by someone logged out: the login page, then back to the booking.
    let browser = crate::helpers::Visitor {
        app: &app,
        client: TestApp::new_client(),
    };
    let res = browser.get(&link).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let login = location(&res);
    assert_eq!(login, format!("/login?next=%2Fbookings%2F{reference}"));
    let res = browser
        .submit(
            &login,
            "/login",
            &[
                ("email", "traveller@demo.passerelle.test"),
                ("password", DEMO_PASSWORD),
                ("next", &link),
            ],
        )
        .await;
    assert_eq!(location(&res), link, "back to the booking after login");
    let (status, page) = browser.page(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("href=\"{link}/calendar.ics\"")),
        "{page}"
    );

    // The calendar file: the stay's days (the end date is exclusive in RFC 5545).
    let res = browser.get(&format!("{link}/calendar.ics")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let cal: icalendar::Calendar = res.text().await.unwrap().parse().expect("RFC 5545");
    let event = cal
        .components
        .iter()
        .find_map(|c| c.as_event())
        .expect("an event");
    use icalendar::Component;
    let d = entity::departure::Entity::find_by_id(departure)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        event.get_start(),
        Some(icalendar::DatePerhapsTime::Date(d.starts_on))
    );
    assert_eq!(
        event.get_end(),
        Some(icalendar::DatePerhapsTime::Date(
            d.ends_on + chrono::Duration::days(1)
        ))
    );

    // Logged out: the login page (not a 404); a stranger logged in: 404.
    let anonymous = TestApp::new_client();
    for path in [
        link.clone(),
        pay_link.clone(),
        format!("{link}/calendar.ics"),
        format!("/host/departures/{departure}"),
    ] {
        let res = anonymous.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&res).starts_with("/login?next="), "{path}");
        let (status, _) = other.page(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn the_trip_page_reads_naturally_in_each_language() {
    let app = TestApp::spawn_demo().await;
    let trip = entity::trip::Entity::find()
        .filter(entity::trip::Column::Slug.eq(ARGAN.trim_start_matches("/trips/")))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let d = entity::departure::Entity::find()
        .filter(entity::departure::Column::TripId.eq(trip.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .min_by_key(|d| d.starts_on)
        .unwrap();
    let plain = |s: &str| crate::trip_mail::plain(s).replace("&#39;", "'");
    let (_, fr) = app.page(&format!("{ARGAN}?lang=fr")).await;
    let fr = plain(&fr);
    for tier in [
        "60 jours ou plus avant le début : 30 % du prix est retenu",
        "de 30 à 59 jours avant le début : 50 % du prix est retenu",
        "moins de 30 jours avant le début : 100 % du prix est retenu",
        "Fonds communautaire (5 %)",
        "Acompte à la réservation : 30 %",
    ] {
        assert!(fr.contains(tier), "{tier}");
    }
    let day = passerelle::web::format::date(passerelle::web::i18n::Lang::Fr, d.starts_on);
    assert!(fr.contains(&plain(&day)), "{day}");
    assert!(!fr.contains(&d.starts_on.format("%d/%m/%Y").to_string()));

    let (_, en) = app.page(&format!("{ARGAN}?lang=en")).await;
    for tier in [
        "60 days or more before the start: 30% of the price is kept",
        "30–59 days before the start: 50% of the price is kept",
        "under 30 days before the start: 100% of the price is kept",
    ] {
        assert!(en.contains(tier), "{tier}");
    }
    let (_, ar) = app.page(&format!("{ARGAN}?lang=ar")).await;
    assert!(ar.contains("dir=\"rtl\""));
    assert!(
        ar.contains("يومًا أو أكثر قبل البداية"),
        "Arabic plural of days"
    );
    let day = passerelle::web::format::date(passerelle::web::i18n::Lang::Ar, d.starts_on);
    assert!(ar.contains(&day), "{day}");
    // People's texts are isolated from the page's direction.
    assert!(ar.contains("<h1 dir=\"auto\">"));
    assert!(ar.contains("<bdi lang=\"fr\">Français</bdi>"));
    // Percentages the Dutch way.
    let (_, nl) = app.page(&format!("{ARGAN}?lang=nl")).await;
    assert!(nl.contains("Gemeenschapsfonds (5%)"), "{nl}");
}
