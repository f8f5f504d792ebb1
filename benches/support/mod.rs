//! What the benchmarks share: the database they run on, the application built over it, and
//! rows written directly (products, households, campaigns).

// Each benchmark uses a part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use passerelle::config::Config;
use passerelle::startup::Application;
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// The database of a run: a fresh PostgreSQL database when `PASSERELLE_BENCH_POSTGRES` names
/// a server (with the server's connection and the database's name, to drop it afterwards),
/// else a SQLite file in `dir`.
pub struct BenchDb {
    pub url: String,
    pub postgres: Option<(DatabaseConnection, String)>,
}

impl BenchDb {
    pub async fn new(dir: &Path) -> anyhow::Result<BenchDb> {
        match std::env::var("PASSERELLE_BENCH_POSTGRES") {
            Ok(server) if !server.is_empty() => {
                let name = format!("passerelle_bench_{}", rand::random_range(0..u32::MAX));
                let admin = sea_orm::Database::connect(server.as_str()).await?;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await?;
                let mut url = url::Url::parse(&server)?;
                url.set_path(&name);
                Ok(BenchDb {
                    url: url.to_string(),
                    postgres: Some((admin, name)),
                })
            }
            _ => Ok(BenchDb {
                url: format!("sqlite://{}/bench.db?mode=rwc", dir.display()),
                postgres: None,
            }),
        }
    }

