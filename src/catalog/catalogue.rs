//! The public catalogue: approved producers' products filtered, searched (full text) and paged
//! in a fixed number of queries whatever the size; product and producer pages.

use entity::producer::ProducerStatus;
use std::collections::HashMap;
use std::sync::Arc;

use entity::{partnership, photo, producer, product, territory, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::cache::{CatalogCache, Choices, Results};
use super::domain::{self, fts5_query, search_terms, tsquery};
use super::service::{ProducerFull, can_manage, full};
use crate::accounts::service as accounts;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::media::photo_rows::{first_photos, photo_counts, photos_of};
use crate::media::{OwnerKind, PhotoOwner};
use crate::security::{AuthUser, Role};

pub const SORTS: [&str; 4] = ["name", "price_asc", "price_desc", "newest"];

#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct CatalogQuery {
    /// Words to find in product names and descriptions and producer names.
    pub q: String,
    /// Partnership slug.
    pub partnership: String,
    /// Territory slug.
    pub territory: String,
    pub category: String,
    pub label: String,
    /// name (default), price_asc, price_desc or newest.
    pub sort: String,
    pub page: Option<u64>,
    /// At most 100 (default 24).
    pub per_page: Option<u64>,
}

impl CatalogQuery {
    pub fn page(&self) -> u64 {
        crate::web::pagination::page_number(self.page)
    }

    pub fn per_page(&self) -> u64 {
        crate::web::pagination::page_size(self.per_page, 24)
    }
}

/// One product of the catalogue with what its card shows.
#[derive(Clone, Debug)]
pub struct CatalogItem {
    pub product: product::Model,
    pub producer: producer::Model,
    pub partnership: partnership::Model,
    /// The first photo's file key.
    pub photo: Option<String>,
}

impl CatalogItem {
    pub fn breakdown(&self) -> domain::PriceBreakdown {
        domain::price_breakdown(
            self.product.price_cents,
            self.product.vat_rate_bp,
            self.partnership.transport_bp,
            self.partnership.costs_bp,
            self.partnership.fund_bp,
        )
    }
}

/// A custom SQL condition with one bound value: `{}` marks where the value goes
/// (sea-query wants `$1` on PostgreSQL and `?` elsewhere).
fn bound(backend: DbBackend, sql: &str, value: String) -> sea_orm::sea_query::Expr {
    let placeholder = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    Expr::cust_with_values(sql.replace("{}", placeholder), [value])
}

fn filtered(backend: DbBackend, q: &CatalogQuery) -> sea_orm::Select<product::Entity> {
    let mut sel = product::Entity::find()
        .filter(product::Column::ArchivedAt.is_null())
        .filter(producer::Column::Status.eq(ProducerStatus::Approved));
    if !q.partnership.trim().is_empty() {
        sel = sel.filter(bound(
            backend,
            "producers.partnership_id IN (SELECT id FROM partnerships WHERE slug = {})",
            q.partnership.trim().to_owned(),
        ));
    }
    if !q.territory.trim().is_empty() {
        sel = sel.filter(bound(
            backend,
            "producers.territory_id IN (SELECT id FROM territories WHERE slug = {})",
            q.territory.trim().to_owned(),
        ));
    }
    if !q.category.trim().is_empty() {
        sel = sel.filter(product::Column::Category.eq(q.category.trim()));
    }
    if !q.label.trim().is_empty() {
        let label = q.label.trim().to_owned();
        sel = sel.filter(match backend {
            DbBackend::Postgres => bound(
                backend,
                "producers.labels @> {}::jsonb",
                serde_json::json!([label]).to_string(),
            ),
            _ => bound(
                backend,
                "EXISTS (SELECT 1 FROM json_each(producers.labels) WHERE value = {})",
                label,
            ),
        });
    }
    let terms = search_terms(&q.q);
    if !terms.is_empty() {
        sel = sel.filter(match backend {
            DbBackend::Postgres => bound(
                backend,
                "to_tsvector('simple', products.search_text) @@ to_tsquery('simple', {})",
                tsquery(&terms),
            ),
            _ => bound(
                backend,
                "products.id IN (SELECT rowid FROM product_search WHERE product_search MATCH {})",
                fts5_query(&terms),
            ),
        });
    }
    sel
}

