//! The faults: instance A killed outright under a load of writes, then B stopped (SIGTERM)
//! under load once A is back.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use entity::outbox_message::{self, Attachments, OutboxStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Set,
    Statement,
};

use crate::cluster::Instance;
use crate::load::{Load, Outcomes};
use crate::{DRAIN_SECONDS, Topology};

/// Queues `n` emails straight into the outbox; their ids.
async fn queue_emails(t: &Topology, n: usize) -> Vec<i64> {
    let now = chrono::Utc::now();
    let mut ids = Vec::new();
    for i in 0..n {
        let row = outbox_message::ActiveModel {
            message_id: Set(format!(
                "<kill-{i}-{}@topology.test>",
                now.timestamp_micros()
            )),
            template: Set("verify_email".into()),
            locale: Set("fr".into()),
            to_email: Set(format!("member{i}@topology.test")),
            to_name: Set("Membre".into()),
            reply_to: Set(None),
            subject: Set(format!("Message {i}")),
            body_text: Set("Bonjour".into()),
            body_html: Set("<p>Bonjour</p>".into()),
            attachments: Set(Attachments(Vec::new())),
            status: Set(OutboxStatus::Queued),
            attempts: Set(0),
            next_attempt_at: Set(now),
            locked_until: Set(None),
            locked_by: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        }
        .insert(&t.db)
        .await
        .unwrap();
        ids.push(row.id);
    }
    ids
}

/// Asserts that every write the proxy acknowledged is in the database.
async fn acknowledged_writes_are_stored(t: &Topology, tag: &str, out: &Outcomes) {
    let rows =
        t.db.query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT name FROM api_tokens WHERE name LIKE '{tag}-%'"),
        ))
        .await
        .unwrap();
    let stored: HashSet<String> = rows
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    let lost: Vec<&String> = out.acked.iter().filter(|n| !stored.contains(*n)).collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged writes are not in the database: {:?}",
        lost.len(),
        &lost[..lost.len().min(10)]
    );
}

