//! The exchange of practices from request to answer: recipients nobody can read are passed on,
//! the sheet that answered a request is linked both ways, the expertise form keeps what is
//! declared, every open request and every live training registration offers its people an action,
//! and the network's lines of a coordinator's own page.

use entity::training_registration::RegistrationStatus::{self, Cancelled, Registered};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::{PASSWORD, coordinator_of, network_app};
use crate::helpers::{DEMO_PASSWORD, Options, TestApp, Visitor};
use crate::smtp::SmtpSink;

fn demo_email(who: &str) -> String {
    format!("coordinator.{who}@demo.passerelle.test")
}

async fn demo_token(app: &TestApp, who: &str) -> String {
    app.token(&demo_email(who), DEMO_PASSWORD).await
}

/// The coordinator of the partnership `who` in [`network_app`].
fn email(who: &str) -> &'static str {
    coordinator_of(who)
}

async fn token(app: &TestApp, who: &str) -> String {
    app.token(email(who), PASSWORD).await
}

/// The [`network_app`] in which Braine-l'Alleud knows citizen participation and seniors, as in
/// the demo.
async fn seniors_network() -> TestApp {
    let app = network_app(Options::default()).await;
    let res = app
        .put_json(
            "/api/v1/territories/braine-l-alleud/expertise",
            &json!({"topics": ["citizen_participation", "seniors"]}),
            Some(&token(&app, BRAINE).await),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    app
}

const JETTE: &str = "jette-sidi-bibi";
const BRAINE: &str = "braine-l-alleud-tafraout-ammelne";
const SCHAERBEEK: &str = "schaerbeek-al-hoceima";

/// Sidi Bibi asks about its seniors: Jette (partner), Braine-l'Alleud and Pro Senectute Vaud
/// (both declared the topic in the demo; nobody has an account for Pro Senectute Vaud).
async fn seniors_request(app: &TestApp, jette: &str) -> Value {
    let res = app
        .post_json(
            "/api/v1/support-requests",
            &json!({"territory": "sidi-bibi", "topic": "seniors", "title": "Un club des aînés au douar",
                    "need": "Comment lancer un club des aînés ?\nQui l'anime ?\nAvec quel budget ?"}),
            Some(jette),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

fn recipient<'a>(request: &'a Value, territory: &str) -> &'a Value {
    request["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["territory"] == territory)
        .unwrap_or_else(|| panic!("{territory} in {request}"))
}

#[tokio::test]
async fn a_recipient_where_nobody_has_an_account_is_passed_to_the_administrators_and_the_requester_is_told()
 {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(Options {
        demo: true,
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    let jette = demo_token(&app, JETTE).await;
    let request = seniors_request(&app, &jette).await;
    let id = request["id"].as_i64().unwrap();
    // The API's answer says who can read it and who was passed on.
    let vaud = recipient(&request, "pro-senectute-vaud");
    assert_eq!(vaud["reachable"], false);
    assert_eq!(vaud["relayed"], true);
    let braine = recipient(&request, "braine-l-alleud");
    assert_eq!(
        (&braine["reachable"], &braine["relayed"]),
        (&json!(true), &json!(false))
    );
    assert_eq!(recipient(&request, "jette")["reason"], "partner");

    app.run_worker().await;
    let admin = sink.to("admin@demo.passerelle.test");
    assert_eq!(admin.len(), 1, "the administrators are told once");
    let text = admin[0].text();
    assert!(text.contains("Pro Senectute Vaud"), "{text}");
    assert!(text.contains(&format!("/support/{id}")), "{text}");
    assert!(
        !text.contains("Braine-l'Alleud,"),
        "only the unreachable are named: {text}"
    );
    assert_eq!(
        sink.to(&demo_email(BRAINE)).len(),
        1,
        "Braine-l'Alleud as before"
    );
    assert!(sink.to(&demo_email(JETTE)).is_empty(), "not the requester");

    // The request's page says it to the requester, under the recipient.
    let web = app.visitor(&demo_email(JETTE), DEMO_PASSWORD).await;
    let (_, page) = web.page(&format!("/support/{id}")).await;
    let line = page
        .split("<li><bdi>Pro Senectute Vaud</bdi>")
        .nth(1)
        .and_then(|s| s.split("</li>").next())
        .expect("Pro Senectute Vaud listed");
    assert!(
        line.contains("administrateurs du réseau"),
        "relayed, said in French: {line}"
    );
    let braine_line = page
        .split("<li><bdi>Braine-l")
        .nth(1)
        .and_then(|s| s.split("</li>").next())
        .expect("Braine-l'Alleud listed");
    assert!(!braine_line.contains("unreachable"), "{braine_line}");

    // Through the form: the answer (the next page) says it at once.
    let res = web
        .submit(
            "/support",
            "/support",
            &[
                ("territory", "sidi-bibi"),
                ("topic", "social_cohesion"),
                ("title", "Médiation de quartier"),
                ("need", "Des médiateurs pour le quartier de la gare."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, next) = web.page(&crate::helpers::location(&res)).await;
    assert!(
        next.contains("les administrateurs du réseau la leur transmettront"),
        "the flash says it"
    );
    for lang in ["nl", "en", "ar"] {
        let (status, body) = web.page(&format!("/support/{id}?lang={lang}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            !body.contains("support-unreachable"),
            "{lang}: untranslated"
        );
    }
}

#[tokio::test]
async fn a_request_resolved_with_a_sheet_links_to_it_and_the_sheet_links_back() {
    let app = seniors_network().await;
    let jette = token(&app, JETTE).await;
    let braine = token(&app, BRAINE).await;
    let request = seniors_request(&app, &jette).await;
    let id = request["id"].as_i64().unwrap();
    assert!(request["practice_sheet"].is_null());
    let sheet: Value = app
        .post_json(
            "/api/v1/practices",
            &json!({"territory": "braine-l-alleud", "pillar": "practices", "topics": ["seniors"],
                    "title": {"fr": "Un club des aînés en dix étapes"}, "summary": "Notre club, pas à pas.",
                    "method": "1. Réunir les aînés\n2. Choisir un lieu\n3. Fixer un jour"}),
            Some(&braine),
        )
        .await
        .json()
        .await
        .unwrap();
    let slug = sheet["slug"].as_str().unwrap().to_owned();

    // From the page: the requester picks the sheet among those of the territories involved; a
    // wrong address is refused with a message and the request stays open.
    let web = app.visitor(email(JETTE), PASSWORD).await;
    let path = format!("/support/{id}");
    let (_, page) = web.page(&path).await;
    assert!(
        page.contains(&format!("<option value=\"{slug}\"")),
        "the new sheet is offered"
    );
    let res = web
        .submit(
            &path,
            &format!("{path}/resolve"),
            &[("practice_sheet", ""), ("other_sheet", "/practices/nope")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Aucune fiche de pratique n")
    );
    let res = web
        .submit(
            &path,
            &format!("{path}/resolve"),
            &[("practice_sheet", &slug)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The API's answer, the request's page and the sheet's page all show the link.
    let (_, done) = app
        .get_json(&format!("/api/v1/support-requests/{id}"), Some(&braine))
        .await;
    assert_eq!(done["status"], "resolved");
    assert_eq!(done["practice_sheet"]["slug"], slug.as_str());
    assert_eq!(done["practice_sheet"]["url"], format!("/practices/{slug}"));
    assert_eq!(
        done["practice_sheet"]["title"]["fr"],
        "Un club des aînés en dix étapes"
    );
    let (_, public) = app.page(&path).await;
    assert!(public.contains(&format!("href=\"/practices/{slug}\"")));
    assert!(public.contains("Résolue grâce à la fiche de pratique"));
    let (_, sheet_page) = app.page(&format!("/practices/{slug}")).await;
    assert!(sheet_page.contains(&format!("href=\"/support/{id}\"")));
    assert!(sheet_page.contains("Un club des aînés au douar"));
    assert!(sheet_page.contains("Sidi Bibi"));
    let (_, sheet_en) = app.page(&format!("/practices/{slug}?lang=en")).await;
    assert!(sheet_en.contains("This sheet answered the support request of"));

    // Resolved is final: no more answers, no second resolution.
    let res = app
        .post_json(
            &format!("/api/v1/support-requests/{id}/messages"),
            &json!({"body": "Encore une idée"}),
            Some(&braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app
        .post_json(
            &format!("/api/v1/support-requests/{id}/resolve"),
            &json!({}),
            Some(&jette),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let (_, still) = app
        .get_json(&format!("/api/v1/support-requests/{id}"), Some(&jette))
        .await;
    assert_eq!(still["practice_sheet"]["slug"], slug.as_str(), "kept");
}

async fn declared(app: &TestApp, territory: &str) -> Vec<String> {
    let t = entity::territory::Entity::find()
        .filter(entity::territory::Column::Slug.eq(territory))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut topics: Vec<String> = entity::territory_expertise::Entity::find()
        .filter(entity::territory_expertise::Column::TerritoryId.eq(t.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.topic)
        .collect();
    topics.sort();
    topics
}

fn checked(page: &str, id: &str) -> bool {
    let tag = page
        .split(&format!("id=\"{id}\""))
        .nth(1)
        .and_then(|s| s.split('>').next())
        .unwrap_or_else(|| panic!("no #{id}"));
    tag.contains("checked")
}

#[tokio::test]
async fn the_expertise_form_shows_the_declared_topics_and_saves_only_what_was_changed() {
    let app = seniors_network().await;
    let web = app.visitor(email(BRAINE), PASSWORD).await;
    assert_eq!(
        declared(&app, "braine-l-alleud").await,
        ["citizen_participation", "seniors"]
    );
    let (_, page) = web.page("/support").await;
    assert!(checked(&page, "expertise-braine-l-alleud-seniors"));
    assert!(checked(
        &page,
        "expertise-braine-l-alleud-citizen_participation"
    ));
    assert!(!checked(&page, "expertise-braine-l-alleud-water"));
    assert!(
        !checked(&page, "expertise-tafraout-ammelne-seniors"),
        "per territory"
    );

    // Meanwhile a colleague adds youth through the API.
    let braine = token(&app, BRAINE).await;
    let res = app
        .put_json(
            "/api/v1/territories/braine-l-alleud/expertise",
            &json!({"topics": ["citizen_participation", "seniors", "youth"]}),
            Some(&braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The form drawn before: unchecks citizen participation, checks water.
    let token = crate::helpers::csrf_in(&page).unwrap();
    let res = web
        .client
        .post(app.url("/support/expertise"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("territory", "braine-l-alleud"),
            ("shown", "citizen_participation"),
            ("shown", "seniors"),
            ("topics", "seniors"),
            ("topics", "water"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        declared(&app, "braine-l-alleud").await,
        ["seniors", "water", "youth"],
        "exactly the change, and the colleague's youth kept"
    );
    let (_, page) = web.page("/support").await;
    assert!(page.contains("sont enregistrés"), "said so");
    assert!(checked(&page, "expertise-braine-l-alleud-water"));
    assert!(checked(&page, "expertise-braine-l-alleud-youth"));
    assert!(!checked(
        &page,
        "expertise-braine-l-alleud-citizen_participation"
    ));
    // Saving without a change changes nothing.
    let res = web
        .submit(
            "/support",
            "/support/expertise",
            &[("territory", "tafraout-ammelne"), ("topics", "magic")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        declared(&app, "tafraout-ammelne").await,
        Vec::<String>::new()
    );
}

/// The actions a page offers: (data-action, enabled), within `scope` of the page if given.
fn actions(html: &str) -> Vec<(String, bool)> {
    html.split("data-action=\"")
        .skip(1)
        .map(|rest| {
            let name = rest.split('"').next().unwrap_or("").to_owned();
            let tag = rest.split('>').next().unwrap_or("");
            (name, !tag.contains(" disabled"))
        })
        .collect()
}

/// Fails when a person responsible for a non-final state has nothing to do on the page: each
/// state must offer at least one enabled action, or a disabled one with its reason.
fn assert_offers(html: &str, what: &str, expected: &[&str]) {
    let offered = actions(html);
    assert!(!offered.is_empty(), "{what}: no action offered");
    for e in expected {
        assert!(
            offered.iter().any(|(a, _)| a == e),
            "{what}: no {e} in {offered:?}"
        );
    }
}

async fn page_of(v: &Visitor<'_>, path: &str) -> String {
    let (status, body) = v.page(path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    body
}

#[tokio::test]
async fn every_open_support_request_offers_its_requester_recipients_and_visitors_an_action() {
    let app = seniors_network().await;
    let jette = token(&app, JETTE).await;
    let request = seniors_request(&app, &jette).await;
    let id = request["id"].as_i64().unwrap();
    let path = format!("/support/{id}");
    let requester = app.visitor(email(JETTE), PASSWORD).await;
    let helper = app.visitor(email(BRAINE), PASSWORD).await;
    let outsider = app.visitor(email(SCHAERBEEK), PASSWORD).await;

    // open: the requester resolves or withdraws, a recipient answers, a visitor logs in.
    let check_open = |stage: &'static str| {
        let (requester, helper, app, path) = (&requester, &helper, &app, path.clone());
        async move {
            let mine = page_of(requester, &path).await;
            assert_offers(&mine, stage, &["resolve", "withdraw", "reply"]);
            let theirs = page_of(helper, &path).await;
            assert_offers(&theirs, stage, &["reply"]);
            let (_, anonymous) = app.page(&path).await;
            assert_offers(&anonymous, stage, &["log-in"]);
            assert!(anonymous.contains(&format!("/login?next=/support/{}", &path[9..])));
        }
    };
    check_open("open").await;
    let (_, other) = outsider.page(&path).await;
    assert!(
        actions(&other).is_empty(),
        "not theirs: {:?}",
        actions(&other)
    );
    let res = helper
        .submit(
            &path,
            &format!("{path}/messages"),
            &[("body", "Nous avons un club depuis 2015.\nVenez le voir.")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    check_open("open, answered").await;
    // An empty answer is refused with the form shown again.
    let res = helper
        .submit(&path, &format!("{path}/messages"), &[("body", "  ")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // withdrawn: final, nobody has anything left to do, and it says when.
    let res = requester
        .submit(&path, &format!("{path}/withdraw"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let done = page_of(&requester, &path).await;
    assert!(actions(&done).is_empty(), "final: {:?}", actions(&done));
    assert!(done.contains("Retirée le"), "said when");
    let (_, dto) = app
        .get_json(&format!("/api/v1/support-requests/{id}"), Some(&jette))
        .await;
    assert_eq!(dto["status"], "withdrawn");
    // A late answer from a stale page gets the reason, in French.
    let token = crate::helpers::csrf_in(&page_of(&helper, &path).await).unwrap();
    let res = helper
        .client
        .post(app.url(&format!("{path}/messages")))
        .header("referer", app.url(&path))
        .form(&[("csrf_token", token.as_str()), ("body", "Trop tard ?")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, back) = helper.page(&crate::helpers::location(&res)).await;
    assert!(
        back.contains("plus ouverte"),
        "the reason on the page it came from"
    );
    // It left the lists of those who could help.
    let (_, support) = helper.page("/support").await;
    assert!(!support.contains(&format!("href=\"{path}\"")));
}

async fn publish_training(app: &TestApp, braine: &str, capacity: i64) -> i64 {
    let start = app.clock_now() + chrono::Duration::days(30);
    let res = app
        .post_json(
            "/api/v1/trainings",
            &json!({"territory": "braine-l-alleud", "title": "Animer un groupe SPIRAL", "description": "Une journée.",
                    "starts_at": start.to_rfc3339(), "ends_at": (start + chrono::Duration::hours(8)).to_rfc3339(),
                    "place": "Braine-l'Alleud", "capacity": capacity, "audience": []}),
            Some(braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// The part of a training page about one registration.
fn registration(html: &str, id: i64) -> String {
    let from = html
        .split(&format!("id=\"registration-{id}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("registration {id} not listed"));
    from.split("class=\"registration\"")
        .next()
        .unwrap_or(from)
        .split("</section>")
        .next()
        .unwrap_or(from)
        .to_owned()
}

#[tokio::test]
async fn every_live_training_registration_offers_its_territory_and_the_publisher_an_action() {
    let app = seniors_network().await;
    let braine = token(&app, BRAINE).await;
    let schaerbeek = token(&app, SCHAERBEEK).await;
    let id = publish_training(&app, &braine, 2).await;
    let register = |names: Value| {
        let (app, schaerbeek) = (&app, &schaerbeek);
        async move {
            let res = app
                .post_json(
                    &format!("/api/v1/trainings/{id}/registrations"),
                    &json!({"territory": "al-hoceima", "participants": names}),
                    Some(schaerbeek),
                )
                .await;
            assert_eq!(res.status(), StatusCode::CREATED);
            res.json::<Value>().await.unwrap()
        }
    };
    let a = register(json!(["Fatima Zahra", "Mohamed Amine"])).await;
    let b = register(json!(["Nadia Bennani"])).await;
    let c = register(json!(["Karim Idrissi"])).await;
    assert_eq!(a["status"], "registered");
    assert_eq!(b["status"], "waiting");
    assert_eq!(c["status"], "waiting");
    let (a, b, c) = (
        a["id"].as_i64().unwrap(),
        b["id"].as_i64().unwrap(),
        c["id"].as_i64().unwrap(),
    );
    let path = format!("/trainings/{id}");
    let territory = app.visitor(email(SCHAERBEEK), PASSWORD).await;
    let publisher = app.visitor(email(BRAINE), PASSWORD).await;
    let page = page_of(&territory, &path).await;
    assert!(page.contains("Fatima Zahra") && page.contains("2 participants"));
    assert_offers(
        &registration(&page, a),
        "registered, its territory",
        &["cancel"],
    );
    assert_offers(
        &registration(&page, b),
        "waiting, its territory",
        &["leave"],
    );
    let page = page_of(&publisher, &path).await;
    assert_offers(
        &registration(&page, a),
        "registered, publisher",
        &["cancel"],
    );
    assert_offers(
        &registration(&page, b),
        "waiting, publisher",
        &["admit", "decline"],
    );
    assert!(
        registration(&page, b).contains("ajoute 1 place"),
        "says what admitting costs"
    );
    // Visitors see no names.
    let (_, public) = app.page(&path).await;
    assert!(!public.contains("Fatima Zahra"));

    // waiting -> registered: the publisher admits it, adding the place it needs.
    let res = publisher
        .submit(&path, &format!("/trainings/registrations/{b}/admit"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, t) = app.get_json(&format!("/api/v1/trainings/{id}"), None).await;
    assert_eq!(
        (t["capacity"].as_i64(), t["seats_left"].as_i64()),
        (Some(3), Some(0))
    );
    let page = page_of(&territory, &path).await;
    assert!(registration(&page, b).starts_with(" data-status=\"registered\""));
    assert_offers(
        &registration(&page, b),
        "admitted, its territory",
        &["cancel"],
    );
    // waiting -> cancelled: its territory leaves the list.
    let res = territory
        .submit(&path, &format!("/trainings/registrations/{c}/cancel"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // registered -> cancelled by its territory: final, nothing left to do on it.
    let res = territory
        .submit(&path, &format!("/trainings/registrations/{a}/cancel"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = page_of(&publisher, &path).await;
    assert!(
        actions(&registration(&page, a)).is_empty(),
        "cancelled is final"
    );
    assert!(
        actions(&registration(&page, c)).is_empty(),
        "cancelled is final"
    );
    let mut rows: Vec<(i64, RegistrationStatus)> = entity::training_registration::Entity::find()
        .filter(entity::training_registration::Column::TrainingId.eq(id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect();
    rows.sort_by_key(|(id, _)| *id);
    let statuses: Vec<RegistrationStatus> = rows.into_iter().map(|(_, s)| s).collect();
    assert_eq!(statuses, [Cancelled, Registered, Cancelled]);
    let (_, t) = app.get_json(&format!("/api/v1/trainings/{id}"), None).await;
    assert_eq!(t["seats_left"].as_i64(), Some(2), "the places came back");

    // Once it has begun, the live registration's actions are shown disabled with the reason.
    app.advance(chrono::Duration::days(31));
    let page = page_of(&territory, &path).await;
    let row = registration(&page, b);
    assert_offers(&row, "registered, begun", &["cancel"]);
    assert!(actions(&row).iter().all(|(_, enabled)| !enabled), "{row}");
    assert!(row.contains("aria-describedby=\"started-reason\""));
    assert!(page.contains("La formation a commencé"));
    let res = app
        .post_json(
            &format!("/api/v1/training-registrations/{b}/cancel"),
            &json!({}),
            Some(&schaerbeek),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_coordinators_space_lists_requests_to_answer_their_own_trainings_and_sheets() {
    use passerelle::web::space::SpaceKind;
    let app = TestApp::spawn_demo().await;
    let jette = demo_token(&app, JETTE).await;
    let braine = demo_token(&app, BRAINE).await;
    let request = seniors_request(&app, &jette).await;
    let request_id = request["id"].as_i64().unwrap();
    let sheet: Value = app
        .post_json(
            "/api/v1/practices",
            &json!({"territory": "tafraout-ammelne", "pillar": "practices", "topics": ["agriculture"],
                    "title": {"fr": "Terrasses d'amandiers"}, "summary": "Restaurer les terrasses."}),
            Some(&braine),
        )
        .await
        .json()
        .await
        .unwrap();
    let user =
        passerelle::accounts::service::authenticate(&app.db, &demo_email(BRAINE), DEMO_PASSWORD)
            .await
            .unwrap();
    let now = app.clock_now();
    let lang = passerelle::web::i18n::Lang::Fr;
    let queries = || app.state.metrics.db_queries.get();
    let before = queries();
    let items = passerelle::network::space::space_items(&app.state.db, &user, now, lang)
        .await
        .unwrap();
    let few = queries() - before;
    let find = |href: &str| {
        items
            .iter()
            .find(|i| i.href == href)
            .unwrap_or_else(|| panic!("{href} in {items:#?}"))
    };
    let to_answer = find(&format!("/support/{request_id}"));
    assert_eq!(to_answer.kind, SpaceKind::Todo);
    assert_eq!(to_answer.area, "practices");
    assert!(to_answer.detail.contains("Sidi Bibi") && to_answer.detail.contains("Aînés"));
    let published = find(&format!("/practices/{}", sheet["slug"].as_str().unwrap()));
    assert_eq!(published.kind, SpaceKind::Done);
    assert_eq!(published.title, "Terrasses d'amandiers");
    // The demo's June training: Braine-l'Alleud organises it, so it may register.
    let (_, list) = app.page("/trainings").await;
    let training: i64 = list
        .split("href=\"/trainings/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    let invited = find(&format!("/trainings/{training}"));
    assert_eq!(invited.kind, SpaceKind::Todo);
    assert!(
        invited.detail.contains("24 places libres"),
        "{}",
        invited.detail
    );

    // Registered: done, with the calendar file, which downloads.
    let res = app
        .post_json(
            &format!("/api/v1/trainings/{training}/registrations"),
            &json!({"territory": "braine-l-alleud", "participants": ["Claire Dumont", "Yassine El Idrissi"]}),
            Some(&braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // More data of every kind: the same number of queries.
    for i in 0..3 {
        seniors_request(&app, &jette).await;
        app.post_json(
            "/api/v1/practices",
            &json!({"territory": "braine-l-alleud", "pillar": "practices", "topics": ["youth"],
                    "title": {"fr": format!("Fiche {i}")}, "summary": "Résumé."}),
            Some(&braine),
        )
        .await;
    }
    let before = queries();
    let items = passerelle::network::space::space_items(&app.state.db, &user, now, lang)
        .await
        .unwrap();
    assert_eq!(queries() - before, few, "a fixed number of queries");
    assert!(few <= 9, "{few} queries");
    let registered = items
        .iter()
        .find(|i| i.href == format!("/trainings/{training}"))
        .unwrap();
    assert_eq!(registered.kind, SpaceKind::Done);
    assert!(
        registered.detail.contains("2 participants inscrits"),
        "{}",
        registered.detail
    );
    let (label, ics) = registered.extra.clone().expect("the .ics");
    assert!(label.contains(".ics"));
    let res = app.get(&ics).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("BEGIN:VEVENT"));
    assert_eq!(
        items
            .iter()
            .filter(|i| i.href.starts_with("/support/"))
            .count(),
        4
    );

    // The requester's side: its own open request, to close when answered.
    let jette_user =
        passerelle::accounts::service::authenticate(&app.db, &demo_email(JETTE), DEMO_PASSWORD)
            .await
            .unwrap();
    let items = passerelle::network::space::space_items(&app.state.db, &jette_user, now, lang)
        .await
        .unwrap();
    let own = items
        .iter()
        .find(|i| i.href == format!("/support/{request_id}"))
        .unwrap();
    assert!(own.detail.contains("Votre demande"), "{}", own.detail);
    // Someone with no coordination has no line here.
    let member = passerelle::accounts::service::authenticate(
        &app.db,
        "member1.jette-sidi-bibi@demo.passerelle.test",
        DEMO_PASSWORD,
    )
    .await
    .unwrap();
    assert!(
        passerelle::network::space::space_items(&app.state.db, &member, now, lang)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_training_capacity_typed_in_arabic_indic_digits_is_read_as_a_number() {
    let app = seniors_network().await;
    let web = app.visitor(email(BRAINE), PASSWORD).await;
    let start =
        (app.clock_now() + chrono::Duration::days(40)).with_timezone(&chrono_tz::Europe::Brussels);
    let res = web
        .submit(
            "/trainings?lang=ar",
            "/trainings",
            &[
                ("territory", "braine-l-alleud"),
                ("title", "ورشة التسميد"),
                ("starts_at", &start.format("%Y-%m-%dT09:00").to_string()),
                ("ends_at", &start.format("%Y-%m-%dT17:00").to_string()),
                ("place", "Ferme du Castegier"),
                ("capacity", "١٢"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let t = entity::training::Entity::find()
        .filter(entity::training::Column::Title.eq("ورشة التسميد"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("published");
    assert_eq!(t.capacity, 12);
    // Its page, in Arabic, writes the date and the places per language.
    let (_, page) = web.page(&format!("/trainings/{}?lang=ar", t.id)).await;
    let day = passerelle::web::format::date(passerelle::web::i18n::Lang::Ar, start.date_naive());
    assert!(page.contains(&day), "{day}");
    assert!(page.contains("بقي"), "places left, in Arabic");
}
