//! Starts the real server on 127.0.0.1:0 with a fresh database per test: a temporary SQLite
//! file, or a fresh PostgreSQL database when PASSERELLE_TEST_POSTGRES points to a server.

use std::sync::Arc;

use chrono::Utc;
use passerelle::accounts::domain::{NewAccount, SignUp};
use passerelle::clock::ManualClock;
use passerelle::config::Config;
use passerelle::ledger;
use passerelle::startup::Application;
use passerelle::state::AppState;
use passerelle::worker::{Report, Worker};

pub use crate::places::http;
use crate::places::{PgDatabase, Place, on_own_runtime};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};

pub const DEMO_PASSWORD: &str = "demo-passerelle";

/// The administrator [`TestApp::admin_token`] creates, and its password.
pub const ADMIN: &str = "root@example.org";
pub const ADMIN_PASSWORD: &str = "admin password";

/// When a test ends, the ledger must agree with the payment requests (cash received minus
/// refunded equals what each request says it was paid, shares add up to the cash). Runs on its
/// own runtime and connection (`on_own_runtime`); skipped when the test is
/// already failing, and cheap (one query) when no money was ever asked for.
struct LedgerCheck {
    database_url: String,
}

impl Drop for LedgerCheck {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let url = self.database_url.clone();
        let outcome = on_own_runtime(async move {
            let db = Database::connect(url.as_str())
                .await
                .map_err(|e| e.to_string())?;
            let problems = ledger_problems(&db).await;
            let _ = db.close().await;
            problems
        });
        match outcome {
            Ok(problems) if problems.is_empty() => {}
            Ok(problems) => {
                panic!(
                    "at the end of the test the ledger disagrees with the payment requests: {problems:#?}"
                )
            }
            Err(e) => panic!("the ledger check at the end of the test failed: {e}"),
        }
    }
}

async fn ledger_problems(db: &DatabaseConnection) -> Result<Vec<String>, String> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT (SELECT COUNT(*) FROM ledger_entries) + (SELECT COUNT(*) FROM payment_requests) AS n",
        ))
        .await
        .map_err(|e| e.to_string())?;
    let touched = row
        .and_then(|r| r.try_get::<i64>("", "n").ok())
        .unwrap_or(1);
    if touched == 0 {
        return Ok(Vec::new());
    }
    ledger::disagreements(db)
        .await
        .map_err(|e| format!("{e:?}"))
}

pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    pub config: Config,
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    // Fields drop in this order: the check runs before the database goes away. A sibling
    // (`spawn_sibling`) owns none of them.
    _ledger: Option<LedgerCheck>,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgDatabase>,
}

#[derive(Default)]
pub struct Options {
    pub demo: bool,
    /// Deliver mail to this SMTP server (else .eml files in the data dir).
    pub smtp: Option<String>,
    /// Run the worker inside the server, as `serve` does (tests otherwise run it themselves).
    pub background_worker: bool,
    pub vars: Vec<(&'static str, String)>,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(Options::default()).await
    }

    pub async fn spawn_demo() -> TestApp {
        Self::spawn_with(Options {
            demo: true,
            ..Default::default()
        })
        .await
    }

    pub async fn spawn_with(opts: Options) -> TestApp {
        Self::launch(Place::new(opts).await).await
    }

    /// Starts the server on a place prepared by [`Place::new`] (which a test may have filled,
    /// as a restore does); the place's database and directory go when the app does.
    pub async fn launch(place: Place) -> TestApp {
        // Logs go to the test's captured output, shown when it fails.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("warn"))
            .with_test_writer()
            .try_init();
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let mut app = Self::start(place.config, clock).await;
        app._ledger = Some(LedgerCheck {
            database_url: place.database_url,
        });
        app._dir = Some(place.dir);
        app._pg = place.pg;
        app
    }

    /// A second instance of the server on this one's database, data directory, configuration
    /// and clock (several `passerelle serve` behind a proxy). It lives as long as the test
    /// keeps this one.
    pub async fn spawn_sibling(&self) -> TestApp {
        Self::start(self.config.clone(), self.clock.clone()).await
    }

    async fn start(config: Config, clock: Arc<ManualClock>) -> TestApp {
        let app = Application::build(config.clone(), clock.clone())
            .await
            .expect("the application starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let db = app.state().db.clone();
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            db,
            client: Self::new_client(),
            config,
            state,
            clock,
            _ledger: None,
            _dir: None,
            _pg: None,
        }
    }

    /// Sends what is due and runs due jobs, as the worker does every second in `serve`.
    pub async fn run_worker(&self) -> Report {
        self.worker("test")
            .run_once()
            .await
            .expect("a worker round")
    }

    pub fn worker(&self, name: &str) -> Worker {
        Worker::new(self.state.clone(), name).expect("a worker")
    }

