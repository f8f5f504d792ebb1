//! What stays and the community fund put on a person's own page, read through the library:
//! a traveller's holds, balances, waiting lists and bookings (with their calendar file), a
//! host's coming departures, a coordinator's projects waiting for a decision; in a fixed number
//! of queries whatever the data.

use passerelle::security::AuthUser;
use passerelle::web::i18n::Lang;
use passerelle::web::space::{SpaceItem, SpaceKind};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::helpers::{DEMO_PASSWORD, TestApp, location};
use crate::trip_mail::plain;

async fn user(app: &TestApp, email: &str, password: &str) -> AuthUser {
    let token = app.token(email, password).await;
    passerelle::security::token_user(&app.db, &token, app.clock_now())
        .await
        .unwrap()
        .expect("the user")
}

/// The lines of stays and of the fund, and the statements they took.
async fn items_of(app: &TestApp, u: &AuthUser, lang: Lang) -> (Vec<SpaceItem>, u64) {
    let before = app.state.metrics.db_queries.get();
    let mut items = passerelle::trips::space::space_items(&app.db, u, app.clock_now(), lang)
        .await
        .expect("stays lines");
    items.extend(
        passerelle::fund::space::space_items(&app.db, u, app.clock_now(), lang)
            .await
            .expect("fund lines"),
    );
    (items, app.state.metrics.db_queries.get() - before)
}

fn with_href<'a>(items: &'a [SpaceItem], prefix: &str) -> Vec<&'a SpaceItem> {
    items
        .iter()
        .filter(|i| i.href.starts_with(prefix))
        .collect()
}

