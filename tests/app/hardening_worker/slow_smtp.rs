//! An SMTP server on loopback that is slow in the application's time: each message it accepts
//! moves the test clock on by `per_message` before the answer (as a server answering in 7 s
//! would), checks that the sender still held the message's lease at that moment, and can hold
//! its answer to the n-th message until the test releases it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use mailin::{Action, Handler, Response, SessionBuilder};
use passerelle::clock::{Clock, ManualClock};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore};

use crate::smtp::Received;

pub struct SlowSmtp {
    pub port: u16,
    shared: Arc<Shared>,
}

struct Shared {
    per_message: chrono::Duration,
    hold_at: Option<usize>,
    clock: OnceLock<Arc<ManualClock>>,
    db: OnceLock<DatabaseConnection>,
    count: AtomicUsize,
    gate: Semaphore,
    holding: Notify,
    arrived: Notify,
    received: Mutex<Vec<Received>>,
    /// Message-IDs that arrived after their lease had run out (another worker could have taken them).
    late: Mutex<Vec<String>>,
}

#[derive(Clone)]
struct Recorder {
    rcpt: Vec<String>,
    data: Vec<u8>,
    done: Arc<Mutex<Option<Received>>>,
}

impl Handler for Recorder {
    fn rcpt(&mut self, to: &str) -> Response {
        self.rcpt.push(to.to_owned());
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        *self.done.lock().unwrap() = Some(Received {
            rcpt: std::mem::take(&mut self.rcpt),
            raw: std::mem::take(&mut self.data),
        });
        mailin::response::OK
    }
}

impl SlowSmtp {
    pub async fn start(per_message: chrono::Duration, hold_at: Option<usize>) -> SlowSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let shared = Arc::new(Shared {
            per_message,
            hold_at,
            clock: OnceLock::new(),
            db: OnceLock::new(),
            count: AtomicUsize::new(0),
            gate: Semaphore::new(0),
            holding: Notify::new(),
            arrived: Notify::new(),
            received: Mutex::default(),
            late: Mutex::default(),
        });
        let port = listener.local_addr().unwrap().port();
        let s = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, peer)) = listener.accept().await {
                tokio::spawn(serve(s.clone(), stream, peer.ip()));
            }
        });
        SlowSmtp { port, shared }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Gives the server the application's clock and database (once the app runs).
    pub fn attach(&self, clock: Arc<ManualClock>, db: DatabaseConnection) {
        let _ = self.shared.clock.set(clock);
        let _ = self.shared.db.set(db);
    }

    /// Waits until the held message has arrived (its answer not given yet).
    pub async fn wait_holding(&self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            let notified = self.shared.holding.notified();
            if self.shared.count.load(Ordering::SeqCst) >= self.shared.hold_at.unwrap_or(0) {
                return;
            }
            tokio::time::timeout_at(deadline, notified)
                .await
                .expect("the slow server never got the message it holds");
        }
    }

    /// Answers the held message, and every later one.
    pub fn release(&self) {
        self.shared.gate.add_permits(Semaphore::MAX_PERMITS / 2);
    }

    pub fn messages(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    pub fn late(&self) -> Vec<String> {
        self.shared.late.lock().unwrap().clone()
    }

    /// Waits (event-driven, at most 30 s) until `n` messages have been accepted.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let notified = self.shared.arrived.notified();
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("expected {n} messages, the server got {}", got.len());
            }
        }
    }
}

/// What a message costs the server before it answers.
async fn accept(s: &Shared, msg: Received) {
    let n = s.count.fetch_add(1, Ordering::SeqCst) + 1;
    if let Some(clock) = s.clock.get() {
        clock.advance(s.per_message);
        if let Some(db) = s.db.get() {
            let id = msg.message_id();
            let row = entity::outbox_message::Entity::find()
                .filter(entity::outbox_message::Column::MessageId.eq(format!("<{id}>")))
                .one(db)
                .await
                .unwrap();
            let held = row
                .and_then(|r| r.locked_until)
                .is_some_and(|until| until > clock.now());
            if !held {
                s.late.lock().unwrap().push(id);
            }
        }
    }
    if s.hold_at == Some(n) {
        s.holding.notify_waiters();
    }
    if s.hold_at.is_some_and(|h| n >= h) {
        s.gate.acquire().await.unwrap().forget();
    }
    s.received.lock().unwrap().push(msg);
    s.arrived.notify_waiters();
}

async fn serve(s: Arc<Shared>, stream: tokio::net::TcpStream, ip: std::net::IpAddr) {
    let done = Arc::new(Mutex::new(None));
    let recorder = Recorder {
        rcpt: Vec::new(),
        data: Vec::new(),
        done: done.clone(),
    };
    let mut session = SessionBuilder::new("slow.test").build(ip, recorder);
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    if write
        .write_all(&session.greeting().buffer().unwrap())
        .await
        .is_err()
    {
        return;
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let res = session.process(&line);
        let finished = done.lock().unwrap().take();
        if let Some(msg) = finished {
            accept(&s, msg).await;
        }
        match res.action {
            Action::Reply => {
                if write.write_all(&res.buffer().unwrap()).await.is_err() {
                    return;
                }
            }
            Action::Close | Action::UpgradeTls => {
                let _ = write.write_all(&res.buffer().unwrap()).await;
                return;
            }
            Action::NoReply => {}
        }
    }
}
