//! The topology check (issue 18): the deployment of deploy/ started on this machine, loopback
//! only, and checked under faults. A fresh PostgreSQL database, the moto S3 server, two
//! `passerelle serve` instances (the real binary) sharing them, and HAProxy in front with
//! deploy/haproxy.cfg. One ordered scenario, because the faults end the instances:
//! 1. a member logs in through A and saves a basket through B;
//! 2. 200 concurrent bookings through the proxy for a departure of 20 places hold exactly 20;
//! 3. a photo uploaded through A is served through B and the proxy (the object store), and a
//!    product renamed through A shows on B within a second though B had it cached;
//! 4. A is killed (SIGKILL) under a steady load of writes: every acknowledged write is in the
//!    database, the proxy stops sending to A within seconds, and the emails A had claimed are
//!    sent by B once their lease ends, each exactly once;
//! 5. A is started again and B receives SIGTERM under load: no request fails;
//! 6. a rolling restart onto real login limits (B started, A stopped and started): attempts
//!    spread over both instances hit the per-account limit together, and a session made
//!    through A is used through B and logged out through the proxy.
//!
//! It does nothing unless PASSERELLE_TOPOLOGY=1 (`.ci/topology` sets it, installs HAProxy and
//! moto, and runs it). PASSERELLE_TEST_POSTGRES names the PostgreSQL server (default
//! postgres://postgres@127.0.0.1:5432/postgres), PASSERELLE_MOTO the moto_server executable.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "in a test, a failed unwrap is a failed test with its cause"
)]

mod checks;
mod cluster;
mod faults;
mod load;
mod smtp;

use std::time::Duration;

use cluster::{BUCKET, FreshDb, Instance, Proc, Proxy, free_port};
use sea_orm::DatabaseConnection;
use smtp::SlowSink;

/// Everything the scenario runs against.
pub struct Topology {
    pub db: DatabaseConnection,
    pub env: Vec<(String, String)>,
    pub a: Instance,
    pub b: Instance,
    pub proxy: Proxy,
    pub sink: SlowSink,
    _moto: Proc,
    /// Last: the instances are gone when the database is dropped.
    _fresh: FreshDb,
}

/// How long an instance drains before it stops accepting connections (the proxy checks every
/// second and takes a server out after two failures).
pub const DRAIN_SECONDS: u64 = 3;