    /// "PostgreSQL" or "SQLite".
    pub fn kind(&self) -> &'static str {
        if self.postgres.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }

    /// Drops the PostgreSQL database of the run (closing `db`, the application's pool, first).
    pub async fn drop_after(self, db: &DatabaseConnection) -> anyhow::Result<()> {
        if let Some((admin, name)) = self.postgres {
            db.clone().close().await?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await?;
        }
        Ok(())
    }

    /// The application over this database, its files in `dir`, listening on a free loopback
    /// port, without its worker; `settings` (name, value) come on top, the environment last.
    pub async fn app(
        &self,
        dir: &Path,
        settings: &[(&'static str, &str)],
    ) -> anyhow::Result<Application> {
        let mut vars: HashMap<&str, String> = [
            ("PASSERELLE_DATA_DIR", dir.display().to_string()),
            ("DATABASE_URL", self.url.clone()),
            ("PASSERELLE_BIND", "127.0.0.1:0".into()),
            ("PASSERELLE_RUN_WORKER", "false".into()),
        ]
        .into_iter()
        .collect();
        for (k, v) in settings {
            vars.insert(k, (*v).to_owned());
        }
        let config =
            Config::from_lookup(|k| vars.get(k).cloned().or_else(|| std::env::var(k).ok()))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        Application::build(config, Arc::new(passerelle::clock::SystemClock)).await
    }
}

/// A campaign of `group` offering `offered`, written directly in `state`: open now (closing
/// tomorrow), or closed yesterday.
pub async fn campaign(
    db: &DatabaseConnection,
    group: &entity::consumer_group::Model,
    title: &str,
    offered: &[entity::product::Model],
    state: passerelle::group_orders::domain::State,
) -> anyhow::Result<entity::campaign::Model> {
    use chrono::{Duration, Utc};
    use sea_orm::ActiveModelTrait;
    let now = Utc::now();
    let (opens_at, closes_at) = if state == passerelle::group_orders::domain::State::Open {
        (now - Duration::hours(1), now + Duration::days(1))
    } else {
        (now - Duration::days(3), now - Duration::days(1))
    };
    let new = passerelle::group_orders::campaign_input::NewCampaign {
        title: title.into(),
        producer_ids: Vec::new(),
        opens_at,
        closes_at,
        delivery_on: (now + Duration::days(10)).date_naive(),
        transport_cents: passerelle::money::Cents(45_000),
        transport_split: passerelle::group_orders::domain::TransportSplit::Weight,
        fee_cents: passerelle::money::Cents(5_000),
        min_total_cents: None,
        pickup_point_id: None,
        note: None,
    };
    let c = passerelle::group_orders::service::campaign_row(group, new, state, None, now)
        .insert(db)
        .await?;
    passerelle::group_orders::service::offer_products(db, c.id, offered)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(c)
}

/// `n` products ("Produit 0" ...) shared in turn between `producers`, written directly, with
/// cases of 4 to 12, weights, prices, customs codes and case tare; returned in id order.
pub async fn products(
    db: &DatabaseConnection,
    producers: &[entity::ProducerId],
    n: usize,
) -> anyhow::Result<Vec<entity::product::Model>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
    let now = chrono::Utc::now();
    let Some(first) = producers.first() else {
        anyhow::bail!("no producer for the products");
    };
    let rows: Vec<entity::product::ActiveModel> = (0..n)
        .map(|i| entity::product::ActiveModel {
            producer_id: Set(producers
                .get(i % producers.len())
                .copied()
                .unwrap_or(*first)),
            name: Set([("fr", format!("Produit {i}"))].into_iter().collect()),
            description: Set(entity::I18nText::default()),
            sort_name: Set(format!("produit {i:03}")),
            category: Set("oils".into()),
            unit: Set("250 ml".into()),
            case_size: Set([6, 12, 4, 10][i % 4]),
            min_cases: Set(1),
            weight_grams: Set(250 + (i as i32 % 5) * 100),
            price_cents: Set(passerelle::money::Cents(450 + (i as i64 * 137) % 2000)),
            vat_rate_bp: Set(if i % 5 == 0 { 2100 } else { 600 }),
            stock: Set(None),
            hs_code: Set(Some(format!("1515{:02}", i % 100))),
            case_tare_grams: Set(Some(300 + (i as i32 % 3) * 100)),
            search_text: Set(format!("produit {i}")),
            archived_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    entity::product::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(entity::product::Entity::find()
        .filter(entity::product::Column::ProducerId.is_in(producers.to_vec()))
        .filter(entity::product::Column::SearchText.starts_with("produit "))
        .order_by_asc(entity::product::Column::Id)
        .all(db)
        .await?)
}

/// `n` verified households (`household<i>@bench.test`, in the four languages in turn) with
/// this password hash, written directly; returned in id order.
pub async fn households(
    db: &DatabaseConnection,
    n: usize,
    password_hash: &str,
) -> anyhow::Result<Vec<entity::user::Model>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
    let now = chrono::Utc::now();
    let users: Vec<entity::user::ActiveModel> = (0..n)
        .map(|i| entity::user::ActiveModel {
            email: Set(format!("household{i}@bench.test")),
            display_name: Set(format!("Ménage {i}")),
            password_hash: Set(password_hash.to_owned()),
            locale: Set(["fr", "nl", "en", "ar"][i % 4].into()),
            email_verified_at: Set(Some(now)),
            session_epoch: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in users.chunks(500) {
        entity::user::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(entity::user::Entity::find()
        .filter(entity::user::Column::Email.ends_with("@bench.test"))
        .order_by_asc(entity::user::Column::Id)
        .all(db)
        .await?)
}

/// `users` made members of `group` (their grants written directly).
pub async fn join_group(
    db: &DatabaseConnection,
    users: &[entity::user::Model],
    group: &entity::consumer_group::Model,
) -> anyhow::Result<()> {
    use sea_orm::{EntityTrait, Set};
    let now = chrono::Utc::now();
    let grants: Vec<entity::role_assignment::ActiveModel> = users
        .iter()
        .map(|u| entity::role_assignment::ActiveModel {
            user_id: Set(u.id),
            role: Set("group_member".into()),
            scope_type: Set("group".into()),
            scope_id: Set(group.id.get()),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in grants.chunks(1000) {
        entity::role_assignment::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The numbers given on the command line (`cargo bench --bench x -- 20 500`), in order.
pub fn numbers() -> Vec<usize> {
    std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect()
}

/// The demo's group of Jette - Sidi Bibi.
pub async fn demo_group(db: &DatabaseConnection) -> anyhow::Result<entity::consumer_group::Model> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::consumer_group::Entity::find()
        .filter(entity::consumer_group::Column::Slug.eq("gac-jette"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo group"))
}