impl CatalogQuery {
    /// The query in a canonical form, as a cache key.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            search_terms(&self.q).join(" "),
            self.partnership.trim(),
            self.territory.trim(),
            self.category.trim(),
            self.label.trim(),
            self.sort,
            self.page(),
            self.per_page()
        )
    }
}

/// [`search`] through the cache.
pub async fn search_cached(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    q: &CatalogQuery,
) -> AppResult<Results> {
    let (key, generation) = (q.key(), cache.generation());
    let results = cache
        .results
        .try_get_with(key.clone(), async { search(db, q).await.map(Arc::new) })
        .await
        .map_err(AppError::shared)?;
    cache.drop_if_stale(Some(&key), generation).await;
    Ok(results)
}

/// One page of the catalogue and the number of products matching (four queries whatever the
/// number of products: count, page with producers, partnerships, photos).
pub async fn search(
    db: &DatabaseConnection,
    q: &CatalogQuery,
) -> AppResult<(Vec<CatalogItem>, u64)> {
    let backend = db.get_database_backend();
    let total = filtered(backend, q)
        .inner_join(producer::Entity)
        .count(db)
        .await?;
    if total == 0 {
        return Ok((Vec::new(), 0));
    }
    let mut page = filtered(backend, q).find_also_related(producer::Entity);
    page = match q.sort.as_str() {
        "price_asc" => page.order_by_asc(product::Column::PriceCents),
        "price_desc" => page.order_by_desc(product::Column::PriceCents),
        "newest" => page.order_by_desc(product::Column::CreatedAt),
        _ => page.order_by_asc(product::Column::SortName),
    }
    .order_by_asc(product::Column::Id);
    let rows = page
        .offset(crate::web::pagination::offset(q.page(), q.per_page()))
        .limit(q.per_page())
        .all(db)
        .await?;
    let items = attach(
        db,
        rows.into_iter()
            .filter_map(|(p, prod)| prod.map(|prod| (p, prod)))
            .collect(),
    )
    .await?;
    Ok((items, total))
}

