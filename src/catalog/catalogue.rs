//! The public catalogue: approved producers' products filtered, searched (full text) and paged
//! in a fixed number of queries whatever the size, each read from an index (see [`super::listing`]);
//! product and producer pages.

use entity::producer::ProducerStatus;
use std::collections::HashMap;
use std::sync::Arc;

use entity::{photo, producer, product, territory, user};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::cache::{CatalogCache, Choices, Results};
use super::cursor::{Cursor, Position, Sort};
use super::domain::search_terms;
pub use super::listed::*;
use super::listing::{self, COUNT_LIMIT, ProducerRow};
use super::service::{ProducerFull, can_manage, full};
use crate::accounts::service as accounts;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
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
    /// 1-based page number: the rows of the pages before it are walked over (in the sort
    /// order's index), so a deep page costs more; follow `next` (`after=`) to page at a
    /// constant cost.
    pub page: Option<u64>,
    /// At most 100 (default 24).
    pub per_page: Option<u64>,
    /// The page after this cursor (a list's `next`); takes precedence over `page`.
    pub after: String,
    /// The page before this cursor (a list's `prev`).
    pub before: String,
}

impl CatalogQuery {
    pub fn page(&self) -> u64 {
        crate::web::pagination::page_number(self.page)
    }

    pub fn per_page(&self) -> u64 {
        crate::web::pagination::page_size(self.per_page, 24)
    }

    pub fn sort(&self) -> Sort {
        Sort::parse(&self.sort)
    }

    /// Which rows are asked for; a cursor that is not one of this sort order's is refused.
    pub fn position(&self) -> AppResult<Position> {
        let cursor = |field: &str, text: &str| {
            Cursor::decode(text, self.sort()).ok_or_else(|| {
                AppError::Validation(FieldErrors::single(field, FieldError::new("cursor")))
            })
        };
        match (self.after.trim(), self.before.trim()) {
            ("", "") => Ok(Position::Page(self.page())),
            (after, "") => cursor("after", after).map(Position::After),
            ("", before) => cursor("before", before).map(Position::Before),
            _ => Err(AppError::Validation(FieldErrors::single(
                "before",
                FieldError::new("cursor"),
            ))),
        }
    }

    /// The filters in a canonical form: the key their count is kept by.
    pub fn filter_key(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}",
            search_terms(&self.q).join(" "),
            self.partnership.trim(),
            self.territory.trim(),
            self.category.trim(),
            self.label.trim(),
        )
    }

    /// The query in a canonical form, as a cache key.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}",
            self.filter_key(),
            self.sort().code(),
            self.page(),
            self.per_page(),
            self.after.trim(),
            self.before.trim(),
        )
    }
}

/// One page of the catalogue and the number of products matching, through the cache (two
/// statements whatever the number of products and the page's depth: the count, and the page
/// with its producers, partnerships and photos). The count is kept by the filters alone, so that
/// paging (or sorting) does not count again. A search not counted yet is counted by its page's
/// statement ([`listing::counts_with_page`]).
pub async fn search_cached(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    q: &CatalogQuery,
    descriptions: bool,
) -> AppResult<Results> {
    let position = q.position()?;
    let generation = cache.generation();
    let count_key = q.filter_key();
    let key = format!("{}|{descriptions}", q.key());
    let (total, paged) = match cache.counts.get(&count_key).await {
        Some(total) => (total, None),
        None if listing::counts_with_page(q) => {
            let (total, paged) = counted_page(db, q, &position, descriptions).await?;
            cache.counts.insert(count_key.clone(), total).await;
            (total, paged.map(Arc::new))
        }
        None => {
            let total = cache
                .counts
                .try_get_with(count_key.clone(), count(db, q))
                .await
                .map_err(AppError::shared)?;
            (total, None)
        }
    };
    let results = match paged {
        Some(results) => {
            cache.results.insert(key.clone(), results.clone()).await;
            results
        }
        None => cache
            .results
            .try_get_with(key.clone(), async {
                page(db, q, &position, total, descriptions)
                    .await
                    .map(Arc::new)
            })
            .await
            .map_err(AppError::shared)?,
    };
    cache.drop_if_stale(Some(&key), generation).await;
    cache.drop_count_if_stale(&count_key, generation).await;
    Ok(results)
}

/// A search counted by its page's statement ([`listing::counted_page_statement`]): the count,
/// and the page when the words keep up to [`COUNT_LIMIT`] products (past it, the page is read
/// by walking the sort order: [`page`]).
async fn counted_page(
    db: &DatabaseConnection,
    q: &CatalogQuery,
    position: &Position,
    descriptions: bool,
) -> AppResult<(Total, Option<CataloguePage>)> {
    let statement = listing::counted_page_statement(
        db.get_database_backend(),
        q,
        position,
        q.per_page(),
        descriptions,
    );
    let rows = PageRow::find_by_statement(statement).all(db).await?;
    let total = match rows.first().and_then(|r| r.counted) {
        Some(n) => {
            let n = n.max(0) as u64;
            Total {
                n,
                exact: n <= COUNT_LIMIT,
            }
        }
        // No row on the first page: nothing matches.
        None if matches!(position, Position::Page(1)) => Total { n: 0, exact: true },
        // No row further on: past the last page; the count says how far the matches go.
        None => return Ok((count(db, q).await?, None)),
    };
    if !total.exact {
        return Ok((total, None));
    }
    Ok((total, Some(assemble(q, position, total, rows))))
}

