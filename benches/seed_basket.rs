//! Seeds a Passerelle database for the basket benchmark (`benches/basket.sh`): the demo, then
//! N verified households in the demo group of Jette - Sidi Bibi (`household<i>@bench.test`,
//! password `bench password`), its open campaign's products with stock enough for every ask.
//! Prints `campaign=<id>` and `products=<id,id,...>` for the script.
//!
//!   cargo bench --bench seed_basket -- <households>     (uses DATABASE_URL / PASSERELLE_DATA_DIR)

mod support;

use chrono::Utc;
use passerelle::config::Config;
use passerelle::group_orders::domain::State;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n = support::numbers().first().copied().unwrap_or(64);
    let config = Config::from_env().map_err(|e| anyhow::anyhow!("{e}"))?;
    let db = passerelle::db::connect(&config).await?;
    passerelle::db::migrate(&db).await?;
    passerelle::demo::load_if_empty(&db, &config, Utc::now()).await?;
    let group = support::demo_group(&db).await?;
    let campaign = entity::campaign::Entity::find()
        .filter(entity::campaign::Column::GroupId.eq(group.id))
        .filter(entity::campaign::Column::State.eq(State::Open))
        .one(&db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo group's open campaign"))?;
    let hash = passerelle::accounts::service::hash_password("bench password".into())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let households = support::households(&db, n, &hash).await?;
    support::join_group(&db, &households, &group).await?;
    let offered = entity::campaign_product::Entity::find()
        .filter(entity::campaign_product::Column::CampaignId.eq(campaign.id))
        .all(&db)
        .await?;
    // The stock is still checked on every ask, but never refuses one.
    entity::product::Entity::update_many()
        .col_expr(
            entity::product::Column::Stock,
            sea_orm::sea_query::Expr::value(Some(1_000_000)),
        )
        .filter(entity::product::Column::Id.is_in(offered.iter().map(|p| p.product_id)))
        .filter(entity::product::Column::Stock.is_not_null())
        .exec(&db)
        .await?;
    println!("campaign={}", campaign.id.get());
    let ids: Vec<String> = offered
        .iter()
        .map(|p| p.product_id.get().to_string())
        .collect();
    println!("products={}", ids.join(","));
    Ok(())
}
