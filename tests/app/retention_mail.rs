//! Sent emails keep their body 90 days: the daily job, run by moving the clock past the limit,
//! empties the text, HTML and attachments of messages sent longer ago, and leaves who, when,
//! subject and status, and every message sent more recently, queued or failed, as it was.

use chrono::Duration;
use entity::outbox_message::{self, Attachments, OutboxStatus, StoredAttachment};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use crate::retention_accounts::{at_noon, run_daily_after};

#[tokio::test]
async fn retention_empties_the_bodies_of_emails_sent_ninety_days_ago_and_keeps_who_when_and_subject()
 {
    let app = at_noon(Vec::new()).await;
    let by = Duration::days(200);
    let t = app.clock_now() + by;
    let days = Duration::days;
    let attachment = Attachments(vec![StoredAttachment {
        filename: "receipt.pdf".into(),
        content_type: "application/pdf".into(),
        data_base64: "JVBERi0=".into(),
    }]);
    let mut ids = Vec::new();
    // (subject, status, sent at, next attempt): only the first is old enough and sent.
    for (subject, status, sent) in [
        ("sent-91", OutboxStatus::Sent, Some(t - days(91))),
        ("sent-89", OutboxStatus::Sent, Some(t - days(89))),
        ("failed-150", OutboxStatus::Failed, None),
        ("queued-later", OutboxStatus::Queued, None),
    ] {
        let row = outbox_message::ActiveModel {
            message_id: Set(format!("<{subject}@passerelle.test>")),
            template: Set("verify_email".into()),
            locale: Set("fr".into()),
            to_email: Set(format!("{subject}@example.org")),
            to_name: Set("Membre".into()),
            reply_to: Set(None),
            subject: Set(subject.into()),
            body_text: Set("Bonjour Amina".into()),
            body_html: Set("<p>Bonjour Amina</p>".into()),
            attachments: Set(attachment.clone()),
            status: Set(status),
            attempts: Set(1),
            // The queued one is due long after the check, so the worker leaves it.
            next_attempt_at: Set(t + days(10)),
            locked_until: Set(None),
            locked_by: Set(None),
            last_error: Set(None),
            created_at: Set(t - days(150)),
            sent_at: Set(sent),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        ids.push(row);
    }

    run_daily_after(&app, by).await;
    for before in ids {
        let after = outbox_message::Entity::find_by_id(before.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let who_when_what = |m: &outbox_message::Model| {
            (
                m.to_email.clone(),
                m.to_name.clone(),
                m.subject.clone(),
                m.status,
                m.sent_at,
                m.created_at,
                m.template.clone(),
            )
        };
        assert_eq!(who_when_what(&after), who_when_what(&before));
        if before.subject == "sent-91" {
            assert_eq!(
                (after.body_text.as_str(), after.body_html.as_str()),
                ("", "")
            );
            assert!(after.attachments.0.is_empty(), "attachments emptied");
        } else {
            assert_eq!(after, before, "{} untouched", before.subject);
        }
    }
}
