//! Issue 15, "Also in the code": the campaign close renders its result emails after its write
//! transaction, on a blocking thread, and never loses them; the pay page's QR SVG is drawn off
//! the async thread; trip days are counted in the trip's own time zone.

use entity::campaign::CampaignState;
use std::sync::{Arc, Mutex};

use chrono::Duration;
use passerelle::group_orders::close::{self, Ctx, Probe};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::group_orders::{cased, member, open_campaign, put_line, scene};

/// A campaign with two members asking a whole case each; returns its id, their addresses and
/// the product.
async fn campaign_with_two(
    s: &crate::group_orders::Scene,
) -> (entity::CampaignId, [&'static str; 2], serde_json::Value) {
    let c = open_campaign(s, json!({})).await;
    let id = entity::CampaignId(c["id"].as_i64().unwrap());
    let p = &cased(&c, 2)[0];
    let pid = p["product_id"].as_i64().unwrap();
    let size = p["case_size"].as_i64().unwrap();
    let emails = ["amina.close@example.org", "luc.close@example.org"];
    for e in emails {
        let t = member(s, e).await;
        put_line(&s.app, &t, id.get(), pid, size, 0).await;
    }
    (id, emails, p.clone())
}

/// The result emails of each address.
async fn results_of(app: &crate::helpers::TestApp, emails: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    for e in emails {
        let n = entity::outbox_message::Entity::find()
            .filter(entity::outbox_message::Column::ToEmail.eq(*e))
            .filter(entity::outbox_message::Column::Template.eq("campaign_result"))
            .all(&app.db)
            .await
            .unwrap()
            .len();
        out.push(n);
    }
    out
}

async fn results_job(
    app: &crate::helpers::TestApp,
    campaign: entity::CampaignId,
) -> entity::job::Model {
    job_of(app, &format!("campaign_results:{campaign}")).await
}

async fn job_of(app: &crate::helpers::TestApp, key: &str) -> entity::job::Model {
    entity::job::Entity::find()
        .filter(entity::job::Column::UniqueKey.eq(key))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the result emails' job")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hardening_close_result_emails_are_rendered_after_the_write_transaction() {
    let s = scene(None).await;
    let app = &s.app;
    let (id, emails, p) = campaign_with_two(&s).await;
    // While the emails are rendered: the close is committed (another connection reads the
    // campaign closed) and the write lock is free (a write to the campaign's own row goes
    // through at once; under the close's transaction it would wait for it, forever).
    let seen: Arc<Mutex<Vec<(CampaignState, bool)>>> = Arc::default();
    let db = app.db.clone();
    let record = seen.clone();
    let probe: Probe = Arc::new(move |campaign_id| {
        let db = db.clone();
        let (state, wrote) = tokio::runtime::Handle::current().block_on(async move {
            let state = entity::campaign::Entity::find_by_id(campaign_id)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .state;
            let write = async {
                let txn = passerelle::db::begin_write(&db).await?;
                entity::campaign::Entity::update_many()
                    .col_expr(
                        entity::campaign::Column::Note,
                        Expr::col(entity::campaign::Column::Note),
                    )
                    .filter(entity::campaign::Column::Id.eq(campaign_id))
                    .exec(&txn)
                    .await?;
                txn.commit().await
            };
            let wrote = matches!(
                tokio::time::timeout(std::time::Duration::from_secs(10), write).await,
                Ok(Ok(()))
            );
            (state, wrote)
        });
        record.lock().unwrap().push((state, wrote));
        true
    });
    let ctx = Ctx {
        mailer: Some(&app.state.mailer),
        card: false,
        probe: Some(probe),
        catalog: None,
    };
    let r = close::close(&app.db, &ctx, None, id, true, app.clock_now())
        .await
        .expect("the close");
    assert_eq!(r.members.len(), 2);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![(CampaignState::Closed, true)],
        "rendered once, after the commit, with the write lock free"
    );
    assert_eq!(results_of(app, &emails).await, vec![1, 1]);
    assert_eq!(
        results_job(app, id).await.status,
        entity::job::JobStatus::Done
    );
    // The job, once due, finds the emails sent and sends nothing more; a second close neither.
    close::close(&app.db, &ctx, None, id, true, app.clock_now())
        .await
        .expect("closing again");
    app.advance(Duration::minutes(11));
    app.run_worker().await;
    assert_eq!(results_of(app, &emails).await, vec![1, 1]);
    assert_eq!(seen.lock().unwrap().len(), 1);

    // A short supply re-runs the allocation: the members whose result changed are told once
    // more, by the same path (rendered after the commit, a job as the safety net).
    let producer = s.producer.clone();
    let size = p["case_size"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!(
                "/api/v1/campaigns/{id}/producers/{}/confirm",
                p["producer_id"]
            ),
            &json!({"lines": [{"product_id": p["product_id"], "units": size - 1}]}),
            Some(&producer),
        )
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let changed: serde_json::Value = res.json().await.unwrap();
    let changed = changed["members_changed"].as_u64().unwrap() as usize;
    assert!(changed >= 1);
    let sent = |v: Vec<usize>| v.iter().sum::<usize>();
    assert_eq!(sent(results_of(app, &emails).await), 2 + changed);
    assert_eq!(
        job_of(app, &format!("campaign_results:{id}:r2"))
            .await
            .status,
        entity::job::JobStatus::Done
    );
    app.advance(Duration::minutes(11));
    app.run_worker().await;
    assert_eq!(sent(results_of(app, &emails).await), 2 + changed);
}

