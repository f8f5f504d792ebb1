//! End to end in a real headless Chromium: home page, switch to Arabic, log in as a demo account.

use std::process::{Child, Command, Stdio};

use fantoccini::{ClientBuilder, Locator};

use crate::helpers::{DEMO_PASSWORD, TestApp};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn a_visitor_switches_to_arabic_and_logs_in() {
    let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(chromedriver) = chromedriver else {
        if std::env::var("PASSERELLE_REQUIRE_BROWSER").is_ok() {
            panic!("PASSERELLE_REQUIRE_BROWSER is set but chromedriver is not installed");
        }
        eprintln!("NOTICE: browser test skipped: install chromium and chromium-driver to run it");
        return;
    };
    let app = TestApp::spawn_demo().await;
    let port = free_port();
    let _driver = Driver(
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--lang=fr-BE", format!("--user-data-dir={}", profile.path().display())],
            "prefs": {"intl.accept_languages": "fr-BE,fr"}
        }),
    );
    // chromedriver takes a moment to listen: retry the session for up to ~10 s.
    let mut client = None;
    for _ in 0..100 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    let c = client.expect("a WebDriver session");

    c.goto(&app.url("/")).await.unwrap();
    // The browser asks for French (Accept-Language), the default anyway.
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(h1.contains("territoires"), "{h1}");

    c.find(Locator::Css("a[hreflang='ar']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let dir = c
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("dir")
        .await
        .unwrap();
    assert_eq!(dir.as_deref(), Some("rtl"));

    c.find(Locator::Css("a[href='/login']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let lang = c
        .find(Locator::Css("html"))
        .await
        .unwrap()
        .attr("lang")
        .await
        .unwrap();
    assert_eq!(
        lang.as_deref(),
        Some("ar"),
        "the language choice is remembered"
    );
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys("coordinator.jette-sidi-bibi@demo.passerelle.test")
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(DEMO_PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form[action='/login'] button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    c.wait()
        .for_element(Locator::Css("form[action='/logout']"))
        .await
        .unwrap();
    c.find(Locator::Css("a[href='/account']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let title = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(title, "حسابي", "the account page, still in Arabic");
    let body = c
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        body.contains("coordinator.jette-sidi-bibi@demo.passerelle.test"),
        "{body}"
    );
    assert!(
        body.contains("Jette – Sidi Bibi"),
        "the role's partnership is listed: {body}"
    );
    c.close().await.unwrap();
}
