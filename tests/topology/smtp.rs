//! An SMTP server on loopback that records every message it accepts (by Message-ID) and can be
//! slow: it waits `delay` before answering each RCPT, so that a worker holds its claim on a
//! message for that long before any of the message has been handed over. An instance killed in
//! that moment has sent nothing; the message must come once, from another instance.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin::{Action, Handler, Response, SessionBuilder};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone)]
pub struct SlowSink {
    pub port: u16,
    received: Arc<Mutex<Vec<String>>>,
    delay_ms: Arc<AtomicU64>,
}

struct Recorder {
    data: Vec<u8>,
    done: Arc<Mutex<Option<Vec<u8>>>>,
}

impl Handler for Recorder {
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        *self.done.lock().unwrap() = Some(std::mem::take(&mut self.data));
        mailin::response::OK
    }
}

impl SlowSink {
    pub async fn start() -> SlowSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = SlowSink {
            port: listener.local_addr().unwrap().port(),
            received: Arc::default(),
            delay_ms: Arc::default(),
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, peer)) = listener.accept().await {
                tokio::spawn(s.clone().serve(stream, peer.ip()));
            }
        });
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// How long each RCPT waits for its answer from now on.
    pub fn set_delay(&self, delay: Duration) {
        self.delay_ms
            .store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    /// The Message-IDs received, in order of arrival (with repeats, if any).
    pub fn message_ids(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }

    async fn serve(self, stream: tokio::net::TcpStream, ip: std::net::IpAddr) {
        let done = Arc::new(Mutex::new(None));
        let recorder = Recorder {
            data: Vec::new(),
            done: done.clone(),
        };
        let mut session = SessionBuilder::new("sink.topology").build(ip, recorder);
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
            if line.len() >= 4 && line[..4].eq_ignore_ascii_case(b"RCPT") {
                let delay = self.delay_ms.load(Ordering::SeqCst);
                if delay > 0 {
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                }
            }
            if let Some(raw) = done.lock().unwrap().take() {
                let parsed = mail_parser::MessageParser::default().parse(&raw);
                let id = parsed
                    .and_then(|m| m.message_id().map(str::to_owned))
                    .unwrap_or_default();
                self.received.lock().unwrap().push(id);
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
}