#[tokio::test]
async fn a_traveller_finds_holds_balances_waiting_lists_and_bookings_with_their_calendar() {
    let app = TestApp::spawn_demo().await;
    let family = user(&app, "traveller@demo.passerelle.test", DEMO_PASSWORD).await;
    let (items, queries) = items_of(&app, &family, Lang::Fr).await;
    let bookings = entity::booking::Entity::find()
        .filter(entity::booking::Column::UserId.eq(family.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(!bookings.is_empty());
    for b in &bookings {
        let page = format!("/bookings/{}", b.reference);
        let done = items
            .iter()
            .find(|i| i.kind == SpaceKind::Done && i.href == page)
            .unwrap_or_else(|| panic!("{page} in {items:#?}"));
        assert_eq!(done.area, "trips");
        assert_eq!(
            done.extra.as_ref().map(|e| e.1.clone()),
            Some(format!("{page}/calendar.ics"))
        );
        // Its deposit is paid, its balance asked: a line to pay it, with the date.
        let balance = entity::payment_request::Entity::find_by_id(b.balance_request_id.unwrap())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let todo = items
            .iter()
            .find(|i| i.href == format!("/pay/{}", balance.reference))
            .expect("the balance to pay");
        assert_eq!(todo.kind, SpaceKind::Todo);
        let due = passerelle::web::format::date(Lang::Fr, balance.due_on.unwrap());
        assert!(
            plain(&todo.detail).contains(&format!(
                "Solde de {} à payer au plus tard le {}",
                plain(&balance.amount_cents.euros()),
                plain(&due)
            )),
            "{}",
            todo.detail
        );
    }

    // A hold on another trip and a place on a waiting list: two more lines, no more queries.
    let traveller = app
        .visitor("traveller@demo.passerelle.test", DEMO_PASSWORD)
        .await;
    let trip = "/trips/six-jours-dans-la-reserve-de-biosphere-de-l-arganeraie";
    let (_, page) = traveller.page(trip).await;
    let forms: Vec<String> = page
        .split("action=\"/departures/")
        .skip(1)
        .filter_map(|s| s.split('"').next().map(|a| format!("/departures/{a}")))
        .collect();
    let res = traveller
        .submit(
            trip,
            forms.last().unwrap(),
            &[
                ("travellers", "Noor"),
                ("contact_email", "noor@example.org"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let hold_page = location(&res);
    let token = app
        .token("traveller@demo.passerelle.test", DEMO_PASSWORD)
        .await;
    let first = forms[0].split('/').nth(2).unwrap();
    let names: Vec<_> = (0..6).map(|i| json!({"name": format!("P{i}")})).collect();
    let res = app
        .post_json(
            &format!("/api/v1/departures/{first}/waitlist"),
            &json!({"travellers": names, "contact_email": "noor@example.org"}),
            Some(&token),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "the nearly full departure"
    );
    let (items, after) = items_of(&app, &family, Lang::Nl).await;
    assert_eq!(after, queries, "the same number of queries with more data");
    let hold = items
        .iter()
        .find(|i| i.extra.as_ref().is_some_and(|e| e.1 == hold_page))
        .expect("the hold, leading to its payment");
    assert_eq!(hold.kind, SpaceKind::Todo);
    assert!(hold.href.starts_with("/pay/"));
    assert!(hold.when.is_some(), "its expiry");
    assert!(hold.detail.starts_with("Voorschot van"), "{}", hold.detail);
    let waiting = with_href(&items, "/trips/six-jours");
    assert_eq!(waiting.len(), 1, "{items:#?}");
    assert!(waiting[0].detail.contains("wachtlijst voor 6 plaatsen"));
}

#[tokio::test]
async fn a_host_finds_the_coming_departures_and_a_coordinator_the_projects_to_decide() {
    let app = TestApp::spawn_demo().await;
    let host = user(
        &app,
        "host.jette-sidi-bibi@demo.passerelle.test",
        DEMO_PASSWORD,
    )
    .await;
    let (items, _) = items_of(&app, &host, Lang::Fr).await;
    let departures = with_href(&items, "/host/departures/");
    assert_eq!(departures.len(), 3, "{items:#?}");
    let first = departures[0];
    assert_eq!((first.kind, first.area), (SpaceKind::Todo, "hosting"));
    let id: i64 = first.href.rsplit('/').next().unwrap().parse().unwrap();
    let d = entity::departure::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        plain(&first.detail).contains(&format!("{} / {} places prises", d.seats_taken, d.capacity)),
        "{}",
        first.detail
    );
    let (status, _) = app
        .visitor("host.jette-sidi-bibi@demo.passerelle.test", DEMO_PASSWORD)
        .await
        .page(&first.href)
        .await;
    assert_eq!(status, StatusCode::OK, "the traveller list");
    assert!(
        !items.iter().any(|i| i.area == "fund"),
        "hosts decide no projects"
    );

    // A coordinator proposes a project: waiting for the local decision, until recorded.
    let coordinator_email = "coordinator.jette-sidi-bibi@demo.passerelle.test";
    let coordinator = user(&app, coordinator_email, DEMO_PASSWORD).await;
    let (before, queries) = items_of(&app, &coordinator, Lang::Fr).await;
    let visitor = app.visitor(coordinator_email, DEMO_PASSWORD).await;
    let fund = "/partnerships/jette-sidi-bibi/fund";
    let res = visitor
        .submit(
            fund,
            &format!("{fund}/projects"),
            &[
                ("title", "Puits du douar"),
                ("territory", "sidi-bibi"),
                ("description", "Approfondir le puits."),
                ("budget", "3200"),
            ],
        )
        .await;
    let project = location(&res);
    let (items, after) = items_of(&app, &coordinator, Lang::Fr).await;
    assert_eq!(after, queries);
    let line = items
        .iter()
        .find(|i| i.href == project)
        .expect("the project to decide");
    assert_eq!((line.kind, line.area), (SpaceKind::Todo, "fund"));
    assert_eq!(line.title, "Puits du douar");
    assert!(
        plain(&line.detail).contains("budget de 3 200,00 €"),
        "{}",
        line.detail
    );
    assert!(!before.iter().any(|i| i.href == project));
    // The coordinators of another partnership are not asked.
    let other = user(
        &app,
        "coordinator.schaerbeek-al-hoceima@demo.passerelle.test",
        DEMO_PASSWORD,
    )
    .await;
    let (items, _) = items_of(&app, &other, Lang::Fr).await;
    assert!(!items.iter().any(|i| i.href == project));
    // Decided: off the list.
    visitor
        .submit(
            &project,
            &format!("{project}/status"),
            &[("status", "open"), ("decision", "Conseil communal")],
        )
        .await;
    let (items, _) = items_of(&app, &coordinator, Lang::Fr).await;
    assert!(!items.iter().any(|i| i.href == project));

    // Once the first stay is over, it is among what the host did, with its travellers.
    let days = (d.ends_on - app.clock_now().date_naive()).num_days() + 1;
    app.advance(chrono::Duration::days(days));
    let (items, _) = items_of(&app, &host, Lang::Fr).await;
    let hosted = items
        .iter()
        .find(|i| i.href == first.href)
        .expect("the stay hosted");
    assert_eq!(hosted.kind, SpaceKind::Done);
    assert!(
        plain(&hosted.detail).contains(&format!("{} voyageurs", d.seats_taken)),
        "{}",
        hosted.detail
    );
}
