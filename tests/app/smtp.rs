//! A real SMTP server on loopback for the tests (the SMTP protocol from the `mailin` crate over
//! tokio): it records every message it accepts, and can refuse connections as if it were down.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin::{Action, Handler, Response, SessionBuilder};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
    accepting: Arc<AtomicBool>,
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

#[derive(Clone)]
struct Recorder {
    rcpt: Vec<String>,
    data: Vec<u8>,
    received: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
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
        let msg = Received {
            rcpt: std::mem::take(&mut self.rcpt),
            raw: std::mem::take(&mut self.data),
        };
        self.received.lock().unwrap().push(msg);
        self.arrived.notify_waiters();
        mailin::response::OK
    }
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = SmtpSink {
            port: listener.local_addr().unwrap().port(),
            received: Arc::default(),
            arrived: Arc::new(Notify::new()),
            accepting: Arc::new(AtomicBool::new(true)),
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, peer)) = listener.accept().await {
                if !s.accepting.load(Ordering::SeqCst) {
                    drop(stream); // "down": the connection closes at once
                    continue;
                }
                let recorder = Recorder {
                    rcpt: Vec::new(),
                    data: Vec::new(),
                    received: s.received.clone(),
                    arrived: s.arrived.clone(),
                };
                tokio::spawn(async move {
                    let mut session = SessionBuilder::new("sink.test").build(peer.ip(), recorder);
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
                });
            }
        });
        sink
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

    /// Waits (event-driven, at most 15 s) until `n` messages have arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
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