#[tokio::test]
async fn hardening_close_a_close_interrupted_after_its_commit_still_sends_the_results() {
    let s = scene(None).await;
    let app = &s.app;
    let (id, emails, _) = campaign_with_two(&s).await;
    // The process "dies" between the commit and the emails.
    let ctx = Ctx {
        mailer: Some(&app.state.mailer),
        card: false,
        probe: Some(Arc::new(|_| false)),
        catalog: None,
    };
    let r = close::close(&app.db, &ctx, None, id, true, app.clock_now())
        .await
        .expect("the close");
    assert_eq!(r.state, CampaignState::Closed);
    assert_eq!(results_of(app, &emails).await, vec![0, 0]);
    assert_eq!(
        results_job(app, id).await.status,
        entity::job::JobStatus::Pending
    );
    // The job rebuilds them from the stored allocations and shares, once.
    app.advance(Duration::minutes(11));
    let report = app.run_worker().await;
    assert!(report.jobs_done >= 1, "{report:?}");
    assert_eq!(results_of(app, &emails).await, vec![1, 1]);
    assert_eq!(
        results_job(app, id).await.status,
        entity::job::JobStatus::Done
    );
    let mail = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::ToEmail.eq(emails[0]))
        .filter(entity::outbox_message::Column::Template.eq("campaign_result"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        mail.body_text.contains(&format!("/campaigns/{id}")),
        "{}",
        mail.body_text
    );
    app.advance(Duration::hours(1));
    app.run_worker().await;
    assert_eq!(results_of(app, &emails).await, vec![1, 1]);
}

#[tokio::test]
async fn hardening_close_a_stay_in_morocco_is_bookable_and_open_to_its_hosts_until_midnight_there()
{
    use chrono::TimeZone;
    use reqwest::StatusCode;
    let app = crate::helpers::TestApp::spawn().await;
    let partnership = app.partnership().await;
    let coordinator = partnership.coordinator.as_str();
    let (trip, departure) = app
        .summer_stay_in_morocco(&partnership.coordinator_token, "Oasis")
        .await;
    let slug = trip["slug"].as_str().unwrap().to_owned();
    let id = departure["id"].as_i64().unwrap();
    let book = format!("action=\"/departures/{id}/book\"");
    let confirm = format!("action=\"/host/departures/{id}/confirm\"");
    let visitor = app.visitor(coordinator, crate::builders::PASSWORD).await;

    // 22:30 UTC on the 19th: already the 20th in Brussels, still the 19th in Sidi Bibi.
    app.clock.set(
        chrono::Utc
            .with_ymd_and_hms(2027, 8, 19, 22, 30, 0)
            .unwrap(),
    );
    let (status, page) = visitor.page(&format!("/trips/{slug}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&book),
        "still bookable on the eve, local time"
    );
    let (status, roster) = visitor.page(&format!("/host/departures/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(roster.contains(&confirm) && !roster.contains("id=\"closed-why\""));

    // 23:30 UTC: midnight has passed in Sidi Bibi too, the stay has begun.
    app.clock.set(
        chrono::Utc
            .with_ymd_and_hms(2027, 8, 19, 23, 30, 0)
            .unwrap(),
    );
    let (_, page) = visitor.page(&format!("/trips/{slug}")).await;
    assert!(!page.contains(&book), "begun");
    let (_, roster) = visitor.page(&format!("/host/departures/{id}")).await;
    assert!(!roster.contains(&confirm) && roster.contains("id=\"closed-why\""));
    let roster_page = format!("/host/departures/{id}");
    visitor
        .submit(&roster_page, &format!("{roster_page}/confirm"), &[])
        .await;
    let d = entity::departure::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(d.confirmed_at.is_none(), "no confirming a stay begun");
}