/// Adds partnerships and first photos to (product, producer) pairs: two queries.
async fn attach(
    db: &DatabaseConnection,
    rows: Vec<(product::Model, producer::Model)>,
) -> AppResult<Vec<CatalogItem>> {
    let mut partnership_ids: Vec<entity::PartnershipId> =
        rows.iter().map(|(_, p)| p.partnership_id).collect();
    partnership_ids.sort_unstable();
    partnership_ids.dedup();
    let partnerships: HashMap<entity::PartnershipId, partnership::Model> =
        partnership::Entity::find()
            .filter(partnership::Column::Id.is_in(partnership_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let product_ids: Vec<i64> = rows.iter().map(|(p, _)| p.id.get()).collect();
    let photos = first_photos(db, OwnerKind::Product, &product_ids).await?;
    rows.into_iter()
        .map(|(product, producer)| {
            let partnership = partnerships
                .get(&producer.partnership_id)
                .cloned()
                .ok_or_else(|| {
                    AppError::Unexpected(anyhow::anyhow!(
                        "producer {} lost its partnership",
                        producer.id
                    ))
                })?;
            Ok(CatalogItem {
                photo: photos.get(&product.id.get()).cloned(),
                product,
                producer,
                partnership,
            })
        })
        .collect()
}

/// A product page: visible to everyone when listed; archived or unapproved only to its
/// producer's members and coordinators.
pub struct ProductPage {
    pub item: CatalogItem,
    pub territory: territory::Model,
    pub photos: Vec<photo::Model>,
}

pub async fn product_page(
    db: &DatabaseConnection,
    viewer: Option<&AuthUser>,
    id: entity::ProductId,
) -> AppResult<ProductPage> {
    let (prod, producer) = product::Entity::find_by_id(id)
        .find_also_related(producer::Entity)
        .one(db)
        .await?
        .and_then(|(p, pr)| pr.map(|pr| (p, pr)))
        .ok_or(AppError::NotFound)?;
    let listed = producer.status == ProducerStatus::Approved && prod.archived_at.is_none();
    if !listed && !can_manage(viewer, &producer) {
        return Err(AppError::NotFound);
    }
    let photos = photos_of(db, PhotoOwner::Product(prod.id.get())).await?;
    let ProducerFull {
        producer,
        partnership,
        territory,
    } = full(db, producer).await?;
    Ok(ProductPage {
        item: CatalogItem {
            photo: photos.first().map(|p| p.file_key.clone()),
            product: prod,
            producer,
            partnership,
        },
        territory,
        photos,
    })
}

/// A producer's public page with its listed products.
pub struct ProducerPage {
    pub full: ProducerFull,
    pub items: Vec<CatalogItem>,
    pub photos: Vec<photo::Model>,
    pub members: Vec<user::Model>,
}

/// [`filter_choices`] through the cache.
pub async fn filter_choices_cached(
    db: &DatabaseConnection,
    cache: &CatalogCache,
) -> AppResult<Choices> {
    let generation = cache.generation();
    let choices = cache
        .choices
        .try_get_with((), async { filter_choices(db).await.map(Arc::new) })
        .await
        .map_err(AppError::shared)?;
    cache.drop_if_stale(None, generation).await;
    Ok(choices)
}

pub async fn producer_page(
    db: &DatabaseConnection,
    viewer: Option<&AuthUser>,
    slug: &str,
) -> AppResult<ProducerPage> {
    let p = producer::Entity::find()
        .filter(producer::Column::Slug.eq(slug))
        .one_or_404(db)
        .await?;
    if p.status != ProducerStatus::Approved && !can_manage(viewer, &p) {
        return Err(AppError::NotFound);
    }
    let products = product::Entity::find()
        .filter(product::Column::ProducerId.eq(p.id))
        .filter(product::Column::ArchivedAt.is_null())
        .order_by_asc(product::Column::SortName)
        .all(db)
        .await?;
    let photos = photos_of(db, PhotoOwner::Producer(p.id.get())).await?;
    let members = if can_manage(viewer, &p) {
        accounts::holders(db, Role::ProducerMember, &[p.id.get()])
            .await?
            .into_iter()
            .map(|(_, u)| u)
            .collect()
    } else {
        Vec::new()
    };
    let items = attach(
        db,
        products.into_iter().map(|prod| (prod, p.clone())).collect(),
    )
    .await?;
    Ok(ProducerPage {
        full: full(db, p).await?,
        items,
        photos,
        members,
    })
}

/// Partnerships and territories that have approved producers, for the catalogue's filters.
pub async fn filter_choices(
    db: &DatabaseConnection,
) -> AppResult<(Vec<partnership::Model>, Vec<territory::Model>)> {
    let partnerships = partnership::Entity::find()
        .filter(Expr::cust(
            "partnerships.id IN (SELECT partnership_id FROM producers WHERE status = 'approved')",
        ))
        .order_by_asc(partnership::Column::Name)
        .all(db)
        .await?;
    let territories = territory::Entity::find()
        .filter(Expr::cust(
            "territories.id IN (SELECT territory_id FROM producers WHERE status = 'approved')",
        ))
        .order_by_asc(territory::Column::Name)
        .all(db)
        .await?;
    Ok((partnerships, territories))
}

/// Photos and listed products of each producer (two grouped queries whatever the number):
/// what a profile still lacks is read from them.
pub async fn profile_counts(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> AppResult<HashMap<i64, (u64, u64)>> {
    let mut out: HashMap<i64, (u64, u64)> = ids.iter().map(|id| (*id, (0, 0))).collect();
    if ids.is_empty() {
        return Ok(out);
    }
    for (id, n) in photo_counts(db, OwnerKind::Producer, ids.iter().copied()).await? {
        out.entry(id).or_default().0 = n;
    }
    let products: Vec<(i64, i64)> = product::Entity::find()
        .select_only()
        .column(product::Column::ProducerId)
        .column_as(product::Column::Id.count(), "n")
        .filter(product::Column::ProducerId.is_in(ids.iter().copied()))
        .filter(product::Column::ArchivedAt.is_null())
        .group_by(product::Column::ProducerId)
        .into_tuple()
        .all(db)
        .await?;
    for (id, n) in products {
        out.entry(id).or_default().1 = n as u64;
    }
    Ok(out)
}
