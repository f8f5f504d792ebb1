//! Steady load through the proxy: clients that create API tokens (a write each: one row in
//! api_tokens, named so that the test can look for it) and, if asked, read the catalogue,
//! until told to stop; each remembers what was acknowledged and what failed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::json;

pub const LOADER: &str = "member1.jette-sidi-bibi@demo.passerelle.test";
pub const PASSWORD: &str = "demo-passerelle";

#[derive(Default, Debug)]
pub struct Outcomes {
    /// Names of the tokens whose creation was acknowledged (201).
    pub acked: Vec<String>,
    /// Reads answered 200.
    pub reads: usize,
    /// Every request that did not succeed: what it was and what came back.
    pub failed: Vec<String>,
}

impl Outcomes {
    pub fn requests(&self) -> usize {
        self.acked.len() + self.reads + self.failed.len()
    }
}

pub struct Load {
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<Outcomes>>,
}

impl Load {
    /// `clients` loops against `base`, each writing (and, with `reads`, reading every other
    /// time), token names starting with `tag`.
    pub fn start(base: &str, clients: usize, tag: &str, reads: bool) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = (0..clients)
            .map(|c| {
                let stop = stop.clone();
                let base = base.to_owned();
                let tag = format!("{tag}-{c}");
                tokio::spawn(async move { client_loop(base, tag, reads, stop).await })
            })
            .collect();
        Load { stop, tasks }
    }

    pub async fn stop(self) -> Outcomes {
        self.stop.store(true, Ordering::SeqCst);
        let mut all = Outcomes::default();
        for t in self.tasks {
            let o = t.await.unwrap();
            all.acked.extend(o.acked);
            all.reads += o.reads;
            all.failed.extend(o.failed);
        }
        all
    }
}

async fn client_loop(base: String, tag: String, reads: bool, stop: Arc<AtomicBool>) -> Outcomes {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut out = Outcomes::default();
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) {
        n += 1;
        if reads && n % 2 == 0 {
            let res = client.get(format!("{base}/catalogue")).send().await;
            match res {
                Ok(r) if r.status().is_success() => out.reads += 1,
                Ok(r) => out.failed.push(format!("GET /catalogue: {}", r.status())),
                Err(e) => out.failed.push(format!("GET /catalogue: {e}")),
            }
            continue;
        }
        let name = format!("{tag}-{n}");
        let res = client
            .post(format!("{base}/api/v1/tokens"))
            .json(&json!({"email": LOADER, "password": PASSWORD, "name": name}))
            .send()
            .await;
        match res {
            Ok(r) if r.status().is_success() => out.acked.push(name),
            Ok(r) => out
                .failed
                .push(format!("POST /api/v1/tokens ({name}): {}", r.status())),
            Err(e) => out
                .failed
                .push(format!("POST /api/v1/tokens ({name}): {e}")),
        }
    }
    out
}
