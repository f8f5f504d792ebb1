//! The weeks of a traveller, a host and a partnership coordinator, in a real browser, through
//! the pages only: a stay booked with a fund project chosen, its deposit recorded by the
//! treasurer, the booking found again from the email's link, its calendar file, the trip page
//! that says so, a cancellation and the email that tells the truth; a host's departures moved
//! on in French and in Arabic; a fund project proposed, chosen and shown.

use fantoccini::{Client, Locator};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::browser::{browser, click, fill, log_in, path, text, wait_for};
use crate::helpers::{DEMO_PASSWORD, TestApp};
use crate::trip_mail::{last_mail, plain};

const ARGAN: &str = "/trips/six-jours-dans-la-reserve-de-biosphere-de-l-arganeraie";
const TREASURER: &str = "coordinator.jette-sidi-bibi@demo.passerelle.test";

async fn log_out(c: &Client) {
    click(c, "form[action='/logout'] button[type='submit']").await;
    wait_for(c, "nav a[href='/login']").await;
}

/// Switches the pages to `lang` with the language menu.
async fn speak(c: &Client, lang: &str) {
    if lang == "fr" {
        return;
    }
    click(c, &format!("a[hreflang='{lang}']")).await;
    wait_for(c, &format!("html[lang='{lang}']")).await;
}

