//! A shipment's papers in a real browser, on a phone: the partnership's coordinator opens a
//! collected shipment whose honey still lacks its health certificate, tries to record the
//! export clearance and reads what holds it, records the certificate (number, date, a PDF
//! scan), reads the commercial invoice and the packing list in French and in English, and then
//! records the export clearance.

use fantoccini::Locator;
use reqwest::StatusCode;
use sea_orm::EntityTrait;

use crate::browser::{
    browser, click, fill, html_attr, log_in_with, overflows, set_date, text, wait_for,
    wait_for_text,
};
use crate::builders::PASSWORD;
use crate::group_orders::scene;
use crate::shipment_papers::collected;

/// The element's text with its narrow and non-breaking spaces as plain ones, without the
/// marks that isolate the translations' variables.
async fn plain_text(c: &fantoccini::Client, css: &str) -> String {
    text(c, css)
        .await
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace(['\u{2068}', '\u{2069}'], "")
}

#[tokio::test]
async fn a_coordinator_completes_the_papers_of_a_shipment_on_a_phone_and_clears_it_for_export() {
    let Some(b) = browser().await else { return };
    b.phone().await;
    let c = &b.client;
    let s = scene(None).await;
    let app = &s.app;
    let (id, achbaro) = collected(&s).await;
    let pdf = b.temp_path("certificat-onssa.pdf");
    let scan = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
    std::fs::write(&pdf, scan).unwrap();

    log_in_with(c, app, &s.partnership.coordinator, PASSWORD).await;
    c.goto(&app.url(&format!("/shipments/{id}"))).await.unwrap();
    wait_for(c, "#shipment-papers").await;
    assert_eq!(html_attr(c, "lang").await.as_deref(), Some("fr"));
    let cert = format!("#paper-health_certificate-{achbaro}");
    assert!(plain_text(c, &cert).await.contains("À préparer"));
    assert!(!overflows(c).await, "the shipment page fits a phone");

    // The export clearance waits for the certificate: the page says which, and the button waits.
    let blocked = plain_text(c, "#step-blocked").await;
    assert!(
        blocked.contains("Certificat sanitaire") && blocked.contains("Achbaro"),
        "{blocked}"
    );
    let button = "form[action$='/steps'] button[type='submit']";
    let disabled = c
        .find(Locator::Css(button))
        .await
        .unwrap()
        .attr("disabled")
        .await
        .unwrap();
    assert!(disabled.is_some(), "the button waits for the papers");
    // Sent anyway (a page kept open while the papers changed): refused, with what is missing.
    // The helper recorded the collection on 8 December 2026.
    let cleared_on = "2026-12-09";
    set_date(c, "on", cleared_on).await;
    c.execute(
        "document.querySelector(arguments[0]).form.submit();",
        vec![serde_json::json!(button)],
    )
    .await
    .unwrap();
    let refused = wait_for_text(c, "#step-error", "Des papiers sont encore à préparer").await;
    assert!(refused.contains("Achbaro"), "{refused}");
    assert_eq!(app.count("shipment_events").await, 1, "nothing recorded");

    // The certificate: its number, its date and its scan.
    // The refusal opened the forms of the papers to prepare; otherwise their summary does.
    let details = c
        .find(Locator::Css(&format!("{cert} details")))
        .await
        .unwrap();
    if details.attr("open").await.unwrap().is_none() {
        click(c, &format!("{cert} summary")).await;
    }
    fill(
        c,
        &format!("ref-health_certificate-{achbaro}"),
        "ONSSA-2026-118",
    )
    .await;
    let today = app.clock_now().date_naive().to_string();
    set_date(c, &format!("on-health_certificate-{achbaro}"), &today).await;
    c.find(Locator::Id(&format!("file-health_certificate-{achbaro}")))
        .await
        .unwrap()
        .send_keys(&pdf.display().to_string())
        .await
        .unwrap();
    click(c, &format!("{cert} form button[type='submit']")).await;
    let card = wait_for_text(c, &cert, "ONSSA-2026-118").await;
    assert!(card.contains("Obtenu"), "{card}");
    let file = format!("/shipments/{id}/papers/health_certificate/{achbaro}/file");
    wait_for(c, &format!("{cert} a[href='{file}']")).await;
    let stored = entity::shipment_paper::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].reference, "ONSSA-2026-118");
    assert!(stored[0].file_key.is_some(), "the scan is kept");
    assert!(c.find(Locator::Id("step-blocked")).await.is_err());

    // The commercial invoice from its link, in French, then in English.
    click(
        c,
        &format!("#paper-commercial_invoice-0 a[href='/shipments/{id}/invoice?lang=fr']"),
    )
    .await;
    wait_for(c, "#paper-sheet").await;
    // 20 bottles of oil and 12 pots of honey: 32 units, 3 cases, 18 kg net, 442,00 €.
    for (lang, net, gross, declaration) in [
        (
            "fr",
            "18,000 kg",
            "19,200 kg",
            "sauf indication claire du contraire, ces produits ont l'origine préférentielle marocaine",
        ),
        (
            "en",
            "18.000 kg",
            "19.200 kg",
            "these products are of Moroccan preferential origin",
        ),
    ] {
        if lang == "en" {
            click(c, "a[hreflang='en']").await;
            wait_for_text(c, "h1", "Commercial invoice").await;
        }
        assert_eq!(html_attr(c, "lang").await.as_deref(), Some(lang));
        let totals = plain_text(c, "#paper-totals").await;
        let value = if lang == "fr" { "442,00" } else { "442.00" };
        for needle in ["32", "3", net, gross, value] {
            assert!(totals.contains(needle), "{lang}: {needle} in {totals}");
        }
        let lines = plain_text(c, "#paper-lines").await;
        assert!(
            lines.contains("1515900000") && lines.contains("040900"),
            "{lang}: {lines}"
        );
        let sheet = plain_text(c, "#paper-sheet").await;
        assert_eq!(sheet.matches(declaration).count(), 2, "{lang}: {sheet}");
        assert!(!overflows(c).await, "the invoice fits a phone ({lang})");
    }

    // The packing list, in English and then in French: weights, no value.
    c.goto(&app.url(&format!("/shipments/{id}/packing-list?lang=en")))
        .await
        .unwrap();
    for (lang, net, gross, title) in [
        ("en", "18.000 kg", "19.200 kg", "Packing list"),
        ("fr", "18,000 kg", "19,200 kg", "Liste de colisage"),
    ] {
        if lang == "fr" {
            click(c, "a[hreflang='fr']").await;
        }
        wait_for_text(c, "h1", title).await;
        let totals = plain_text(c, "#paper-totals").await;
        assert!(
            totals.contains(net) && totals.contains(gross),
            "{lang}: {totals}"
        );
        assert!(!totals.contains("442,00"), "no value on a packing list");
        assert!(plain_text(c, "#paper-lines").await.contains("040900"));
        assert!(
            !overflows(c).await,
            "the packing list fits a phone ({lang})"
        );
    }

    // Back to the shipment: the export clearance is recorded.
    click(c, &format!("a[href='/shipments/{id}#papers']")).await;
    wait_for(c, "#shipment-step").await;
    set_date(c, "on", cleared_on).await;
    fill(c, "note", "Dédouanement au port d'Agadir").await;
    click(c, button).await;
    wait_for_text(c, "#shipment-step", "Dédouanée à l'export").await;
    let timeline = plain_text(c, "#shipment-timeline").await;
    assert!(
        timeline.contains("Dédouanement au port d'Agadir"),
        "{timeline}"
    );
    assert!(!overflows(c).await);
    let (_, shown) = app
        .get_json(
            &format!("/api/v1/shipments/{id}"),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    assert_eq!(shown["step"], "export_cleared");
    // The scan is the file that was sent.
    let coordinator = app.visitor(&s.partnership.coordinator, PASSWORD).await;
    let res = coordinator.get(&file).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().to_vec(), scan.to_vec());
    b.close().await;
}
