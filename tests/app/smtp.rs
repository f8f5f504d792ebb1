//! A real SMTP server on loopback for the tests (the SMTP protocol from the `mailin` crate over
//! tokio): it records every message it accepts, can refuse connections as if it were down, and
//! can be slow in the application's time (`start_slow`).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use mailin::{Action, Handler, Response, SessionBuilder};
use passerelle::clock::{Clock, ManualClock};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore};

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
    accepting: Arc<AtomicBool>,
    slow: Option<Arc<Slowness>>,
}

/// What makes a server started with [`SmtpSink::start_slow`] slow.
struct Slowness {
    per_message: chrono::Duration,
    hold_at: Option<usize>,
    clock: OnceLock<Arc<ManualClock>>,
    db: OnceLock<DatabaseConnection>,
    count: AtomicUsize,
    gate: Semaphore,
    holding: Notify,
    /// Message-IDs that arrived after their lease had run out (another worker could have taken them).
    late: Mutex<Vec<String>>,
}

impl Slowness {
    /// What a message costs the server before it answers.
    async fn accept(&self, msg: &Received) {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(clock) = self.clock.get() {
            clock.advance(self.per_message);
            if let Some(db) = self.db.get() {
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
                    self.late.lock().unwrap().push(id);
                }
            }
        }
        if self.hold_at == Some(n) {
            self.holding.notify_waiters();
        }
        if self.hold_at.is_some_and(|h| n >= h) {
            self.gate.acquire().await.unwrap().forget();
        }
    }
}

#[derive(Clone, Debug)]
pub struct Received {
    pub rcpt: Vec<String>,
    pub raw: Vec<u8>,
}

impl Received {
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.raw)
            .expect("a parsable message")
    }

    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|c| c.into_owned())
            .unwrap_or_default()
    }

    pub fn html(&self) -> String {
        self.parsed()
            .body_html(0)
            .map(|c| c.into_owned())
            .unwrap_or_default()
    }

    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_owned()
    }

    pub fn message_id(&self) -> String {
        self.parsed().message_id().unwrap_or_default().to_owned()
    }

    pub fn header_text(&self) -> String {
        let raw = String::from_utf8_lossy(&self.raw);
        raw.split("\r\n\r\n").next().unwrap_or("").to_owned()
    }

    /// The first link to this site in the text part, as a path (`/verify-email/...`).
    pub fn link_path(&self, base: &str) -> String {
        let text = self.text();
        let start = text
            .find(base)
            .unwrap_or_else(|| panic!("no link to {base} in {text}"));
        let rest = &text[start + base.len()..];
        rest.split_whitespace().next().unwrap_or("").to_owned()
    }
}

/// Collects one message at a time; the session loop takes it once DATA ends and accepts it
/// before the server answers.
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

impl SmtpSink {
    /// A server that answers at once.
    pub async fn start() -> SmtpSink {
        Self::start_with(None).await
    }

    /// A server that is slow in the application's time: each message it accepts moves the
    /// test clock on by `per_message` before the answer (as a server answering in 7 s would),
    /// checks that the sender still held the message's lease at that moment (see
    /// [`SmtpSink::attach`], [`SmtpSink::late`]), and holds its answer to the `hold_at`-th
    /// message, and every later one, until [`SmtpSink::release`].
    pub async fn start_slow(per_message: chrono::Duration, hold_at: Option<usize>) -> SmtpSink {
        Self::start_with(Some(Arc::new(Slowness {
            per_message,
            hold_at,
            clock: OnceLock::new(),
            db: OnceLock::new(),
            count: AtomicUsize::new(0),
            gate: Semaphore::new(0),
            holding: Notify::new(),
            late: Mutex::default(),
        })))
        .await
    }

    async fn start_with(slow: Option<Arc<Slowness>>) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = SmtpSink {
            port: listener.local_addr().unwrap().port(),
            received: Arc::default(),
            arrived: Arc::new(Notify::new()),
            accepting: Arc::new(AtomicBool::new(true)),
            slow,
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, peer)) = listener.accept().await {
                if !s.accepting.load(Ordering::SeqCst) {
                    drop(stream); // "down": the connection closes at once
                    continue;
                }
                tokio::spawn(s.clone().serve(stream, peer.ip()));
            }
        });
        sink
    }

    /// One SMTP session: each message is accepted before the answer to its DATA is sent.
    async fn serve(self, stream: tokio::net::TcpStream, ip: std::net::IpAddr) {
        let done = Arc::new(Mutex::new(None));
        let recorder = Recorder {
            rcpt: Vec::new(),
            data: Vec::new(),
            done: done.clone(),
        };
        let mut session = SessionBuilder::new("sink.test").build(ip, recorder);
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
                if let Some(slow) = &self.slow {
                    slow.accept(&msg).await;
                }
                self.received.lock().unwrap().push(msg);
                self.arrived.notify_waiters();
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

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set_accepting(&self, on: bool) {
        self.accepting.store(on, Ordering::SeqCst);
    }

    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn to(&self, address: &str) -> Vec<Received> {
        self.messages()
            .into_iter()
            .filter(|m| m.rcpt.iter().any(|r| r.contains(address)))
            .collect()
    }

    fn slowness(&self) -> &Slowness {
        self.slow
            .as_deref()
            .expect("a server started with start_slow")
    }

    /// Gives a slow server the application's clock and database (once the app runs).
    pub fn attach(&self, clock: Arc<ManualClock>, db: DatabaseConnection) {
        let _ = self.slowness().clock.set(clock);
        let _ = self.slowness().db.set(db);
    }

    /// Waits until the held message has arrived (its answer not given yet).
    pub async fn wait_holding(&self) {
        let slow = self.slowness();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            let notified = slow.holding.notified();
            if slow.count.load(Ordering::SeqCst) >= slow.hold_at.unwrap_or(0) {
                return;
            }
            tokio::time::timeout_at(deadline, notified)
                .await
                .expect("the slow server never got the message it holds");
        }
    }

    /// Answers the held message, and every later one.
    pub fn release(&self) {
        self.slowness().gate.add_permits(Semaphore::MAX_PERMITS / 2);
    }

    /// The Message-IDs a slow server received after their sender's lease had run out.
    pub fn late(&self) -> Vec<String> {
        self.slowness().late.lock().unwrap().clone()
    }

    /// Waits (event-driven, at most 15 s, 30 s for a slow server) until `n` messages have
    /// arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let patience = if self.slow.is_some() { 30 } else { 15 };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(patience);
        loop {
            let notified = self.arrived.notified();
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "expected {n} messages, the SMTP server got {}",
                    self.messages().len()
                );
            }
        }
    }
}