pub async fn instance_killed_under_writes_loses_nothing(t: &mut Topology) {
    // Each email waits 600 ms for the SMTP server's answer to RCPT: whoever holds one holds it
    // that long with nothing of it delivered yet.
    t.sink.set_delay(Duration::from_millis(600));
    let emails = queue_emails(t, 12).await;
    let load = Load::start(&t.proxy.url(""), 6, "kill", false);
    // Killed while A holds a claim it made a moment ago (the lease is 4 s; the SMTP server
    // answers its RCPT 600 ms after it began): nothing of that email has been handed over.
    let a_claims = format!("serve-{}-%", t.a.port);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let fresh = chrono::Utc::now() + chrono::Duration::milliseconds(3600);
        let held = outbox_message::Entity::find()
            .filter(outbox_message::Column::Status.eq(OutboxStatus::Sending))
            .filter(outbox_message::Column::LockedBy.like(&a_claims))
            .filter(outbox_message::Column::Id.is_in(emails.clone()))
            .filter(outbox_message::Column::LockedUntil.gt(fresh))
            .all(&t.db)
            .await
            .unwrap();
        if !held.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "instance A never claimed an email"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    t.a.proc.signal("KILL");
    let killed = Instant::now();
    t.a.proc
        .wait_exit(Duration::from_secs(5))
        .await
        .expect("A is dead");
    // What A held when it died: nobody but another worker, after the lease, can change it now.
    let held = outbox_message::Entity::find()
        .filter(outbox_message::Column::Status.eq(OutboxStatus::Sending))
        .filter(outbox_message::Column::LockedBy.like(&a_claims))
        .filter(outbox_message::Column::Id.is_in(emails.clone()))
        .all(&t.db)
        .await
        .unwrap();
    assert!(!held.is_empty(), "A held an email when it was killed");
    let out_after = t
        .proxy
        .wait_status("a", "DOWN", Duration::from_secs(10))
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await; // the load goes on through B alone
    let out = load.stop().await;
    println!(
        "SIGKILL A: haproxy took it out after {out_after:.1?}; {} writes acknowledged, {} failed: {:?}",
        out.acked.len(),
        out.failed.len(),
        &out.failed[..out.failed.len().min(5)]
    );
    assert!(
        out_after < Duration::from_secs(5),
        "the proxy stops sending to a dead instance within 5 s (took {out_after:?})"
    );
    assert!(out.acked.len() > 20, "the load wrote: {out:?}");
    acknowledged_writes_are_stored(t, "kill", &out).await;

    // Every email arrives, A's after their lease, from B, each once.
    let deadline = Instant::now() + Duration::from_secs(40);
    let rows = loop {
        let rows = outbox_message::Entity::find()
            .filter(outbox_message::Column::Id.is_in(emails.clone()))
            .all(&t.db)
            .await
            .unwrap();
        if rows.iter().all(|r| r.status == OutboxStatus::Sent) {
            break rows;
        }
        assert!(
            Instant::now() < deadline,
            "emails still unsent 40 s after the kill: {:?}",
            rows.iter()
                .map(|r| (r.id, r.status, r.locked_by.clone()))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let received = t.sink.message_ids();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for id in &received {
        *counts.entry(id.as_str()).or_default() += 1;
    }
    for row in &rows {
        let id = row.message_id.trim_matches(['<', '>']);
        assert_eq!(
            counts.get(id),
            Some(&1),
            "email {} received exactly once",
            row.id
        );
    }
    for h in &held {
        let row = rows.iter().find(|r| r.id == h.id).unwrap();
        let by = row.locked_by.clone().unwrap_or_default();
        assert!(
            by.starts_with(&format!("serve-{}-", t.b.port)),
            "email {} that A held is sent by B (sent by {by})",
            h.id
        );
        let (sent, until) = (row.sent_at.unwrap(), h.locked_until.unwrap());
        assert!(
            sent >= until,
            "email {} sent at {sent}, before A's lease ended at {until}",
            h.id
        );
    }
    println!(
        "SIGKILL A: the {} email(s) A held were sent by B once their lease ended, {:.1?} after the kill; {} emails, each once",
        held.len(),
        killed.elapsed(),
        rows.len()
    );
    t.sink.set_delay(Duration::ZERO);
}

pub async fn instance_stopped_under_load_fails_no_request(t: &mut Topology) {
    let port = t.a.port;
    t.a = Instance::start(
        "a-again",
        port,
        &t.env,
        &[("PASSERELLE_LOAD_DEMO", "false")],
    );
    t.a.wait_ready(Duration::from_secs(60)).await;
    t.proxy
        .wait_status("a", "UP", Duration::from_secs(10))
        .await;

    let load = Load::start(&t.proxy.url(""), 6, "term", true);
    tokio::time::sleep(Duration::from_secs(1)).await; // load on both before the stop
    t.b.proc.signal("TERM");
    let stopped = Instant::now();
    let out_after = t
        .proxy
        .wait_status("b", "DOWN", Duration::from_secs(DRAIN_SECONDS + 5))
        .await;
    let exit =
        t.b.proc
            .wait_exit(Duration::from_secs(DRAIN_SECONDS + 15))
            .await
            .expect("B exits within its drain and deadline");
    let exited = stopped.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await; // and on through A alone
    let out = load.stop().await;
    println!(
        "SIGTERM B: haproxy took it out after {out_after:.1?} (drain {DRAIN_SECONDS} s), B exited after {exited:.1?} with {exit}; {} requests, {} failed",
        out.requests(),
        out.failed.len()
    );
    assert!(exit.success(), "B exits with 0 after SIGTERM: {exit}");
    assert!(
        out_after < exited,
        "the proxy took B out ({out_after:?}) before B exited ({exited:?})"
    );
    assert!(
        out.failed.is_empty(),
        "no request fails while B stops: {:?}",
        &out.failed[..out.failed.len().min(10)]
    );
    assert!(out.requests() > 20, "the load ran: {out:?}");
    acknowledged_writes_are_stored(t, "term", &out).await;
}