impl Topology {
    async fn start() -> Topology {
        let server = std::env::var("PASSERELLE_TEST_POSTGRES")
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or("postgres://postgres@127.0.0.1:5432/postgres".into());
        let fresh = FreshDb::create(&server).await;
        let (moto, moto_port) = cluster::start_moto().await;
        let sink = SlowSink::start().await;
        let (pa, pb, proxy_port) = (free_port(), free_port(), free_port());
        let key: String = (0..64)
            .map(|_| format!("{:02x}", rand::random::<u8>()))
            .collect();
        let env: Vec<(String, String)> = [
            ("DATABASE_URL", fresh.url.clone()),
            ("PASSERELLE_SECRET_KEY", key),
            (
                "PASSERELLE_PUBLIC_URL",
                format!("http://127.0.0.1:{proxy_port}"),
            ),
            ("PASSERELLE_STORAGE_URL", format!("s3://{BUCKET}")),
            ("AWS_ACCESS_KEY_ID", "topology".into()),
            ("AWS_SECRET_ACCESS_KEY", "topology".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ENDPOINT", format!("http://127.0.0.1:{moto_port}")),
            ("AWS_ALLOW_HTTP", "true".into()),
            ("PASSERELLE_TRUSTED_PROXIES", "1".into()),
            ("PASSERELLE_DEMO_HISTORY", "false".into()),
            ("PASSERELLE_WORKERS", "2".into()),
            ("PASSERELLE_DB_MAX_CONNECTIONS", "10".into()),
            ("PASSERELLE_LOGIN_RATE_IP", "1000000".into()),
            ("PASSERELLE_LOGIN_RATE_ACCOUNT", "1000000".into()),
            ("PASSERELLE_SIGNUP_RATE_IP", "1000000".into()),
            ("PASSERELLE_SIGNUP_RATE_ADDRESS", "1000000".into()),
            ("PASSERELLE_SMTP_URL", sink.url()),
            // A message's lease: 3 s + 1 s, so that a dead instance's claims come back soon.
            ("PASSERELLE_SMTP_TIMEOUT_SECS", "3".into()),
            ("PASSERELLE_MAIL_LEASE_MARGIN_SECS", "1".into()),
            ("PASSERELLE_WORKER_POLL_MS", "100".into()),
            (
                "PASSERELLE_SHUTDOWN_DRAIN_SECONDS",
                DRAIN_SECONDS.to_string(),
            ),
            ("PASSERELLE_SHUTDOWN_SECONDS", "10".into()),
            ("RUST_LOG", "warn".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        // Started together: one migrates while the other waits; only A loads the demo.
        let mut a = Instance::start("a", pa, &env, &[("PASSERELLE_LOAD_DEMO", "true")]);
        let mut b = Instance::start("b", pb, &env, &[("PASSERELLE_LOAD_DEMO", "false")]);
        a.wait_ready(Duration::from_secs(180)).await;
        b.wait_ready(Duration::from_secs(60)).await;
        let proxy = Proxy::start(&[("a", pa), ("b", pb)]).await;
        proxy.wait_status("a", "UP", Duration::from_secs(10)).await;
        proxy.wait_status("b", "UP", Duration::from_secs(10)).await;
        let db = fresh.connect().await;
        Topology {
            db,
            env,
            a,
            b,
            proxy,
            sink,
            _moto: moto,
            _fresh: fresh,
        }
    }
}

impl Topology {
    /// B (stopped by the last fault) is started with `extra`, then A is stopped gracefully and
    /// started with it too, as an operator rolls a new configuration or version out.
    async fn rolling_restart(&mut self, extra: &[(&str, &str)]) {
        let mut with_demo_off = vec![("PASSERELLE_LOAD_DEMO", "false")];
        with_demo_off.extend_from_slice(extra);
        self.b = Instance::start("b-rolled", self.b.port, &self.env, &with_demo_off);
        self.b.wait_ready(Duration::from_secs(60)).await;
        self.proxy
            .wait_status("b", "UP", Duration::from_secs(10))
            .await;
        self.a.proc.signal("TERM");
        let exit = self.a.proc.wait_exit(Duration::from_secs(30)).await;
        assert!(
            exit.is_some_and(|e| e.success()),
            "A stops cleanly: {exit:?}"
        );
        self.a = Instance::start("a-rolled", self.a.port, &self.env, &with_demo_off);
        self.a.wait_ready(Duration::from_secs(60)).await;
        self.proxy
            .wait_status("a", "UP", Duration::from_secs(10))
            .await;
        println!("rolling restart done: both instances on the new configuration");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_behind_haproxy_lose_nothing_when_one_dies_or_stops() {
    if std::env::var("PASSERELLE_TOPOLOGY").as_deref() != Ok("1") {
        eprintln!("topology check skipped: run .ci/topology (it sets PASSERELLE_TOPOLOGY=1)");
        return;
    }
    passerelle::security::install_crypto_provider();
    let started = std::time::Instant::now();
    let mut t = Topology::start().await;
    println!("topology up in {:.1?}", started.elapsed());

    checks::member_logs_in_through_a_and_saves_a_basket_through_b(&t).await;
    checks::concurrent_bookings_through_the_proxy_hold_exactly_the_places(&t).await;
    checks::photo_uploaded_via_a_is_served_via_b_and_the_proxy(&t).await;
    checks::product_edited_via_a_shows_on_b_within_a_second(&t).await;
    faults::instance_killed_under_writes_loses_nothing(&mut t).await;
    faults::instance_stopped_under_load_fails_no_request(&mut t).await;
    // The load logs in again and again with one account: the real limits come after it.
    t.rolling_restart(&[("PASSERELLE_LOGIN_RATE_ACCOUNT", "5")])
        .await;
    checks::login_limit_holds_across_both_instances(&t, 5).await;
    checks::session_crosses_instances_and_logs_out_through_the_proxy(&t).await;
    println!("topology check done in {:.1?}", started.elapsed());
}
