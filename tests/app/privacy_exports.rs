//! Exports of lists of people are recorded: a host downloads the travellers of a departure and
//! the admins see who, when, what and how many rows, on their page and in the API; nobody else
//! does. A CSV export added later cannot skip the record: every CSV goes through the helper
//! that records, and only reviewed files may say theirs names no one.

use std::path::{Path, PathBuf};

use reqwest::StatusCode;
use serde_json::json;

use crate::builders::PASSWORD;
use crate::helpers::{ADMIN, ADMIN_PASSWORD, TestApp};

#[tokio::test]
async fn a_hosts_traveller_csv_is_recorded_and_only_admins_see_the_record() {
    let app = TestApp::spawn().await;
    let p = app.partnership().await;
    let (_, departure) = app
        .summer_stay_in_morocco(&p.coordinator_token, "Six jours dans l'arganeraie")
        .await;
    let d = departure["id"].as_i64().unwrap();
    let traveller = app.verified_token("traveller@example.org").await;
    let res = app
        .post_json(
            &format!("/api/v1/departures/{d}/bookings"),
            &json!({"travellers": [{"name": "Anna Janssens"}, {"name": "Ben Janssens"}, {"name": "Cléo Janssens"}],
                    "contact_email": "famille@example.org"}),
            Some(&traveller),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let admin = app.admin_token().await;
    assert_eq!(app.count("personal_data_exports").await, 0);

    let host = app.visitor(&p.coordinator, PASSWORD).await;
    let res = host
        .get(&format!("/host/departures/{d}/travellers.csv"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert_eq!(csv.lines().count(), 4, "a title row and three travellers");

    let (status, list) = app.get_json("/api/v1/admin/exports", Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 1);
    let e = &list["items"][0];
    assert_eq!(e["user_email"], p.coordinator.as_str());
    assert_eq!(e["kind"], "travellers_csv");
    assert_eq!(e["partnership"], p.slug.as_str());
    assert_eq!(e["row_count"], 3);
    assert!(
        e["subject"]
            .as_str()
            .unwrap()
            .starts_with(&format!("departure {d} "))
    );
    let when = chrono::DateTime::parse_from_rfc3339(e["created_at"].as_str().unwrap()).unwrap();
    assert_eq!(when, app.clock_now(), "when, by the site's clock");

    // The admins' page shows it; the host, the traveller and visitors may not see the record.
    let admin_browser = app.visitor(ADMIN, ADMIN_PASSWORD).await;
    let (status, page) = admin_browser.page("/admin/exports?lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&p.coordinator) && page.contains("Travellers of a departure"));
    let (status, _) = host.page("/admin/exports").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for token in [&p.coordinator_token, &traveller] {
        let (status, _) = app.get_json("/api/v1/admin/exports", Some(token)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = app.get_json("/api/v1/admin/exports", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_admins_page_of_exports_runs_a_fixed_number_of_queries() {
    let app = TestApp::spawn().await;
    app.admin_token().await;
    let admin = app.visitor(ADMIN, ADMIN_PASSWORD).await;
    let who = passerelle::accounts::service::authenticate(&app.db, ADMIN, ADMIN_PASSWORD)
        .await
        .expect("the admin");
    let mut counts = Vec::new();
    // The first visit sets the session up: counted apart.
    admin.page("/admin/exports").await;
    for n in [1, 30] {
        for i in 0..n {
            passerelle::security::exports::record(
                &app.db,
                &who,
                &passerelle::security::exports::PersonalExport {
                    kind: passerelle::security::exports::ExportKind::MembersCsv,
                    partnership_id: None,
                    subject: format!("campaign {i}"),
                },
                i,
                app.clock_now(),
            )
            .await
            .unwrap();
        }
        let before = app.state.metrics.db_queries.get();
        let (status, _) = admin.page("/admin/exports").await;
        assert_eq!(status, StatusCode::OK);
        counts.push(app.state.metrics.db_queries.get() - before);
    }
    assert_eq!(counts[0], counts[1], "{counts:?}");
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files whose CSV names no one (products, totals, customs papers), reviewed.
const WITHOUT_PERSONAL_DATA: [&str; 3] = [
    "src/group_orders/producer_orders.rs",
    "src/impact/handlers.rs",
    "src/shipments/paper_pages.rs",
];

#[test]
fn every_csv_export_of_people_is_recorded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for f in files {
        let name = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(&f).unwrap();
        if name == "src/web/csv.rs" {
            continue;
        }
        // A CSV served another way would skip the record (CSV that comes in, as a bank
        // statement's documented request body, is not an export).
        let incoming = source
            .matches("request_body(content = String, content_type = \"text/csv\")")
            .count();
        if source.matches("text/csv").count() > incoming {
            found.push(format!("{name}: `text/csv` outside src/web/csv.rs"));
        }
        if source.contains("csv::Writer") {
            found.push(format!("{name}: `csv::Writer` outside src/web/csv.rs"));
        }
        if source.contains("without_personal_data")
            && !WITHOUT_PERSONAL_DATA.contains(&name.as_str())
        {
            found.push(format!(
                "{name}: a CSV said to name no one; if it lists people use `csv::personal` (recorded), else add the file to the reviewed list"
            ));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The reviewed files still exist (a stale list would let a new file hide behind it).
    for f in WITHOUT_PERSONAL_DATA {
        assert!(root.join(f).exists(), "{f}");
    }
}