/// What a traveller's journey expects to read, in their language.
struct Words {
    lang: &'static str,
    confirmed_subject: &'static str,
    cancelled_subject: &'static str,
    status_confirmed: &'static str,
    status_cancelled: &'static str,
    you_booked: &'static str,
    /// Lines of the cancellation email (deposit paid, kept by the 60-days tier).
    cancelled: [&'static str; 3],
    /// What the email must not say any more.
    untrue: &'static str,
}

async fn traveller_week(email: &str, w: Words) {
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;

    // Logs in and books a place on the second departure, for a fund project.
    log_in(c, &app, email).await;
    speak(c, w.lang).await;
    click(c, "nav a[href='/trips']").await;
    click(c, &format!("a[href='{ARGAN}']")).await;
    wait_for(c, "section.departure").await;
    let departures = c.find_all(Locator::Css("section.departure")).await.unwrap();
    let second = &departures[1];
    let departure_id: i64 = second
        .attr("id")
        .await
        .unwrap()
        .unwrap()
        .trim_start_matches("departure-")
        .parse()
        .unwrap();
    let names = second
        .find(Locator::Css("textarea[name='travellers']"))
        .await
        .unwrap();
    assert_eq!(
        names.prop("value").await.unwrap().as_deref(),
        Some(""),
        "not prefilled"
    );
    names.send_keys("Lotte Peeters").await.unwrap();
    let project = second
        .find(Locator::Css("input[name='fund_project']:not([value=''])"))
        .await
        .expect("an open fund project to support");
    let project_id = project.attr("value").await.unwrap().unwrap();
    project.click().await.unwrap();
    second
        .find(Locator::Css("button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(c, "#booking-status").await;
    let booking_page = path(c).await;
    assert!(booking_page.starts_with("/bookings/"), "{booking_page}");
    assert!(text(c, ".fund-supported").await.len() > 5);

    // The pay page: the transfer to make.
    click(c, "a.button[href^='/pay/']").await;
    wait_for(c, "code").await;
    let pay_reference = path(c).await.trim_start_matches("/pay/").to_owned();
    let deposit = entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::Reference.eq(pay_reference.as_str()))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the deposit request");
    assert_eq!(
        deposit.fund_project_id.map(|p| p.to_string()),
        Some(project_id)
    );
    log_out(c).await;

    // The treasurer records the transfer on the partnership's payments page.
    log_in(c, &app, TREASURER).await;
    c.goto(&app.url("/partnerships/jette-sidi-bibi/payments"))
        .await
        .unwrap();
    let form = "form[action$='/payments/record']";
    wait_for(c, form).await;
    fill(c, "reference", &pay_reference).await;
    let euros = plain(&deposit.amount_cents.euros());
    fill(c, "amount", euros.trim_end_matches(" €")).await;
    c.execute(
        "document.getElementById('received_on').value = arguments[0];",
        vec![serde_json::json!(app.clock_now().date_naive().to_string())],
    )
    .await
    .unwrap();
    click(c, &format!("{form} button[type='submit']")).await;
    wait_for(c, ".flash-success").await;
    log_out(c).await;

    // The confirmation email's link: the login page, then the booking.
    let mail = last_mail(&app, email, w.confirmed_subject).await;
    let link = mail
        .split_whitespace()
        .find(|word| word.starts_with(&app.url("/bookings/")))
        .expect("a link to the booking")
        .to_owned();
    c.goto(&link).await.unwrap();
    wait_for(c, "input#email").await;
    fill(c, "email", email).await;
    fill(c, "password", DEMO_PASSWORD).await;
    click(c, "form[action='/login'] button[type='submit']").await;
    wait_for(c, "#booking-status").await;
    assert_eq!(
        path(c).await,
        booking_page,
        "back to the booking after login"
    );
    assert_eq!(text(c, "#booking-status").await, w.status_confirmed);

    // Its calendar file parses, with the stay's days.
    let href = c
        .find(Locator::Css("a[href$='/calendar.ics']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let ics = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(r => r.text()).then(done, e => done('ERROR ' + e));",
            vec![serde_json::json!(href)],
        )
        .await
        .unwrap();
    let cal: icalendar::Calendar = ics.as_str().unwrap().parse().expect("RFC 5545");
    let event = cal
        .components
        .iter()
        .find_map(|c| c.as_event())
        .expect("an event");
    use icalendar::Component;
    let d = entity::departure::Entity::find_by_id(departure_id)
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

    // The trip page says "you have booked", with the way back to the booking.
    click(c, "nav.breadcrumb a").await;
    let mine = format!("#departure-{departure_id} .you-booked");
    wait_for(c, &mine).await;
    assert!(
        text(c, &mine).await.contains(w.you_booked),
        "{}",
        text(c, &mine).await
    );
    click(c, &format!("{mine} a[href='{booking_page}']")).await;
    wait_for(c, "#booking-status").await;

    // Cancels: the page and the email say what is true.
    click(c, "details.cancel summary").await;
    // The page before the click is marked, so the wait below sees the page the form leads to.
    c.execute("document.body.dataset.before = 'cancel';", vec![])
        .await
        .unwrap();
    click(c, "details.cancel form button[type='submit']").await;
    wait_for(c, "body:not([data-before]) .flash-success").await;
    assert_eq!(text(c, "#booking-status").await, w.status_cancelled);
    let mail = last_mail(&app, email, w.cancelled_subject).await;
    for line in w.cancelled {
        assert!(mail.contains(line), "{line}: {mail}");
    }
    assert!(!mail.contains(w.untrue), "{mail}");
    b.close().await;
}

#[tokio::test]
async fn a_traveller_books_pays_finds_and_cancels_a_stay_in_french() {
    traveller_week(
        "member3.schaerbeek-al-hoceima@demo.passerelle.test",
        Words {
            lang: "fr",
            confirmed_subject: "Réservation confirmée",
            cancelled_subject: "Réservation annulée",
            status_confirmed: "Confirmée",
            status_cancelled: "Annulée",
            you_booked: "Vous avez réservé 1 place",
            cancelled: [
                "sont retenus.",
                "Rien ne vous est donc remboursé.",
                "Vous ne devez plus rien",
            ],
            untrue: "Solde à payer",
        },
    )
    .await;
}

#[tokio::test]
async fn a_traveller_books_pays_finds_and_cancels_a_stay_in_dutch() {
    traveller_week(
        "traveller@demo.passerelle.test",
        Words {
            lang: "nl",
            confirmed_subject: "Reservering bevestigd",
            cancelled_subject: "Reservering geannuleerd",
            status_confirmed: "Bevestigd",
            status_cancelled: "Geannuleerd",
            you_booked: "U hebt 1 plaats gereserveerd",
            cancelled: [
                "€ ingehouden.",
                "U krijgt dus niets terugbetaald.",
                "U bent niets meer verschuldigd",
            ],
            untrue: "Te betalen saldo",
        },
    )
    .await;
}

/// A host opens the trip's departures and a traveller list, then moves departures on.
async fn host_week(lang: &str, confirmed: &str, cancelled: &str) {
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    log_in(c, &app, "host.jette-sidi-bibi@demo.passerelle.test").await;
    speak(c, lang).await;
    c.goto(&app.url("/host")).await.unwrap();
    let trip_link = "table a[href^='/host/trips/']";
    wait_for(c, trip_link).await;
    click(c, trip_link).await;
    wait_for(c, "ul.rows a[href^='/host/departures/']").await;
    let lists = c
        .find_all(Locator::Css("ul.rows a[href^='/host/departures/']"))
        .await
        .unwrap();
    assert_eq!(lists.len(), 3, "the trip's three departures");
    let mut hrefs = Vec::new();
    for l in &lists {
        hrefs.push(l.attr("href").await.unwrap().unwrap());
    }
    // The nearly full departure: its travellers (confirmed: its minimum group is reached).
    lists[0].click().await.unwrap();
    wait_for(c, "table.roster").await;
    assert_eq!(path(c).await, hrefs[0]);
    let roster = text(c, "table.roster tbody").await;
    assert!(
        roster.contains("Els") && roster.contains("Samira"),
        "{roster}"
    );
    assert_eq!(text(c, "#departure-status").await, confirmed);
    // The next one has nobody yet: the hosts commit to it.
    c.goto(&app.url(&hrefs[1])).await.unwrap();
    let confirm = format!("form[action='{}/confirm'] button", hrefs[1]);
    wait_for(c, &confirm).await;
    click(c, &confirm).await;
    wait_for(c, ".flash-success").await;
    assert_eq!(text(c, "#departure-status").await, confirmed);
    // The last one is called off, with a reason for its travellers.
    c.goto(&app.url(&hrefs[2])).await.unwrap();
    wait_for(c, "details.cancel summary").await;
    click(c, "details.cancel summary").await;
    fill(c, "reason", "Crue de l'oued / فيضان الوادي").await;
    click(
        c,
        &format!("form[action='{}/cancel'] button[type='submit']", hrefs[2]),
    )
    .await;
    wait_for(c, ".flash-success").await;
    assert_eq!(text(c, "#departure-status").await, cancelled);
    assert!(
        c.find(Locator::Css(&format!("form[action='{}/cancel']", hrefs[2])))
            .await
            .is_err(),
        "a cancelled departure is final"
    );
    b.close().await;
}

#[tokio::test]
async fn a_host_opens_the_traveller_list_and_moves_departures_on_in_french() {
    host_week("fr", "Confirmé", "Annulé").await;
}

#[tokio::test]
async fn a_host_opens_the_traveller_list_and_moves_departures_on_in_arabic() {
    host_week(
        "ar",
        &passerelle::web::i18n::translate(
            passerelle::web::i18n::Lang::Ar,
            "departure-status-confirmed",
            &[],
        ),
        &passerelle::web::i18n::translate(
            passerelle::web::i18n::Lang::Ar,
            "departure-status-cancelled",
            &[],
        ),
    )
    .await;
}

#[tokio::test]
async fn a_partnership_coordinator_proposes_a_fund_project_chooses_it_and_sees_it_on_the_fund() {
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    log_in(c, &app, TREASURER).await;
    click(c, "nav a[href='/partnerships']").await;
    click(c, "a[href='/partnerships/jette-sidi-bibi']").await;
    click(c, "a[href='/partnerships/jette-sidi-bibi/fund']").await;
    wait_for(c, "form[action$='/fund/projects']").await;
    fill(c, "title", "Citerne de l'école de Sidi Bibi").await;
    crate::browser::select(c, "territory", "sidi-bibi").await;
    fill(
        c,
        "description",
        "Une citerne de 20 m³ pour l'école du douar.",
    )
    .await;
    fill(c, "budget", "4500").await;
    click(c, "form[action$='/fund/projects'] button[type='submit']").await;
    wait_for(c, "#project-status").await;
    assert_eq!(text(c, "#project-status").await, "Proposé");
    // The local decision: chosen.
    click(c, "input[name='status'][value='open']").await;
    fill(
        c,
        "decision",
        "Choisi par la plateforme multi-acteurs de Sidi Bibi",
    )
    .await;
    click(c, "form[action$='/status'] button[type='submit']").await;
    wait_for(c, ".flash-success").await;
    assert_eq!(text(c, "#project-status").await, "Choisi, en cours");
    // On the fund page, with its status; travellers may now choose it.
    click(c, "nav.breadcrumb a[href$='/fund']").await;
    wait_for(c, "ul.fund-projects").await;
    let card = c
        .find(Locator::XPath(
            "//ul[contains(@class,'fund-projects')]/li[.//a[contains(., \"Citerne de l'école\")]]",
        ))
        .await
        .expect("the project on the fund page");
    let shown = card.text().await.unwrap();
    assert!(shown.contains("Choisi, en cours"), "{shown}");
    assert!(plain(&shown).contains("4 500,00 €"), "{shown}");
    c.goto(&app.url(ARGAN)).await.unwrap();
    wait_for(c, "section.departure").await;
    assert!(
        text(c, "main")
            .await
            .contains("Citerne de l'école de Sidi Bibi"),
        "offered to travellers"
    );
    b.close().await;
}
