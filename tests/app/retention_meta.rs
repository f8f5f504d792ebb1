//! The outbox forgets who emails went to, and finished jobs their payloads: the daily jobs, run
//! by moving the clock past the limits (`PASSERELLE_RETENTION_MAIL_META_DAYS`, default 365;
//! `PASSERELLE_RETENTION_JOB_DAYS`, set to 20 here), erase exactly what is older and leave the
//! rest, queued messages and pending jobs included, as it was.

use chrono::{DateTime, Duration, Utc};
use entity::job::{self, JobStatus};
use entity::outbox_message::{self, Attachments, OutboxStatus};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::retention_accounts::{at_noon, run_daily_after};

fn message(
    subject: &str,
    status: OutboxStatus,
    created: DateTime<Utc>,
) -> outbox_message::ActiveModel {
    outbox_message::ActiveModel {
        message_id: Set(format!("<{subject}@passerelle.test>")),
        template: Set("campaign_news".into()),
        locale: Set("fr".into()),
        to_email: Set(format!("{subject}@example.org")),
        to_name: Set("Amina".into()),
        reply_to: Set(Some("group@example.org".into())),
        subject: Set(subject.into()),
        body_text: Set(String::new()),
        body_html: Set(String::new()),
        attachments: Set(Attachments::default()),
        status: Set(status),
        attempts: Set(1),
        // The queued one is due long after the check, so the worker leaves it.
        next_attempt_at: Set(created + Duration::days(1000)),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set((status == OutboxStatus::Failed)
            .then(|| format!("recipient {subject}@example.org refused"))),
        created_at: Set(created),
        sent_at: Set((status == OutboxStatus::Sent).then_some(created)),
        unsubscribe_url: Set(Some("https://passerelle.test/unsubscribe/1.x".into())),
        ..Default::default()
    }
}

#[tokio::test]
async fn retention_erases_who_old_emails_went_to_and_keeps_the_kind_and_the_dates() {
    let app = at_noon(Vec::new()).await;
    let by = Duration::days(800);
    let t = app.clock_now() + by;
    let days = Duration::days;
    let mut rows = Vec::new();
    for (subject, status, age) in [
        ("sent-366", OutboxStatus::Sent, 366),
        ("sent-364", OutboxStatus::Sent, 364),
        ("failed-400", OutboxStatus::Failed, 400),
        ("queued-400", OutboxStatus::Queued, 400),
    ] {
        rows.push(
            message(subject, status, t - days(age))
                .insert(&app.db)
                .await
                .unwrap(),
        );
    }
    run_daily_after(&app, by).await;
    for before in rows {
        let after = outbox_message::Entity::find_by_id(before.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let kept = |m: &outbox_message::Model| {
            (
                m.template.clone(),
                m.locale.clone(),
                m.status,
                m.created_at,
                m.sent_at,
                m.message_id.clone(),
            )
        };
        assert_eq!(kept(&after), kept(&before), "{}", before.subject);
        if ["sent-366", "failed-400"].contains(&before.subject.as_str()) {
            assert_eq!(
                (
                    after.to_email.as_str(),
                    after.to_name.as_str(),
                    after.subject.as_str()
                ),
                ("", "", ""),
                "{} erased",
                before.subject
            );
            assert_eq!(
                (after.reply_to, after.last_error, after.unsubscribe_url),
                (None, None, None)
            );
        } else {
            assert_eq!(after, before, "{} untouched", before.subject);
        }
    }
}

fn a_job(kind: &str, status: JobStatus, finished: DateTime<Utc>) -> job::ActiveModel {
    job::ActiveModel {
        kind: Set(kind.into()),
        payload: Set(serde_json::json!({"booking_id": 12, "email": "amina@example.org"})),
        unique_key: Set(Some(format!("{kind}:12"))),
        status: Set(status),
        attempts: Set(1),
        max_attempts: Set(3),
        // Pending ones are due long after the check, so the worker leaves them.
        run_at: Set(finished + Duration::days(1000)),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(
            (status == JobStatus::Failed).then(|| "booking 12 of amina@example.org".into())
        ),
        created_at: Set(finished - Duration::days(1)),
        updated_at: Set(finished),
        ..Default::default()
    }
}

#[tokio::test]
async fn retention_empties_the_payloads_of_jobs_finished_long_ago_and_keeps_the_rows() {
    let app = at_noon(vec![("PASSERELLE_RETENTION_JOB_DAYS", "20".into())]).await;
    let by = Duration::days(100);
    let t = app.clock_now() + by;
    let days = Duration::days;
    let mut rows = Vec::new();
    for (kind, status, age) in [
        ("done-21", JobStatus::Done, 21),
        ("done-19", JobStatus::Done, 19),
        ("failed-30", JobStatus::Failed, 30),
        ("pending-30", JobStatus::Pending, 30),
    ] {
        rows.push(
            a_job(kind, status, t - days(age))
                .insert(&app.db)
                .await
                .unwrap(),
        );
    }
    run_daily_after(&app, by).await;
    for before in rows {
        let after = job::Entity::find_by_id(before.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let kept = |j: &job::Model| {
            (
                j.kind.clone(),
                j.unique_key.clone(),
                j.status,
                j.updated_at,
                j.run_at,
            )
        };
        assert_eq!(kept(&after), kept(&before), "{}", before.kind);
        if ["done-21", "failed-30"].contains(&before.kind.as_str()) {
            assert_eq!(
                after.payload,
                serde_json::json!({}),
                "{} emptied",
                before.kind
            );
            assert_eq!(after.last_error, None);
        } else {
            assert_eq!(after, before, "{} untouched", before.kind);
        }
    }
}
