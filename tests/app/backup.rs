//! Backups while the site serves, proven by restoring them: `backup` during a burst of writes,
//! `restore` into a fresh database and storage, Passerelle started on it, and the books, the
//! counts and the files checked there.

use passerelle::backup::{backup, restore};
use passerelle::media::storage::Storage;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::catalog_photos::png;
use crate::helpers::{Options, TestApp};
use crate::places::Place;

/// A photo of a new product, through the API; returns its thumbnail's path.
async fn photo(app: &TestApp) -> String {
    let partnership = app
        .partnership_between(
            ("Ixelles", "Bruxelles-Capitale"),
            ("Taroudant", "Souss-Massa"),
            "backup.coordinator@example.org",
        )
        .await;
    let (producer, token) = app
        .approved_producer(&partnership, "backup.producer@example.org")
        .await;
    let product = app.product(producer.id, &token, "Miel de thym").await["id"]
        .as_i64()
        .unwrap();
    let res = app
        .client
        .post(app.url(&format!("/api/v1/products/{product}/photos")))
        .bearer_auth(&token)
        .header("content-type", "image/png")
        .body(png(300, 200, 40))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let photo: Value = res.json().await.unwrap();
    photo["thumb"].as_str().unwrap().to_owned()
}

async fn sign_up(app: &TestApp, i: usize) -> StatusCode {
    app.post_json(
        "/api/v1/accounts",
        &json!({"email": format!("burst{i}@example.org"), "password": "a long password", "display_name": "Burst"}),
        None,
    )
    .await
    .status()
}

#[tokio::test]
async fn a_backup_taken_during_writes_restores_into_a_fresh_place() {
    let app = TestApp::spawn_demo().await;
    let thumb = photo(&app).await;
    assert!(
        app.run_worker().await.sent > 0,
        "emails written as .eml files"
    );
    let users_before = app.count("users").await;
    let target = tempfile::tempdir().unwrap();

    // Forty sign-ups race the backup.
    let burst = futures_util::future::join_all((0..40).map(|i| sign_up(&app, i)));
    let taking = backup(
        &app.config,
        &app.state.storage,
        target.path(),
        app.clock_now(),
    );
    let (statuses, taken) = tokio::join!(burst, taking);
    assert!(
        statuses.iter().all(|s| *s == StatusCode::ACCEPTED),
        "{statuses:?}"
    );
    let (path, manifest) = taken.unwrap();
    let users = manifest.tables["users"];
    assert!(
        (users_before..=users_before + 40).contains(&users),
        "{users} users in the snapshot, {users_before} before the burst"
    );
    assert!(path.join("manifest.json").exists());
    assert!(
        manifest.files.iter().any(|f| thumb.ends_with(&f.key)),
        "the photo is in the backup"
    );
    let folders: std::collections::BTreeSet<&str> = manifest
        .files
        .iter()
        .filter_map(|f| f.key.split('/').next())
        .collect();
    assert_eq!(
        folders,
        ["mail", "photos"].into(),
        "the photo and the emails written"
    );

    // A fresh place: an empty database, an empty data directory, an empty storage.
    let place = Place::new(Options::default()).await;
    let storage = Storage::from_config(&place.config).unwrap();
    let report = restore(&place.config, &storage, &path).await.unwrap();
    assert_eq!(report.tables, manifest.tables);
    assert_eq!(report.files, manifest.files.len());

    // Passerelle on the restored place: the counts of the moment of the backup, the files
    // served, and (when the app goes) every payment request checked against the ledger.
    let restored = TestApp::launch(place).await;
    assert_eq!(restored.count("users").await, users);
    assert_eq!(
        restored.count("payment_requests").await,
        manifest.tables["payment_requests"]
    );
    assert!(manifest.tables["payment_requests"] > 0, "the demo's books");
    let res = restored.get(&thumb).await;
    assert_eq!(res.status(), StatusCode::OK, "{thumb}");
    assert_eq!(
        res.bytes().await.unwrap(),
        app.get(&thumb).await.bytes().await.unwrap()
    );
    let disagreements = passerelle::ledger::disagreements(&restored.db)
        .await
        .unwrap();
    assert!(disagreements.is_empty(), "{disagreements:?}");
    // The restored demo accounts sign in with their passwords.
    restored
        .token("admin@demo.passerelle.test", crate::helpers::DEMO_PASSWORD)
        .await;

    // A second restore into the now full database is refused, and nothing changes.
    let again = restore(&restored.config, &restored.state.storage, &path).await;
    let error = format!("{:#}", again.unwrap_err());
    assert!(error.contains("not empty"), "{error}");
    assert_eq!(restored.count("users").await, users);
}

#[tokio::test]
async fn a_damaged_backup_is_refused_before_anything_is_written() {
    let app = TestApp::spawn().await;
    let _ = photo(&app).await;
    let target = tempfile::tempdir().unwrap();
    let (path, manifest) = backup(
        &app.config,
        &app.state.storage,
        target.path(),
        app.clock_now(),
    )
    .await
    .unwrap();
    let damaged = path.join("files").join(&manifest.files[0].key);
    std::fs::write(&damaged, b"not the photo").unwrap();

    let place = Place::new(Options::default()).await;
    let storage = Storage::from_config(&place.config).unwrap();
    let error = format!(
        "{:#}",
        restore(&place.config, &storage, &path).await.unwrap_err()
    );
    assert!(error.contains("checksum"), "{error}");
    assert!(
        storage.list("photos").await.unwrap().is_empty(),
        "no file written"
    );
    let restored = TestApp::launch(place).await;
    assert_eq!(
        restored.count("users").await,
        0,
        "an empty database stays empty"
    );
}