    pub fn clock_now(&self) -> chrono::DateTime<chrono::Utc> {
        passerelle::clock::Clock::now(&*self.clock)
    }

    pub fn advance(&self, by: chrono::Duration) {
        self.clock.advance(by);
    }

    /// A browser-like client: its own cookie jar, redirects not followed (tests look at them).
    pub fn new_client() -> reqwest::Client {
        crate::helpers::http()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// GET a page and return (status, body).
    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let res = self.get(path).await;
        let status = res.status();
        (status, res.text().await.expect("body"))
    }

    /// The CSRF token of the form on `path` (the page is fetched with this client's cookies).
    pub async fn csrf(&self, path: &str) -> String {
        let (status, body) = self.page(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}");
        csrf_in(&body).unwrap_or_else(|| panic!("no csrf_token on {path}"))
    }

    /// POSTs a form with the CSRF token of `form_page`.
    pub async fn submit(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf(form_page).await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.client
            .post(self.url(action))
            .form(&all)
            .send()
            .await
            .expect("POST form")
    }

    pub async fn post_json(
        &self,
        path: &str,
        body: &Value,
        token: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self.client.post(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("POST json")
    }

    pub async fn put_json(
        &self,
        path: &str,
        body: &Value,
        token: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self.client.put(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("PUT json")
    }

    pub async fn get_json(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("GET json");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut req = self.client.delete(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("DELETE")
    }

    /// Signs up through the API and returns a bearer token.
    pub async fn user_token(&self, email: &str) -> String {
        let res = self
            .post_json(
                "/api/v1/accounts",
                &json!({"email": email, "password": "a long password", "display_name": email.split('@').next().unwrap_or("someone")}),
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::ACCEPTED, "sign up {email}");
        self.token(email, "a long password").await
    }

    pub async fn token(&self, email: &str, password: &str) -> String {
        let res = self
            .post_json(
                "/api/v1/tokens",
                &json!({"email": email, "password": password}),
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "token for {email}");
        let body: Value = res.json().await.expect("token json");
        body["token"].as_str().expect("token").to_owned()
    }

    /// Creates an administrator ([`ADMIN`], password [`ADMIN_PASSWORD`]) directly (as
    /// `passerelle create-admin` does) and returns a token.
    pub async fn admin_token(&self) -> String {
        let email = ADMIN;
        let account = NewAccount::try_from(SignUp {
            email: email.into(),
            password: ADMIN_PASSWORD.into(),
            display_name: "Root".into(),
            locale: None,
        })
        .expect("valid admin");
        passerelle::accounts::service::create_or_promote_admin(&self.db, account, Utc::now())
            .await
            .expect("admin created");
        self.token(email, ADMIN_PASSWORD).await
    }

    /// Logs this client in through the HTML form.
    pub async fn login(&self, email: &str, password: &str) {
        let res = self
            .submit(
                "/login",
                "/login",
                &[
                    ("email", email),
                    ("password", password),
                    ("next", "/account"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "login of {email}");
    }

    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("count")
    }
}

pub fn csrf_in(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// Another browser on the same server: its own cookie jar (its own session).
pub struct Visitor<'a> {
    pub app: &'a TestApp,
    pub client: reqwest::Client,
}

impl TestApp {
    /// A new browser signed in as `email` with `password`.
    pub async fn visitor(&self, email: &str, password: &str) -> Visitor<'_> {
        let v = Visitor {
            app: self,
            client: Self::new_client(),
        };
        let res = v
            .submit(
                "/login",
                "/login",
                &[
                    ("email", email),
                    ("password", password),
                    ("next", "/account"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "login of {email}");
        v
    }
}

impl Visitor<'_> {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.app.url(path))
            .send()
            .await
            .expect("GET")
    }

    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let res = self.get(path).await;
        let status = res.status();
        (status, res.text().await.expect("body"))
    }

    pub async fn submit(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let (status, body) = self.page(form_page).await;
        assert_eq!(status, StatusCode::OK, "GET {form_page}");
        let token = csrf_in(&body).unwrap_or_else(|| panic!("no csrf_token on {form_page}"));
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.client
            .post(self.app.url(action))
            .form(&all)
            .send()
            .await
            .expect("POST form")
    }
}

impl TestApp {
    /// Signs up through the API, marks the address verified (as its email link would) and
    /// returns a bearer token.
    pub async fn verified_token(&self, email: &str) -> String {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let token = self.user_token(email).await;
        entity::user::Entity::update_many()
            .col_expr(
                entity::user::Column::EmailVerifiedAt,
                sea_orm::sea_query::Expr::value(Some(Utc::now())),
            )
            .filter(entity::user::Column::Email.eq(email))
            .exec(&self.db)
            .await
            .expect("verify");
        token
    }
}