/// How many products the filters keep, counted up to [`COUNT_LIMIT`] + 1.
pub async fn count(db: &DatabaseConnection, q: &CatalogQuery) -> AppResult<Total> {
    #[derive(FromQueryResult)]
    struct Count {
        n: i64,
    }
    let n = Count::find_by_statement(listing::count_statement(db.get_database_backend(), q))
        .one(db)
        .await?
        .map_or(0, |c| c.n.max(0) as u64);
    Ok(Total {
        n,
        exact: n <= COUNT_LIMIT,
    })
}

async fn page(
    db: &DatabaseConnection,
    q: &CatalogQuery,
    position: &Position,
    total: Total,
    descriptions: bool,
) -> AppResult<CataloguePage> {
    if total.n == 0 {
        return Ok(assemble(q, position, total, Vec::new()));
    }
    let statement = listing::page_statement(
        db.get_database_backend(),
        q,
        position,
        q.per_page(),
        descriptions,
        !total.exact,
    );
    let rows = PageRow::find_by_statement(statement).all(db).await?;
    Ok(assemble(q, position, total, rows))
}

/// The page at `position` from the rows read for it (one more than a page tells whether more
/// follow in the direction read), with its cursors.
fn assemble(
    q: &CatalogQuery,
    position: &Position,
    total: Total,
    mut rows: Vec<PageRow>,
) -> CataloguePage {
    let (sort, per_page) = (q.sort(), q.per_page());
    let mut number = position.page();
    let more = rows.len() as u64 > per_page;
    rows.truncate(per_page as usize);
    let backwards = listing::read_backwards(position);
    if backwards {
        rows.reverse();
    }
    let (has_prev, has_next) = match position {
        Position::Page(n) => (*n > 1, more),
        Position::After(_) => (true, more),
        Position::Before(_) => (more, true),
    };
    if backwards && !more {
        number = 1;
    }
    let cursor = |row: &PageRow, page: u64| Cursor {
        sort,
        key: row.product.key(sort),
        id: row.product.id.get(),
        page: page.clamp(1, crate::web::pagination::MAX_PAGE),
    };
    let prev = rows
        .first()
        .filter(|_| has_prev)
        .map(|p| cursor(p, number.saturating_sub(1)));
    let next = rows
        .last()
        .filter(|_| has_next)
        .map(|p| cursor(p, number + 1));
    CataloguePage {
        items: rows.into_iter().map(PageRow::item).collect(),
        total,
        page: number,
        prev,
        next,
    }
}

/// A row of [`listing::page_statement`]: a product, its producer and partnership, its first
/// photo (and of [`listing::counted_page_statement`], how many products the filters keep).
struct PageRow {
    product: ListedProduct,
    producer: ProducerRow,
    photo: Option<String>,
    counted: Option<i64>,
}

impl FromQueryResult for PageRow {
    fn from_query_result(row: &sea_orm::QueryResult, pre: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(PageRow {
            product: ListedProduct::from_query_result(row, pre)?,
            producer: ProducerRow::from_query_result(row, &format!("{pre}pr_"))?,
            photo: row.try_get(pre, "photo")?,
            counted: row.try_get(pre, "counted")?,
        })
    }
}

impl PageRow {
    fn item(self) -> CatalogItem {
        let p = self.producer;
        CatalogItem {
            photo: self.photo,
            producer: ListedProducer {
                id: entity::ProducerId(p.id),
                slug: p.slug,
                name: p.name,
                women_led: p.women_led,
                labels: p.labels.0,
            },
            partnership: ListedPartnership {
                slug: p.partnership_slug,
                name: p.partnership_name,
                transport_bp: p.transport_bp,
                costs_bp: p.costs_bp,
                fund_bp: p.fund_bp,
            },
            product: self.product,
        }
    }
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
            product: (&prod).into(),
            producer: (&producer).into(),
            partnership: (&partnership).into(),
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
    let full = full(db, p).await?;
    let ids: Vec<i64> = products.iter().map(|p| p.id.get()).collect();
    let first = first_photos(db, OwnerKind::Product, &ids).await?;
    let items = products
        .iter()
        .map(|prod| CatalogItem {
            photo: first.get(&prod.id.get()).cloned(),
            product: prod.into(),
            producer: (&full.producer).into(),
            partnership: (&full.partnership).into(),
        })
        .collect();
    Ok(ProducerPage {
        full,
        items,
        photos,
        members,
    })
}

/// A choice of the catalogue's partnership or territory filter: its slug and its name.
#[derive(Clone, Debug, FromQueryResult)]
pub struct FilterChoice {
    /// 0: a partnership, 1: a territory.
    pub kind: i32,
    pub slug: String,
    pub name: String,
}

/// Partnerships and territories that have approved producers, for the catalogue's filters,
/// each by name (one statement).
pub async fn filter_choices(
    db: &DatabaseConnection,
) -> AppResult<(Vec<FilterChoice>, Vec<FilterChoice>)> {
    let statement = sea_orm::Statement::from_string(
        db.get_database_backend(),
        "SELECT 0 AS kind, slug, name FROM partnerships \
         WHERE id IN (SELECT partnership_id FROM producers WHERE status = 'approved') \
         UNION ALL SELECT 1 AS kind, slug, name FROM territories \
         WHERE id IN (SELECT territory_id FROM producers WHERE status = 'approved') \
         ORDER BY kind, name",
    );
    let (partnerships, territories) = FilterChoice::find_by_statement(statement)
        .all(db)
        .await?
        .into_iter()
        .partition(|c| c.kind == 0);
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
