//! The files storage shared by several instances: a photo stored through one instance is served
//! by another, and `passerelle storage copy` moves a single instance's data directory into the
//! store once, resuming where it stopped. With PASSERELLE_TEST_S3 (CI starts an S3-compatible
//! server) the store is an S3 bucket; without it, a directory.

use passerelle::config::StorageConfig;
use reqwest::StatusCode;
use serde_json::Value;

use crate::builders::producer_app;
use crate::catalog_photos::png;
use crate::helpers::{Options, TestApp};

/// The variables that point another instance at `app`'s storage.
fn same_storage(app: &TestApp) -> Vec<(&'static str, String)> {
    match &app.config.storage {
        StorageConfig::S3 { url, settings } => {
            let mut vars = vec![("PASSERELLE_STORAGE_URL", url.to_string())];
            vars.extend(settings.iter().map(|(k, v)| (*k, v.expose().clone())));
            vars
        }
        StorageConfig::Directory(dir) => vec![(
            "PASSERELLE_STORAGE_URL",
            format!("file://{}", dir.display()),
        )],
        StorageConfig::DataDir => vec![(
            "PASSERELLE_STORAGE_URL",
            format!("file://{}", app.config.data_dir.display()),
        )],
    }
}

#[tokio::test]
async fn a_photo_stored_through_one_instance_is_served_by_another() {
    let a = producer_app().await;
    let res = a
        .app
        .client
        .post(a.app.url(&format!("/api/v1/products/{}/photos", a.product)))
        .bearer_auth(&a.token)
        .header("content-type", "image/png")
        .body(png(320, 240, 80))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let photo: Value = res.json().await.unwrap();
    let thumb = photo["thumb"].as_str().unwrap().to_owned();
    let display = thumb.replace("-thumb.jpg", "-display.jpg");
    let from_a = a.app.get(&thumb).await.bytes().await.unwrap();

    // Another instance, its own database, the same storage.
    let b = TestApp::spawn_with(Options {
        vars: same_storage(&a.app),
        ..Default::default()
    })
    .await;
    let res = b.get(&thumb).await;
    assert_eq!(res.status(), StatusCode::OK, "{thumb} through B");
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.bytes().await.unwrap(), from_a, "the same bytes");
    assert_eq!(b.get(&display).await.status(), StatusCode::OK);
    // A key nobody stored is still a 404, not an error of the store.
    let missing = "/photos/0123456789abcdef01234567-thumb.jpg";
    assert_eq!(b.get(missing).await.status(), StatusCode::NOT_FOUND);
}

/// A data directory as a single instance left it, with a crash's half-written file.
fn old_data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, &[u8]); 6] = [
        ("photos/0123456789abcdef01234567-thumb.jpg", b"thumb"),
        ("photos/0123456789abcdef01234567-display.jpg", b"display"),
        ("photos/.0123456789abcdef01234567-thumb.ab12cd.tmp", b"half"),
        ("attachments/aa11.pdf", b"%PDF-1.4 plan"),
        ("proofs/bb22.png", b"proof"),
        ("mail/7.eml", b"Subject: hello\r\n\r\nbody"),
    ];
    for (path, bytes) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

#[tokio::test]
async fn storage_copy_moves_a_data_directory_into_the_store_and_resumes() {
    let app = TestApp::spawn().await;
    let old = old_data_dir();
    let store = &app.state.storage;
    // An earlier run was cut after the attachment: it is there already.
    store
        .put("attachments/aa11.pdf", b"%PDF-1.4 plan".to_vec())
        .await
        .unwrap();

    let passerelle = |dir: &std::path::Path| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"));
        cmd.args(["storage", "copy", "--from"])
            .arg(old.path())
            .env_clear()
            .env("PASSERELLE_DATA_DIR", dir)
            .env("PASSERELLE_LOG_FORMAT", "json");
        for (k, v) in same_storage(&app) {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let scratch = tempfile::tempdir().unwrap();
    let out = passerelle(scratch.path());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("4 files copied"), "{said}");
    assert!(said.contains("1 already there"), "{said}");

    for (key, bytes) in [
        ("photos/0123456789abcdef01234567-thumb.jpg", &b"thumb"[..]),
        ("proofs/bb22.png", b"proof"),
        ("mail/7.eml", b"Subject: hello\r\n\r\nbody"),
    ] {
        assert_eq!(store.get(key).await.unwrap(), bytes, "{key}");
    }
    let photos = store.list("photos").await.unwrap();
    assert_eq!(photos.len(), 2, "no half-written file: {photos:?}");
    // The copied photo is served like any other.
    let res = app.get("/photos/0123456789abcdef01234567-thumb.jpg").await;
    assert_eq!(res.status(), StatusCode::OK);

    // Run again: nothing to copy.
    let out = passerelle(scratch.path());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("0 files copied"), "{said}");
    assert!(said.contains("5 already there"), "{said}");
}

#[tokio::test]
async fn storage_copy_refuses_to_copy_a_directory_into_itself() {
    let old = old_data_dir();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(["storage", "copy"])
        .env_clear()
        .env("PASSERELLE_DATA_DIR", old.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("PASSERELLE_STORAGE_URL"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
