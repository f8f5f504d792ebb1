//! Collective orders in the browser's way (forms, pages, exports), without JavaScript.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::builders::{GROUP_COORDINATOR, HOUSEHOLD, PASSWORD};
use crate::group_orders::{member, open_campaign, scene};
use crate::helpers::{DEMO_PASSWORD, TestApp, location};

/// Another household of the group (password [`PASSWORD`]).
const OTHER_HOUSEHOLD: &str = "luc@example.org";

fn campaign_id(location: &str) -> i64 {
    location
        .trim_start_matches("/campaigns/")
        .split(['#', '/', '?'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_coordinator_opens_a_window_members_order_and_the_close_explains_each_result() {
    let app = TestApp::spawn_demo().await;
    let coordinator = app
        .visitor("group.jette-sidi-bibi@demo.passerelle.test", DEMO_PASSWORD)
        .await;
    let form = "/groups/gac-jette/campaigns/new";
    let campaigns = app.count("campaigns").await;
    // Bad input: the form comes back with the input kept and a message per field.
    let res = coordinator
        .submit(
            form,
            form,
            &[
                ("title", "Printemps"),
                ("opens_at", "2026-13-01T10:00"),
                ("closes_at", ""),
                ("delivery_on", "demain"),
                ("transport", "douze"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("value=\"Printemps\""), "input kept");
    for field in [
        "producer_ids",
        "opens_at",
        "closes_at",
        "delivery_on",
        "transport",
    ] {
        assert!(
            body.contains(&format!("{field}-error")) || body.contains("field-error"),
            "{field}"
        );
    }
    assert_eq!(app.count("campaigns").await, campaigns, "nothing created");

    let (_, page) = coordinator.page(form).await;
    let producer = page
        .split("name=\"producer_ids\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let now = app.clock_now().with_timezone(&chrono_tz::Europe::Brussels);
    let opens = (now - chrono::Duration::hours(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let closes = (now + chrono::Duration::days(2))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let delivery = (now + chrono::Duration::days(9))
        .format("%Y-%m-%d")
        .to_string();
    let res = coordinator
        .submit(
            form,
            form,
            &[
                ("title", "Printemps"),
                ("producer_ids", &producer),
                ("opens_at", &opens),
                ("closes_at", &closes),
                ("delivery_on", &delivery),
                ("transport", "12,00"),
                ("transport_split", "value"),
                ("fee", "1,50"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page_path = location(&res);
    let id = campaign_id(&page_path);
    let campaign = entity::campaign::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            campaign.transport_cents.get(),
            campaign.fee_cents.get(),
            campaign.transport_split.as_str()
        ),
        (1200, 150, "value")
    );

    // A member fills the basket through the page's form.
    let member = app
        .visitor(
            "member2.jette-sidi-bibi@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let (status, page) = member.page(&page_path).await;
    assert_eq!(status, StatusCode::OK);
    let product: i64 = page
        .split("name=\"quantity[")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .unwrap()
        .parse()
        .unwrap();
    let cp = entity::campaign_product::Entity::find()
        .filter(entity::campaign_product::Column::CampaignId.eq(id))
        .filter(entity::campaign_product::Column::ProductId.eq(product))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let action = format!("/campaigns/{id}/basket");
    let (qf, tf) = (
        format!("quantity[{product}]"),
        format!("tolerance[{product}]"),
    );
    let res = member
        .submit(&page_path, &action, &[(&qf, "2"), (&tf, "-1")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("aria-invalid=\"true\""));
    assert!(body.contains("value=\"-1\""), "what was typed is kept");
    let qty = cp.case_size.to_string();
    let res = member
        .submit(&page_path, &action, &[(&qf, &qty), (&tf, "0")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = member.page(&page_path).await;
    assert!(
        page.contains(&format!("value=\"{qty}\"")),
        "the basket shows the quantity"
    );
    assert!(page.contains("flash-success"));

    // Closing early needs the box ticked; then the member sees what they received, and why.
    let close = format!("/campaigns/{id}/close");
    let res = coordinator.submit(&page_path, &close, &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = coordinator
        .submit(&page_path, &close, &[("confirm_early", "on")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = member.page(&format!("{page_path}?lang=en")).await;
    assert!(
        page.contains(&format!("asked {qty}, received {qty}")),
        "{page}"
    );
    assert!(page.contains("href=\"/pay/"), "a link to pay");
    // Members cannot reach the coordinators' sheets.
    let (status, _) = member.page(&format!("/campaigns/{id}/pickup")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The coordinator's pickup sheet and exports.
    let (status, sheet) = coordinator.page(&format!("/campaigns/{id}/pickup")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        sheet.contains("Amina &amp; Luc") || sheet.contains("Amina & Luc"),
        "the member's sheet"
    );
    let res = coordinator
        .get(&format!("/campaigns/{id}/export/members.csv"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap().split(';').count(), 10);
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("Amina & Luc;member2.jette-sidi-bibi@demo.passerelle.test;"),
        "{row}"
    );
    assert!(row.contains(','), "decimal commas: {row}");
    let res = coordinator
        .get(&format!("/campaigns/{id}/export/lines.csv"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (status, _) = coordinator
        .page(&format!("/campaigns/{id}/export/secrets.csv"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Collected at the pickup point.
    let user = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq("member2.jette-sidi-bibi@demo.passerelle.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let uid = user.id.to_string();
    let res = coordinator
        .submit(
            &format!("/campaigns/{id}/pickup"),
            &format!("/campaigns/{id}/collected"),
            &[("user_id", &uid), ("collected", "on")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let share = entity::campaign_share::Entity::find()
        .filter(entity::campaign_share::Column::CampaignId.eq(id))
        .filter(entity::campaign_share::Column::UserId.eq(user.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(share.collected_at.is_some());

    // The producer sees the purchase order and confirms one unit less.
    let producer = app
        .visitor(
            "producer.jette-sidi-bibi@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let po = format!("/producer/{}/orders/{id}", cp.producer_id);
    let (status, page) = producer
        .page(&format!("/producer/{}/orders", cp.producer_id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&po), "the order is listed");
    let field = format!("units[{product}]");
    let too_many = (cp.case_size + 5).to_string();
    let res = producer
        .submit(&po, &format!("{po}/confirm"), &[(&field, &too_many)])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let less = (cp.case_size - 1).to_string();
    let res = producer
        .submit(&po, &format!("{po}/confirm"), &[(&field, &less)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = producer.get(&format!("{po}/export.csv")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let line = entity::basket_line::Entity::find()
        .filter(entity::basket_line::Column::CampaignId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(line.allocated, Some(cp.case_size - 1));
    assert_eq!(line.reason.as_deref(), Some("short_supply"));
}

#[tokio::test]
async fn group_pages_show_outsiders_only_the_public_card() {
    let s = scene(None).await;
    let app = &s.app;
    member(&s, HOUSEHOLD).await;
    member(&s, OTHER_HOUSEHOLD).await;
    open_campaign(&s, json!({})).await;
    let (status, page) = app.page("/groups/gac-jette").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("GAC Jette"));
    assert!(
        !page.contains("/campaigns/"),
        "no order window for outsiders"
    );
    let member = app.visitor(HOUSEHOLD, PASSWORD).await;
    let (_, page) = member.page("/groups/gac-jette").await;
    assert!(page.contains("/campaigns/"));
    assert!(
        !page.contains(OTHER_HOUSEHOLD),
        "members do not see the list"
    );
    let campaign = page
        .split("href=\"/campaigns/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    // Someone not signed in (following an emailed link) is sent to log in, and back.
    let res = app.get(&format!("/campaigns/{campaign}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/login?next=%2Fcampaigns%2F{campaign}")
    );
    // A signed-in outsider learns nothing.
    app.verified_token("outsider@example.org").await;
    let outsider = app.visitor("outsider@example.org", PASSWORD).await;
    let (status, _) = outsider.page(&format!("/campaigns/{campaign}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for lang in ["fr", "nl", "en", "ar"] {
        let (status, body) = member
            .page(&format!("/campaigns/{campaign}?lang={lang}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains("Unknown localization"), "{lang}");
    }
    let coordinator = app.visitor(GROUP_COORDINATOR, PASSWORD).await;
    let (_, page) = coordinator.page("/groups/gac-jette").await;
    assert!(
        page.contains(OTHER_HOUSEHOLD),
        "coordinators see the members"
    );
    for lang in ["fr", "nl", "en", "ar"] {
        for path in [
            "/groups/gac-jette",
            "/groups/gac-jette/campaigns/new",
            "/groups/new",
        ] {
            let (status, body) = coordinator.page(&format!("{path}?lang={lang}")).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(!body.contains("Unknown localization"), "{path} {lang}");
        }
    }
}
