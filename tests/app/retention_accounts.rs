//! The daily retention jobs of accounts, run by moving the clock past their limits: accounts
//! never confirmed go after 30 days unless they own something; ended sessions, API tokens,
//! links and invitations are purged. Each test checks what went and that what is just inside
//! the limit, or not concerned, stayed.

use chrono::{DateTime, Duration, TimeZone, Utc};
use entity::{account_token, api_token, invitation, role_assignment, session, user};
use passerelle::accounts::domain::{NewAccount, SignUp};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set};

use crate::helpers::{Options, TestApp};

/// A server whose clock shows noon: the daily jobs (at night) are due once a day has passed.
pub(crate) async fn at_noon(vars: Vec<(&'static str, String)>) -> TestApp {
    let app = TestApp::spawn_with(Options {
        vars,
        ..Default::default()
    })
    .await;
    app.clock
        .set(Utc.with_ymd_and_hms(2027, 3, 1, 12, 0, 0).unwrap());
    app
}

/// Schedules today's daily jobs, moves the clock by `by` and runs the worker once.
pub(crate) async fn run_daily_after(app: &TestApp, by: Duration) {
    let now = app.clock_now();
    passerelle::jobs::ensure_recurring(&app.db, &app.state.jobs, now, now)
        .await
        .unwrap();
    app.advance(by);
    let report = app.run_worker().await;
    assert_eq!(report.jobs_failed, 0, "the retention jobs ran");
}

/// An account made at `at`, its address not confirmed.
async fn unconfirmed(app: &TestApp, email: &str, at: DateTime<Utc>) -> user::Model {
    let account = NewAccount::try_from(SignUp {
        email: email.into(),
        password: "a long password".into(),
        display_name: "Someone".into(),
        locale: None,
    })
    .unwrap();
    passerelle::accounts::service::insert_user(&app.db, &account, "not a hash".into(), at)
        .await
        .unwrap()
}

async fn emails(app: &TestApp) -> Vec<String> {
    user::Entity::find()
        .order_by_asc(user::Column::Email)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.email)
        .collect()
}

fn a_session(
    id: &str,
    user: Option<i64>,
    created: DateTime<Utc>,
    seen: DateTime<Utc>,
) -> session::ActiveModel {
    session::ActiveModel {
        id: Set(id.into()),
        user_id: Set(user),
        data: Set("{}".into()),
        created_at: Set(created),
        last_seen_at: Set(seen),
    }
}

fn a_link(
    user: i64,
    hash: &str,
    expires: DateTime<Utc>,
    used: Option<DateTime<Utc>>,
) -> account_token::ActiveModel {
    account_token::ActiveModel {
        user_id: Set(user),
        purpose: Set(account_token::TokenPurpose::ResetPassword),
        token_hash: Set(hash.into()),
        email: Set("x@example.org".into()),
        expires_at: Set(expires),
        used_at: Set(used),
        created_at: Set(expires - Duration::hours(1)),
        ..Default::default()
    }
}

