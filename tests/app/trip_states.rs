//! Every non-final state of a booking, a waiting-list place, a departure and a fund project
//! offers the person responsible an action on the page (a form or a button link), or shows it
//! disabled with the reason: walked state by state, read from the rendered pages.

use chrono::Duration;
use reqwest::StatusCode;
use sea_orm::{ActiveEnum, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::PASSWORD;
use crate::helpers::{TestApp, location};
use crate::trip_mail::{Stay, stay};

/// What a page lets its viewer do: `POST <action>` for each form with an enabled submit button,
/// `GET <href>` for each link styled as a button, and `DISABLED <reason>` for each disabled
/// button explained by the element its `aria-describedby` names.
pub fn actions(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for form in html.split("<form").skip(1) {
        let form = form.split("</form>").next().unwrap_or("");
        let action = attr(&format!(" {form}"), "action").unwrap_or_default();
        // Every page has these: they are nobody's way on.
        if action == "/logout" || action.starts_with("/language") {
            continue;
        }
        let enabled = form.split("<button").skip(1).any(|b| {
            let tag = b.split('>').next().unwrap_or("");
            !tag.contains(" disabled") && !tag.contains("type=\"button\"")
        });
        if enabled {
            out.push(format!("POST {action}"));
        }
    }
    for a in html.split("<a ").skip(1) {
        let tag = format!(" {}", a.split('>').next().unwrap_or(""));
        let tag = tag.as_str();
        if attr(tag, "class").is_some_and(|c| c.split(' ').any(|c| c == "button")) {
            out.push(format!("GET {}", attr(tag, "href").unwrap_or_default()));
        }
    }
    for b in html.split("<button").skip(1) {
        let tag = b.split('>').next().unwrap_or("");
        if tag.contains(" disabled") {
            let why = attr(tag, "aria-describedby")
                .and_then(|id| {
                    let marker = format!("id=\"{id}\">");
                    html.split(&marker)
                        .nth(1)
                        .and_then(|s| s.split('<').next())
                        .map(str::to_owned)
                })
                .filter(|w| !w.trim().is_empty());
            if let Some(why) = why {
                out.push(format!("DISABLED {why}"));
            }
        }
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    Some(tag[start..].split('"').next()?.to_owned())
}

/// Fails when a non-final state offers its responsible role nothing to do.
fn offers(state: &str, html: &str, expected: &[&str]) {
    let got = actions(html);
    assert!(
        !got.is_empty(),
        "{state}: a non-final state with no action for its responsible role"
    );
    for e in expected {
        assert!(
            got.iter().any(|g| g.starts_with(e)),
            "{state}: expected {e} among {got:?}"
        );
    }
}

async fn status_of(app: &TestApp, reference: &str) -> String {
    entity::booking::Entity::find()
        .filter(entity::booking::Column::Reference.eq(reference))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .status
        .to_value()
}

#[tokio::test]
async fn each_state_of_a_booking_offers_its_traveller_and_its_hosts_a_way_on() {
    let s = stay().await;
    let app = &s.app;
    let d = s.departure(90, 8).await;
    let (_, booking, deposit) = s.book("nadia@example.org", d, &["Nadia"]).await;
    let page = format!("/bookings/{booking}");
    let traveller = app.visitor("nadia@example.org", "a long password").await;
    let host = s.host_visitor().await;

    // Held: pay the deposit, or cancel; the host may cancel too.
    assert_eq!(status_of(app, &booking).await, "held");
    let (_, html) = traveller.page(&page).await;
    offers(
        "held (traveller)",
        &html,
        &[
            &format!("GET /pay/{deposit}"),
            &format!("POST {page}/cancel"),
        ],
    );
    let (_, html) = host.page(&page).await;
    offers("held (host)", &html, &[&format!("POST {page}/cancel")]);
    assert!(
        !html.contains("href=\"/pay/"),
        "hosts do not pay for travellers"
    );

    // Confirmed with the balance due: pay it, or cancel; the calendar file is there.
    s.pay(&deposit, 19_200).await;
    assert_eq!(status_of(app, &booking).await, "confirmed");
    let balance = s.balance_request(&booking).await;
    let (_, html) = traveller.page(&page).await;
    offers(
        "confirmed, balance due (traveller)",
        &html,
        &[
            &format!("GET /pay/{balance}"),
            &format!("POST {page}/cancel"),
            &format!("GET {page}/calendar.ics"),
        ],
    );

    // Paid in full: cancel (the refund previewed) until the stay begins.
    s.pay(&balance, 44_800).await;
    let (_, html) = traveller.page(&page).await;
    offers(
        "confirmed, paid (traveller)",
        &html,
        &[&format!("POST {page}/cancel")],
    );
    assert!(!actions(&html).iter().any(|a| a.starts_with("GET /pay/")));
    let (_, html) = host.page(&page).await;
    offers("confirmed (host)", &html, &[&format!("POST {page}/cancel")]);

    // Once the stay has begun, cancelling is shown disabled with the reason.
    app.advance(Duration::days(92));
    let (_, html) = traveller.page(&page).await;
    offers("begun (traveller)", &html, &["DISABLED"]);
    assert!(!actions(&html).contains(&format!("POST {page}/cancel")));
    let res = traveller
        .submit(&page, &format!("{page}/cancel"), &[])
        .await;
    // Refused (409: with the page it came from, back to it with the reason).
    assert!(
        [StatusCode::SEE_OTHER, StatusCode::CONFLICT].contains(&res.status()),
        "{}",
        res.status()
    );
    assert_eq!(status_of(app, &booking).await, "confirmed");
}

#[tokio::test]
async fn a_hold_that_expires_and_a_cancelled_booking_are_final() {
    let s = stay().await;
    let app = &s.app;
    let d = s.departure(90, 8).await;
    let (token, booking, _) = s.book("omar@example.org", d, &["Omar"]).await;
    app.advance(Duration::minutes(80));
    app.run_worker().await;
    assert_eq!(status_of(app, &booking).await, "expired");
    let traveller = app.visitor("omar@example.org", "a long password").await;
    let (_, html) = traveller.page(&format!("/bookings/{booking}")).await;
    assert!(
        !actions(&html).iter().any(|a| a.starts_with("POST")),
        "nothing to do on an expired hold"
    );
    let _ = token;
    let (token2, cancelled, _) = s.book("omar2@example.org", d, &["Omar"]).await;
    s.cancel(&token2, &cancelled, "").await;
    let other = app.visitor("omar2@example.org", "a long password").await;
    let (_, html) = other.page(&format!("/bookings/{cancelled}")).await;
    assert!(
        !actions(&html).iter().any(|a| a.starts_with("POST")),
        "nothing to do on a cancelled booking"
    );
}

#[tokio::test]
async fn a_place_on_the_waiting_list_can_be_left_and_an_offer_paid_or_declined() {
    let s = stay().await;
    let app = &s.app;
    let d = s.departure(90, 4).await;
    let (_, first, _) = s.book("first@example.org", d, &["A", "B", "C", "D"]).await;
    // A party of two waits; the trip page offers to leave the list.
    let waiter = app.verified_token("wait@example.org").await;
    let res = app
        .post_json(
            &format!("/api/v1/departures/{d}/waitlist"),
            &json!({"travellers": [{"name": "W1"}, {"name": "W2"}], "contact_email": "wait@example.org"}),
            Some(&waiter),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let entry: Value = res.json().await.unwrap();
    let trip: entity::trip::Model = entity::trip::Entity::find_by_id(s.trip)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let trip_page = format!("/trips/{}", trip.slug);
    let visitor = app.visitor("wait@example.org", "a long password").await;
    let (_, html) = visitor.page(&trip_page).await;
    let leave = format!("POST /waitlist/{}/leave", entry["id"]);
    offers("waiting", &html, &[&leave]);

    // The first hold expires: the places are offered (held) to the waiting party, whose
    // trip page leads to the booking, where it can pay or decline.
    app.advance(Duration::minutes(80));
    app.run_worker().await;
    assert_eq!(status_of(app, &first).await, "expired");
    let (_, html) = visitor.page(&trip_page).await;
    assert!(!actions(&html).contains(&leave), "no longer waiting");
    let offered = html
        .split("you-booked\">")
        .nth(1)
        .and_then(|s| s.split("href=\"/bookings/").nth(1))
        .and_then(|s| s.split('"').next())
        .expect("the offer, on the trip page")
        .to_owned();
    let page = format!("/bookings/{offered}");
    let (_, html) = visitor.page(&page).await;
    assert!(
        html.contains("liste d&#39;attente"),
        "said to come from the list"
    );
    offers(
        "offered hold",
        &html,
        &["GET /pay/", &format!("POST {page}/cancel")],
    );
    // Leaving the list from the page when still waiting (another party).
    let other = app.verified_token("wait2@example.org").await;
    let res = app
        .post_json(
            &format!("/api/v1/departures/{d}/waitlist"),
            &json!({"travellers": [{"name": "X1"}, {"name": "X2"}, {"name": "X3"}], "contact_email": "wait2@example.org"}),
            Some(&other),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "more than the 2 places left"
    );
    let e2: Value = res.json().await.unwrap();
    let v2 = app.visitor("wait2@example.org", "a long password").await;
    let res = v2
        .submit(&trip_page, &format!("/waitlist/{}/leave", e2["id"]), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), trip_page);
    let e = entity::waitlist_entry::Entity::find_by_id(e2["id"].as_i64().unwrap())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(e.status, entity::waitlist_entry::WaitlistStatus::Withdrawn);
}

async fn roster(s: &Stay, departure: i64) -> String {
    let host = s.host_visitor().await;
    let (status, html) = host.page(&format!("/host/departures/{departure}")).await;
    assert_eq!(status, StatusCode::OK);
    html
}

#[tokio::test]
async fn a_departure_offers_its_hosts_to_confirm_or_call_it_off_until_it_begins() {
    let s = stay().await;
    let app = &s.app;
    let d = s.departure(60, 8).await;
    let base = format!("/host/departures/{d}");
    let html = roster(&s, d).await;
    offers(
        "scheduled",
        &html,
        &[
            &format!("POST {base}/confirm"),
            &format!("POST {base}/cancel"),
        ],
    );
    // The hosts commit to go with one traveller (minimum 4): confirmed, and the balance-date
    // check leaves it be.
    let (_, _, deposit) = s.book("one@example.org", d, &["Solo"]).await;
    s.pay(&deposit, 19_200).await;
    let host = s.host_visitor().await;
    let res = host.submit(&base, &format!("{base}/confirm"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = roster(&s, d).await;
    assert!(html.contains("id=\"departure-status\">Confirmé<"), "{html}");
    offers("confirmed", &html, &[&format!("POST {base}/cancel")]);
    assert!(!actions(&html).contains(&format!("POST {base}/confirm")));
    app.advance(Duration::days(31));
    app.run_worker().await;
    let dep = entity::departure::Entity::find_by_id(d)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        dep.status,
        entity::departure::DepartureStatus::Confirmed,
        "kept although short of the minimum"
    );

    // Begun: shown, disabled, with the reason.
    app.advance(Duration::days(30));
    let html = roster(&s, d).await;
    offers("begun", &html, &["DISABLED"]);
    assert!(!actions(&html).iter().any(|a| a.starts_with("POST")));

    // Called off: final.
    let d2 = s.departure(90, 8).await;
    let base2 = format!("/host/departures/{d2}");
    let res = host
        .submit(&base2, &format!("{base2}/cancel"), &[("reason", "x")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = roster(&s, d2).await;
    assert!(!actions(&html).iter().any(|a| a.starts_with("POST /host")));
}

#[tokio::test]
async fn a_fund_project_offers_its_coordinators_a_decision_until_it_is_completed_or_withdrawn() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let coordinator = app.visitor(&partnership.coordinator, PASSWORD).await;
    let fund = "/partnerships/jette-sidi-bibi/fund";
    let res = coordinator
        .submit(
            fund,
            &format!("{fund}/projects"),
            &[
                ("title", "Citerne pour l'école"),
                ("territory", "sidi-bibi"),
                ("description", "Une citerne de 20 m³."),
                ("budget", "٤٥٠٠"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let project = location(&res);
    let id: i64 = project.trim_start_matches("/fund/").parse().unwrap();
    let p = entity::fund_project::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        p.budget_cents.get(),
        450_000,
        "Arabic-Indic digits typed: 4,500.00 €"
    );
    let status_form = format!("POST {project}/status");
    for (state, next, final_state) in [
        ("proposed", "open", false),
        ("open", "completed", false),
        ("completed", "", true),
    ] {
        let (_, html) = coordinator.page(&project).await;
        if final_state {
            assert!(!actions(&html).contains(&status_form), "{state} is final");
            break;
        }
        offers(state, &html, &[&status_form]);
        let res = coordinator
            .submit(
                &project,
                &format!("{project}/status"),
                &[("status", next), ("decision", "Plateforme multi-acteurs")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{state} -> {next}");
    }
    // Withdrawn is final too.
    let res = coordinator
        .submit(
            fund,
            &format!("{fund}/projects"),
            &[
                ("title", "Autre"),
                ("territory", "sidi-bibi"),
                ("description", "x"),
                ("budget", "100"),
            ],
        )
        .await;
    let other = location(&res);
    coordinator
        .submit(
            &other,
            &format!("{other}/status"),
            &[("status", "withdrawn"), ("decision", "Abandonné")],
        )
        .await;
    let (_, html) = coordinator.page(&other).await;
    assert!(!actions(&html).contains(&format!("POST {other}/status")));
}
