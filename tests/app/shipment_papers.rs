//! The papers of a shipment: which are required (proof of origin at the EUR 6,000 boundary,
//! certificates from the category rules), recorded as obtained, holding the export clearance
//! until none is missing; and the bad inputs that change nothing.

use reqwest::StatusCode;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::HOUSEHOLD;
use crate::group_orders::{Scene, scene};
use crate::shipments::{add, customs, new_shipment, ordered_campaign, step};

/// The papers of the shipment `id` as its partnership's coordinator reads them.
async fn papers(s: &Scene, id: i64) -> Value {
    let (status, body) = s
        .app
        .get_json(
            &format!("/api/v1/shipments/{id}/papers"),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The kinds required for `producer` (None: the whole shipment).
fn required(papers: &Value, producer: Option<i64>) -> Vec<String> {
    papers["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["required"] == true && p["producer_id"] == json!(producer))
        .map(|p| p["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// The first paper of this kind.
fn paper<'a>(papers: &'a Value, kind: &str) -> &'a Value {
    papers["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == kind)
        .unwrap_or_else(|| panic!("{kind} in {papers}"))
}

/// Makes the purchase order of `producer` in `campaign` one unit worth `cents`.
async fn worth(s: &Scene, campaign: i64, producer: i64, cents: i64) {
    use entity::campaign_product::{ActiveModel, Column, Entity};
    let rows = Entity::find()
        .filter(Column::CampaignId.eq(campaign))
        .filter(Column::ProducerId.eq(producer))
        .all(&s.app.db)
        .await
        .unwrap();
    for (i, r) in rows.into_iter().enumerate() {
        let (units, price) = if i == 0 { (1, cents) } else { (0, 0) };
        Entity::update(ActiveModel {
            id: Set(r.id),
            confirmed_units: Set(Some(units)),
            price_cents: Set(entity::Cents(price)),
            ..Default::default()
        })
        .exec(&s.app.db)
        .await
        .unwrap();
    }
}

async fn record(s: &Scene, id: i64, kind: &str, body: Value, token: &str) -> reqwest::Response {
    s.app
        .post_json(
            &format!("/api/v1/shipments/{id}/papers/{kind}"),
            &body,
            Some(token),
        )
        .await
}

fn today(s: &Scene) -> String {
    s.app.clock_now().date_naive().to_string()
}

#[tokio::test]
async fn the_proof_of_origin_is_a_declaration_up_to_6000_euros_else_an_eur1_unless_approved() {
    let s = scene(None).await;
    let (campaign, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    let (id, _) = new_shipment(&s).await;
    assert_eq!(papers(&s, id).await["items"], json!([]), "nothing to ship");
    assert_eq!(
        add(&s, id, campaign, tifawin).await.status(),
        StatusCode::OK
    );
    for (cents, proof) in [
        (599_999, "origin_declaration"),
        (600_000, "origin_declaration"),
        (600_001, "eur1"),
    ] {
        worth(&s, campaign, tifawin, cents).await;
        let p = papers(&s, id).await;
        assert_eq!(required(&p, None), ["commercial_invoice", "packing_list"]);
        let csv = format!("/shipments/{id}/packing-list.csv");
        assert_eq!(paper(&p, "packing_list")["csv_url"], json!(csv));
        assert_eq!(required(&p, Some(tifawin)), [proof], "{cents}");
        assert_eq!(p["ready_for_export"], proof != "eur1");
    }
    // An approved exporter declares on the invoice at any value.
    worth(&s, campaign, tifawin, 2_000_000).await;
    assert_eq!(required(&papers(&s, id).await, Some(tifawin)), ["eur1"]);
    // The authorisation recorded by the producer's member; not by another partnership's
    // coordinator; a number too long says so.
    let path = format!("/api/v1/producers/{tifawin}/approved-exporter");
    let other = s.app.other_partnership().await;
    let body = json!({"approved_exporter_number": "MA/AE/0042"});
    let res = s
        .app
        .put_json(&path, &body, Some(&other.coordinator_token))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let long = json!({"approved_exporter_number": "9".repeat(41)});
    let res = s.app.put_json(&path, &long, Some(&s.producer)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = s.app.put_json(&path, &body, Some(&s.producer)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(saved["approved_exporter"], true);
    let p = papers(&s, id).await;
    assert_eq!(required(&p, Some(tifawin)), ["origin_declaration"]);
    // The honey's producer added: its own declaration and a health certificate.
    assert_eq!(
        add(&s, id, campaign, achbaro).await.status(),
        StatusCode::OK
    );
    let p = papers(&s, id).await;
    assert_eq!(
        required(&p, Some(achbaro)),
        ["origin_declaration", "health_certificate"]
    );
    assert_eq!(p["ready_for_export"], false);
    // The invoice prints the authorisation number in the declaration.
    s.app
        .login(&s.partnership.coordinator, crate::builders::PASSWORD)
        .await;
    let (_, html) = s
        .app
        .page(&format!("/shipments/{id}/invoice?lang=en"))
        .await;
    assert!(html.contains("authorisation No MA/AE/0042"), "{html}");

    // An EUR.1 recorded, then the authorisation withdrawn and the value lowered: a
    // declaration is enough again and the EUR.1 stays listed as no longer needed.
    let res = s
        .app
        .put_json(
            &path,
            &json!({"approved_exporter_number": ""}),
            Some(&s.producer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let token = s.partnership.coordinator_token.clone();
    let body = json!({"producer_id": tifawin, "reference": "A 0123456", "obtained_on": today(&s)});
    assert_eq!(
        record(&s, id, "eur1", body, &token).await.status(),
        StatusCode::OK
    );
    worth(&s, campaign, tifawin, 500_000).await;
    let p = papers(&s, id).await;
    assert_eq!(required(&p, Some(tifawin)), ["origin_declaration"]);
    let eur1 = paper(&p, "eur1");
    assert_eq!(
        (&eur1["required"], &eur1["status"], &eur1["reference"]),
        (&json!(false), &json!("obtained"), &json!("A 0123456"))
    );
    let (_, html) = s.app.page(&format!("/shipments/{id}?lang=fr")).await;
    let card = html
        .split(&format!("id=\"paper-eur1-{tifawin}\""))
        .nth(1)
        .unwrap();
    assert!(
        card.split("</li>")
            .next()
            .unwrap()
            .contains("Plus nécessaire")
    );
}

/// A shipment of the oil and the honey (with customs codes), collected; and the honey's
/// producer.
pub(crate) async fn collected(s: &Scene) -> (i64, i64) {
    let (campaign, tifawin, achbaro) = ordered_campaign(s, HOUSEHOLD, true).await;
    customs(&s.app).await;
    let (id, _) = new_shipment(s).await;
    for p in [tifawin, achbaro] {
        assert_eq!(add(s, id, campaign, p).await.status(), StatusCode::OK);
    }
    assert_eq!(
        step(s, id, "collected", "2026-12-08").await.status(),
        StatusCode::OK
    );
    (id, achbaro)
}

#[tokio::test]
async fn export_clearance_waits_for_the_health_certificate_of_the_honey() {
    let s = scene(None).await;
    let (id, achbaro) = collected(&s).await;
    let res = step(&s, id, "export_cleared", "2026-12-09").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    let said = problem["errors"]["step"][0].as_str().unwrap_or_default();
    assert!(said.contains("health_certificate"), "{problem}");
    assert_eq!(s.app.count("shipment_events").await, 1);

    let token = s.partnership.coordinator_token.clone();
    // Bad input: an unknown kind, a date in the future or not a date, no reference, a paper
    // the shipment does not need; someone who does not coordinate the partnership.
    let good = json!({"reference": "ONSSA-2026-118", "obtained_on": today(&s)});
    let res = record(&s, id, "passport", good.clone(), &token).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    for (body, field) in [
        (
            json!({"reference": "X", "obtained_on": "2999-01-01"}),
            "obtained_on",
        ),
        (
            json!({"reference": "X", "obtained_on": "yesterday"}),
            "obtained_on",
        ),
        (
            json!({"reference": " ", "obtained_on": today(&s)}),
            "reference",
        ),
    ] {
        let res = record(&s, id, "health_certificate", body, &token).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = res.json().await.unwrap();
        assert!(problem["errors"][field].is_array(), "{problem}");
    }
    let res = record(&s, id, "eur1", good.clone(), &token).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let other = s.app.other_partnership().await;
    for who in [&other.coordinator_token, &s.coordinator, &s.producer] {
        let res = record(&s, id, "health_certificate", good.clone(), who).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let (status, _) = s
            .app
            .get_json(&format!("/api/v1/shipments/{id}/papers"), Some(who))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    assert_eq!(s.app.count("shipment_papers").await, 0);

    let res = record(&s, id, "health_certificate", good, &token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: Value = res.json().await.unwrap();
    let cert = paper(&p, "health_certificate");
    assert_eq!(
        (&cert["status"], &cert["reference"], &cert["producer_id"]),
        (
            &json!("obtained"),
            &json!("ONSSA-2026-118"),
            &json!(achbaro)
        )
    );
    assert_eq!(p["ready_for_export"], true);
    assert_eq!(
        step(&s, id, "export_cleared", "2026-12-09").await.status(),
        StatusCode::OK
    );
}

/// The text of the element with this id up to the end of its row.
fn row_of<'a>(html: &'a str, id: &str) -> &'a str {
    let from = html
        .split(&format!("id=\"{id}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("{id} in the page"));
    from.split("</tr>").next().unwrap()
}

#[tokio::test]
async fn the_invoice_and_the_packing_list_add_up_to_the_contents_in_french_and_english() {
    let s = scene(None).await;
    let (campaign, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    customs(&s.app).await;
    // A product whose name a spreadsheet would run.
    let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
    {
        use entity::campaign_product::{ActiveModel, Column, Entity};
        let honey = Entity::find()
            .filter(Column::CampaignId.eq(campaign))
            .filter(Column::ProducerId.eq(achbaro))
            .one(&s.app.db)
            .await
            .unwrap()
            .unwrap();
        Entity::update(ActiveModel {
            id: Set(honey.id),
            name: Set([("fr", formula), ("en", formula)].into_iter().collect()),
            ..Default::default()
        })
        .exec(&s.app.db)
        .await
        .unwrap();
    }
    let (id, created) = new_shipment(&s).await;
    let reference = created["reference"].as_str().unwrap().to_owned();
    for p in [tifawin, achbaro] {
        assert_eq!(add(&s, id, campaign, p).await.status(), StatusCode::OK);
    }
    let app = &s.app;
    app.login(&s.partnership.coordinator, crate::builders::PASSWORD)
        .await;
    // The shipment's page lists the papers with their links.
    let (_, html) = app.page(&format!("/shipments/{id}")).await;
    let papers = html.split("id=\"shipment-papers\"").nth(1).unwrap();
    assert!(papers.contains(&format!("/shipments/{id}/invoice?lang=fr")));
    assert!(papers.contains(&format!("/shipments/{id}/packing-list.csv?lang=fr")));
    assert!(papers.contains("Certificat sanitaire") && papers.contains("À préparer"));

    // 20 bottles of oil (298,00 €, 9,600 kg net, 10,800 kg gross) and 12 pots of honey
    // (144,00 €, 8,400 kg): 32 units, 3 cases, 18 kg net, 19,2 kg gross, 442,00 €.
    for (lang, net, gross, value) in [
        ("fr", "18,000 kg", "19,200 kg", "442,00"),
        ("en", "18.000 kg", "19.200 kg", "€442.00"),
    ] {
        let (status, html) = app
            .page(&format!("/shipments/{id}/invoice?lang={lang}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&reference));
        let totals = row_of(&html, "paper-totals");
        assert!(
            totals.contains(">32<") && totals.contains(">3<"),
            "{totals}"
        );
        assert!(
            totals.contains(net) && totals.contains(gross) && totals.contains(value),
            "{lang}: {totals}"
        );
        // Both exporters declare origin on the invoice (under EUR 6,000).
        let text = if lang == "fr" {
            "sauf indication claire du contraire, ces produits"
        } else {
            "these products are of"
        };
        assert_eq!(html.matches(text).count(), 2, "{lang}");
        let (_, list) = app
            .page(&format!("/shipments/{id}/packing-list?lang={lang}"))
            .await;
        let totals = row_of(&list, "paper-totals");
        assert!(totals.contains(net) && totals.contains(gross), "{totals}");
        assert!(!totals.contains(value), "no value on the packing list");
    }
    // Another language prints in French.
    let (_, html) = app.page(&format!("/shipments/{id}/invoice?lang=nl")).await;
    assert!(html.contains("Facture commerciale"));

    for (sheet, lang, head, total) in [
        (
            "invoice",
            "fr",
            "Valeur (EUR)",
            "Total;32;3;18,000;19,200;442,00",
        ),
        ("invoice", "en", "Value (EUR)", ";32;3;18,000;19,200;442,00"),
        (
            "packing-list",
            "en",
            "Gross weight (kg)",
            ";32;3;18,000;19,200",
        ),
    ] {
        let res = app
            .get(&format!("/shipments/{id}/{sheet}.csv?lang={lang}"))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let csv = res.text().await.unwrap();
        assert!(csv.contains(head), "{csv}");
        let last = csv.trim_end().lines().last().unwrap();
        assert!(last.ends_with(total), "{sheet} {lang}: {last}");
        let oil = if lang == "fr" {
            "Huile d'argan alimentaire"
        } else {
            "Culinary argan oil"
        };
        assert!(
            csv.contains(&format!("1515900000;{oil};20;2;9,600;10,800")),
            "{csv}"
        );
        assert!(
            !csv.contains(";=HYPERLINK") && !csv.contains(";\"=HYPERLINK"),
            "{csv}"
        );
        assert!(csv.contains(";\"'=HYPERLINK"), "{csv}");
        assert!(!csv.contains("Amlou"), "products not ordered are left out");
    }
    // A household of the group may not read the papers.
    let household = app.visitor(HOUSEHOLD, crate::builders::PASSWORD).await;
    for path in ["invoice", "packing-list.csv"] {
        let (status, _) = household.page(&format!("/shipments/{id}/{path}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_coordinator_records_a_certificate_with_its_pdf_and_edits_the_category_rules() {
    let s = scene(None).await;
    let (id, achbaro) = collected(&s).await;
    let app = &s.app;
    app.login(&s.partnership.coordinator, crate::builders::PASSWORD)
        .await;
    let page = format!("/shipments/{id}");
    // The next step waits for the health certificate, and says so.
    let (_, html) = app.page(&page).await;
    let blocked = html.split("id=\"step-blocked\"").nth(1).unwrap();
    let blocked = blocked.split("</p>").next().unwrap();
    assert!(blocked.contains("Certificat sanitaire"), "{blocked}");
    assert!(html.contains("disabled"));
    let action = format!("/shipments/{id}/papers/health_certificate");
    let producer = achbaro.to_string();
    let fields = [
        ("producer_id", producer.as_str()),
        ("reference", "ONSSA-2026-118"),
        ("obtained_on", "2026-12-01"),
    ];
    // Not a PDF: the page again with the reason, nothing recorded.
    let res = crate::catalog_photos::send_multipart(
        app,
        &page,
        &action,
        &fields,
        Some(("certificat.pdf", b"GIF89a not a pdf".to_vec())),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("PDF"));
    assert_eq!(app.count("shipment_papers").await, 0);
    let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n".to_vec();
    let res = crate::catalog_photos::send_multipart(
        app,
        &page,
        &action,
        &fields,
        Some(("certificat.pdf", pdf.clone())),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.page(&page).await;
    let file = format!("/shipments/{id}/papers/health_certificate/{achbaro}/file");
    assert!(html.contains(&file));
    assert!(!html.contains("id=\"step-blocked\""));
    let res = app.get(&file).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);
    assert_eq!(
        step(&s, id, "export_cleared", "2026-12-09").await.status(),
        StatusCode::OK
    );

    // The rules are data: honey needing a phytosanitary certificate instead.
    let rules = "/admin/category-rules";
    let (status, html) = app.page(rules).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"rule-honey\""));
    let res = app
        .submit(
            rules,
            &format!("{rules}/honey"),
            &[("needs_phytosanitary", "on"), ("note", "ONSSA, végétaux")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let p = papers(&s, id).await;
    assert_eq!(
        required(&p, Some(achbaro)),
        ["origin_declaration", "phytosanitary_certificate"]
    );
    let health = paper(&p, "health_certificate");
    assert_eq!(health["required"], false);
    let res = app.submit(rules, &format!("{rules}/weapons"), &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A household may neither read nor change them, nor read the certificate.
    let household = app.visitor(HOUSEHOLD, crate::builders::PASSWORD).await;
    assert_eq!(household.page(rules).await.0, StatusCode::FORBIDDEN);
    let res = household
        .submit("/me", &format!("{rules}/honey"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(household.get(&file).await.status(), StatusCode::FORBIDDEN);
    let (_, html) = app.page(&format!("{rules}?lang=ar")).await;
    assert!(html.contains("الشهادات حسب فئة المنتجات"));
}