#[tokio::test]
async fn retention_deletes_accounts_never_confirmed_after_thirty_days_unless_they_own_something() {
    let app = at_noon(Vec::new()).await;
    let t0 = app.clock_now();
    let old = unconfirmed(&app, "old@example.org", t0).await;
    let owner = unconfirmed(&app, "owner@example.org", t0).await;
    let young = unconfirmed(&app, "young@example.org", t0 + Duration::hours(2)).await;
    app.account("confirmed@example.org").await;
    role_assignment::ActiveModel {
        user_id: Set(owner.id),
        role: Set("member".into()),
        scope_type: Set("group".into()),
        scope_id: Set(1),
        created_at: Set(t0),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    // What goes with the old account: its session, API token and link.
    a_session("s-old", Some(old.id), t0, t0)
        .insert(&app.db)
        .await
        .unwrap();
    passerelle::accounts::service::create_api_token(&app.db, old.id, "t", 3650, t0)
        .await
        .unwrap();
    a_link(old.id, "h-old", t0 + Duration::days(365), None)
        .insert(&app.db)
        .await
        .unwrap();
    assert_eq!(emails(&app).await.len(), 4);

    // 30 days and one hour: the young account (two hours younger) stays.
    run_daily_after(&app, Duration::days(30) + Duration::hours(1)).await;
    assert_eq!(
        emails(&app).await,
        [
            "confirmed@example.org",
            "owner@example.org",
            "young@example.org"
        ]
    );
    assert_eq!(
        app.count(&format!("sessions WHERE user_id = {}", old.id))
            .await,
        0
    );
    assert_eq!(
        app.count(&format!("api_tokens WHERE user_id = {}", old.id))
            .await,
        0
    );
    assert_eq!(
        app.count(&format!("account_tokens WHERE user_id = {}", old.id))
            .await,
        0
    );
    assert_eq!(
        app.count("role_assignments").await,
        1,
        "the owner's role kept"
    );

    // The next day the young one goes; the owner and the confirmed account stay.
    app.advance(Duration::days(1));
    app.run_worker().await;
    assert_eq!(
        emails(&app).await,
        ["confirmed@example.org", "owner@example.org"]
    );
    let _ = young;
}

#[tokio::test]
async fn retention_purges_ended_sessions_tokens_links_and_invitations_and_keeps_the_rest() {
    // Sessions end after 7 idle days or 30 days in all.
    let app = at_noon(vec![
        ("PASSERELLE_SESSION_IDLE_MINUTES", (7 * 24 * 60).to_string()),
        ("PASSERELLE_SESSION_MAX_DAYS", "30".into()),
    ])
    .await;
    let by = Duration::days(40);
    let t = app.clock_now() + by;
    let days = Duration::days;
    app.account("someone@example.org").await;
    let u = user::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    // Sessions end after 7 idle days or 30 days in all.
    a_session("idle", Some(u), t - days(10), t - days(8))
        .insert(&app.db)
        .await
        .unwrap();
    a_session("old", None, t - days(31), t - Duration::hours(1))
        .insert(&app.db)
        .await
        .unwrap();
    a_session("alive", Some(u), t - days(20), t - days(6))
        .insert(&app.db)
        .await
        .unwrap();
    // API tokens end at their expiry.
    for (name, expires) in [
        ("ended", Some(t - Duration::hours(1))),
        ("live", Some(t + days(1))),
        ("forever", None),
    ] {
        api_token::ActiveModel {
            user_id: Set(u),
            token_hash: Set(format!("hash-{name}")),
            name: Set(name.into()),
            created_at: Set(t - days(30)),
            last_used_at: Set(None),
            expires_at: Set(expires),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    // Links used or expired more than 7 days ago go.
    a_link(u, "expired-8", t - days(8), None)
        .insert(&app.db)
        .await
        .unwrap();
    a_link(u, "used-8", t + days(1), Some(t - days(8)))
        .insert(&app.db)
        .await
        .unwrap();
    a_link(u, "expired-6", t - days(6), None)
        .insert(&app.db)
        .await
        .unwrap();
    a_link(u, "used-6", t - days(5), Some(t - days(6)))
        .insert(&app.db)
        .await
        .unwrap();
    a_link(u, "open", t + days(1), None)
        .insert(&app.db)
        .await
        .unwrap();
    // So do invitations.
    for (hash, expires, accepted) in [
        ("inv-expired-8", t - days(8), None),
        ("inv-accepted-8", t + days(5), Some(t - days(8))),
        ("inv-expired-6", t - days(6), None),
        ("inv-accepted-6", t - days(1), Some(t - days(6))),
        ("inv-open", t + days(3), None),
    ] {
        invitation::ActiveModel {
            token_hash: Set(hash.into()),
            email: Set(format!("{hash}@example.org")),
            role: Set("member".into()),
            scope_type: Set("group".into()),
            scope_id: Set(1),
            invited_by: Set(None),
            expires_at: Set(expires),
            accepted_at: Set(accepted),
            accepted_by: Set(accepted.map(|_| u)),
            created_at: Set(t - days(20)),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    let sessions_before = app.count("sessions").await;

    run_daily_after(&app, by).await;
    let ids = |rows: Vec<String>| {
        let mut rows = rows;
        rows.sort();
        rows
    };
    let sessions = ids(session::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect());
    assert!(!sessions.contains(&"idle".into()) && !sessions.contains(&"old".into()));
    assert!(sessions.contains(&"alive".into()));
    assert_eq!(sessions.len() as i64, sessions_before - 2);
    let tokens = ids(api_token::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect());
    assert_eq!(tokens, ["forever", "live", "tests"]);
    let links = ids(account_token::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.token_hash)
        .collect());
    assert_eq!(links, ["expired-6", "open", "used-6"]);
    let invitations = ids(invitation::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.token_hash)
        .collect());
    assert_eq!(invitations, ["inv-accepted-6", "inv-expired-6", "inv-open"]);
    assert_eq!(app.count("users").await, 1, "the account itself stays");
}
