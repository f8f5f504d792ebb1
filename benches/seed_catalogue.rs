//! Seeds a Passerelle database for the catalogue benchmark: the demo, then N products spread
//! over the demo producers, with realistic names, descriptions, categories and prices.
//!
//!   cargo bench --bench seed_catalogue -- <products>     (uses DATABASE_URL / PASSERELLE_DATA_DIR)

use chrono::Utc;
use passerelle::catalog::domain::{CATEGORIES, normalize};
use passerelle::catalog::service::search_text;
use passerelle::config::Config;
use passerelle::money::Cents;
use sea_orm::{EntityTrait, Set};

const WORDS: [&str; 24] = [
    "argan", "amande", "miel", "thym", "safran", "datte", "figue", "olive", "couscous", "cumin",
    "menthe", "verveine", "rose", "savon", "tapis", "poterie", "henné", "nigelle", "caroube",
    "noix", "sésame", "orge", "fenouil", "lavande",
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let config = Config::from_env().map_err(|e| anyhow::anyhow!("{e}"))?;
    let db = passerelle::db::connect(&config).await?;
    passerelle::db::migrate(&db).await?;
    passerelle::demo::load_if_empty(&db, &config, Utc::now()).await?;
    let producers = entity::producer::Entity::find().all(&db).await?;
    anyhow::ensure!(
        !producers.is_empty(),
        "no producers: seed an empty database"
    );
    let now = Utc::now();
    let mut batch = Vec::with_capacity(500);
    for i in 0..n {
        let producer = &producers[i % producers.len()];
        let (a, b) = (
            WORDS[i % WORDS.len()],
            WORDS[(i / WORDS.len() + i * 7) % WORDS.len()],
        );
        let name: entity::I18nText = [
            ("fr", format!("{} et {} n°{i}", capitalize(a), b)),
            ("en", format!("{a} and {b} no. {i}")),
        ]
        .into_iter()
        .collect();
        let description: entity::I18nText = [(
            "fr",
            format!("Produit artisanal de {} : {a}, {b}.", producer.name),
        )]
        .into_iter()
        .collect();
        let unit = if i % 3 == 0 {
            "pot de 250 g"
        } else {
            "sachet de 500 g"
        };
        batch.push(entity::product::ActiveModel {
            producer_id: Set(producer.id),
            search_text: Set(search_text(
                &name,
                &description,
                &[("fr", unit)].into_iter().collect(),
                &producer.name,
            )),
            sort_name: Set(normalize(name.pick("fr"))),
            name: Set(name),
            description: Set(description),
            category: Set(CATEGORIES[i % CATEGORIES.len()].to_owned()),
            unit: Set(unit.to_owned()),
            unit_i18n: Set([("fr", unit)].into_iter().collect()),
            case_size: Set([6, 10, 12, 20][i % 4]),
            min_cases: Set(1),
            weight_grams: Set(300 + (i % 7) as i32 * 100),
            price_cents: Set(Cents(300 + (i as i64 * 37) % 4000)),
            vat_rate_bp: Set(if i % 5 == 0 { 2100 } else { 600 }),
            stock: Set((i % 4 != 0).then_some(100)),
            archived_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        if batch.len() == 500 {
            entity::product::Entity::insert_many(std::mem::take(&mut batch))
                .exec(&db)
                .await?;
        }
    }
    if !batch.is_empty() {
        entity::product::Entity::insert_many(batch)
            .exec(&db)
            .await?;
    }
    println!("seeded {n} products over {} producers", producers.len());
    Ok(())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
