//! Producers (approved by their partnership's coordinators), their products, and the public
//! catalogue: filters, full-text search, a fixed number of queries whatever the size.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use entity::{partnership, photo, producer, product, territory, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::cache::{CatalogCache, Choices, Results};
use super::domain::{
    self, APPROVED, PENDING, REJECTED, fts5_query, normalize, search_terms, tsquery,
};
use super::input::{NewProducer, NewProduct, Shares};
use crate::accounts::domain::{AuthUser, Grant, Role};
use crate::accounts::service as accounts;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::web::i18n::Lang;

/// A producer with its partnership and territory.
#[derive(Clone, Debug)]
pub struct ProducerFull {
    pub producer: producer::Model,
    pub partnership: partnership::Model,
    pub territory: territory::Model,
}

fn invalid(field: &str, code: &str) -> AppError {
    AppError::Validation(FieldErrors::single(field, FieldError::new(code)))
}

/// Who may see a producer that is not approved: its members, its coordinators, admins.
fn can_manage(actor: Option<&AuthUser>, p: &producer::Model) -> bool {
    actor.is_some_and(|a| {
        a.holds(Role::ProducerMember, p.id) || a.coordinates_partnership(p.partnership_id)
    })
}

/// What someone without the right gets: 403 when they may know the producer exists (its
/// coordinators, its members), 404 otherwise.
fn refusal(actor: &AuthUser, p: &producer::Model) -> AppError {
    if can_manage(Some(actor), p) {
        AppError::Forbidden
    } else {
        AppError::NotFound
    }
}

fn is_member(actor: &AuthUser, producer_id: i64) -> bool {
    actor.is_admin() || actor.holds(Role::ProducerMember, producer_id)
}

async fn full(db: &impl ConnectionTrait, p: producer::Model) -> AppResult<ProducerFull> {
    let partnership = partnership::Entity::find_by_id(p.partnership_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::Unexpected(anyhow::anyhow!("producer {} lost its partnership", p.id))
        })?;
    let territory = territory::Entity::find_by_id(p.territory_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::Unexpected(anyhow::anyhow!("producer {} lost its territory", p.id))
        })?;
    Ok(ProducerFull {
        producer: p,
        partnership,
        territory,
    })
}

/// Finds the partnership and territory named by a new producer and checks they go together:
/// the territory is in the partnership's partner country.
async fn place(
    db: &impl ConnectionTrait,
    p: &NewProducer,
) -> AppResult<(partnership::Model, territory::Model)> {
    let partnership = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(p.partnership.as_str()))
        .one(db)
        .await?;
    let territory = territory::Entity::find()
        .filter(territory::Column::Slug.eq(p.territory.as_str()))
        .one(db)
        .await?;
    let mut errors = FieldErrors::new();
    if partnership.is_none() {
        errors.add("partnership", FieldError::new("unknown-partnership"));
    }
    if territory.is_none() {
        errors.add("territory", FieldError::new("unknown-territory"));
    }
    let (Some(partnership), Some(territory)) = (partnership, territory) else {
        return Err(AppError::Validation(errors));
    };
    let partner = territory::Entity::find_by_id(partnership.partner_territory_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if territory.country != partner.country {
        return Err(invalid("territory", "territory-not-partner"));
    }
    Ok((partnership, territory))
}

/// Creates a producer profile, pending approval; its creator becomes a member.
pub async fn create_producer(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    p: NewProducer,
    now: DateTime<Utc>,
) -> AppResult<ProducerFull> {
    let txn = crate::db::begin_write(db).await?;
    let (partnership, territory) = place(&txn, &p).await?;
    let slug =
        crate::db::free_slug::<producer::Entity>(&txn, producer::Column::Slug, p.slug.as_str())
            .await?;
    let model = producer::ActiveModel {
        slug: Set(slug),
        name: Set(p.name),
        kind: Set(p.kind),
        partnership_id: Set(partnership.id),
        territory_id: Set(territory.id),
        description: Set(p.description),
        odco_number: Set(p.odco_number),
        women_led: Set(p.women_led),
        labels: Set(producer::Labels(p.labels)),
        contact_email: Set(p.contact_email),
        contact_phone: Set(p.contact_phone),
        status: Set(PENDING.to_owned()),
        review_note: Set(None),
        reviewed_at: Set(None),
        reviewed_by: Set(None),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    accounts::grant(
        &txn,
        actor.id,
        Grant::new(Role::ProducerMember, model.id),
        now,
    )
    .await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(ProducerFull {
        producer: model,
        partnership,
        territory,
    })
}

/// Members change their profile; the partnership and territory stay those it was approved for.
pub async fn update_producer(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    id: i64,
    p: NewProducer,
    now: DateTime<Utc>,
) -> AppResult<ProducerFull> {
    let txn = crate::db::begin_write(db).await?;
    let existing = producer::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_member(actor, id) {
        return Err(refusal(actor, &existing));
    }
    let current = full(&txn, existing).await?;
    if p.partnership != current.partnership.slug || p.territory != current.territory.slug {
        return Err(invalid("partnership", "fixed-after-creation"));
    }
    let renamed = p.name != current.producer.name;
    let mut active: producer::ActiveModel = current.producer.clone().into();
    active.name = Set(p.name);
    active.kind = Set(p.kind);
    active.description = Set(p.description);
    active.odco_number = Set(p.odco_number);
    active.women_led = Set(p.women_led);
    active.labels = Set(producer::Labels(p.labels));
    active.contact_email = Set(p.contact_email);
    active.contact_phone = Set(p.contact_phone);
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    if renamed {
        // The producer's name is part of its products' search text.
        for prod in product::Entity::find()
            .filter(product::Column::ProducerId.eq(id))
            .all(&txn)
            .await?
        {
            let text = search_text(
                &prod.name,
                &prod.description,
                &unit_texts(&prod),
                &model.name,
            );
            let mut a: product::ActiveModel = prod.into();
            a.search_text = Set(text);
            a.update(&txn).await?;
        }
    }
    txn.commit().await?;
    cache.invalidate();
    Ok(ProducerFull {
        producer: model,
        ..current
    })
}

#[derive(Clone, Debug)]
pub enum Review {
    Approve,
    Reject(String),
}

#[derive(Serialize)]
struct ReviewMail<'a> {
    producer: &'a str,
    partnership: &'a str,
    note: &'a str,
    link: &'a str,
}

/// The partnership's coordinators (or an admin) approve or reject a producer; its members are
/// emailed either way, in the same transaction.
pub async fn review_producer(
    db: &DatabaseConnection,
    mailer: &Mailer,
    cache: &CatalogCache,
    actor: &AuthUser,
    id: i64,
    review: Review,
    now: DateTime<Utc>,
) -> AppResult<ProducerFull> {
    let txn = crate::db::begin_write(db).await?;
    let existing = producer::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.coordinates_partnership(existing.partnership_id) {
        return Err(refusal(actor, &existing));
    }
    let (status, note, template) = match &review {
        Review::Approve => (APPROVED, None, MailTemplate::ProducerApproved),
        Review::Reject(note) => (REJECTED, Some(note.clone()), MailTemplate::ProducerRejected),
    };
    let mut active: producer::ActiveModel = existing.into();
    active.status = Set(status.to_owned());
    active.review_note = Set(note.clone());
    active.reviewed_at = Set(Some(now));
    active.reviewed_by = Set(Some(actor.id));
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    let current = full(&txn, model).await?;
    let link = mailer.link(&format!("/producer/{}", current.producer.id));
    for (_, member) in accounts::holders(&txn, Role::ProducerMember, &[id]).await? {
        let mail = ReviewMail {
            producer: &current.producer.name,
            partnership: &current.partnership.name,
            note: note.as_deref().unwrap_or(""),
            link: &link,
        };
        let lang = Lang::parse(&member.locale).unwrap_or(Lang::Fr);
        outbox::queue(
            &txn,
            mailer,
            OutgoingEmail::new(template, lang, &member.email, &member.display_name, mail),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    cache.invalidate();
    Ok(current)
}

/// The producers a person is a member of.
pub async fn my_producers(
    db: &DatabaseConnection,
    actor: &AuthUser,
) -> AppResult<Vec<producer::Model>> {
    let ids: Vec<i64> = actor.scopes_of(Role::ProducerMember).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(producer::Entity::find()
        .filter(producer::Column::Id.is_in(ids))
        .order_by_asc(producer::Column::Name)
        .all(db)
        .await?)
}

/// The approved producers of a partnership (a campaign's choices).
pub async fn approved_producers_of(
    db: &DatabaseConnection,
    partnership_id: i64,
) -> AppResult<Vec<producer::Model>> {
    Ok(producer::Entity::find()
        .filter(producer::Column::PartnershipId.eq(partnership_id))
        .filter(producer::Column::Status.eq(APPROVED))
        .order_by_asc(producer::Column::Name)
        .all(db)
        .await?)
}

/// A producer as its members see it, with all its products (archived too).
pub async fn producer_for_member(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
) -> AppResult<(ProducerFull, Vec<product::Model>)> {
    let p = producer::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_member(actor, id) {
        return Err(refusal(actor, &p));
    }
    let products = product::Entity::find()
        .filter(product::Column::ProducerId.eq(id))
        .order_by_asc(product::Column::ArchivedAt)
        .order_by_asc(product::Column::SortName)
        .all(db)
        .await?;
    Ok((full(db, p).await?, products))
}

/// The producers of a partnership for its coordinators (pending first).
pub async fn producers_to_review(
    db: &DatabaseConnection,
    actor: &AuthUser,
    partnership_slug: &str,
) -> AppResult<(partnership::Model, Vec<producer::Model>)> {
    let p = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(partnership_slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.coordinates_partnership(p.id) {
        return Err(AppError::Forbidden);
    }
    let mut producers = producer::Entity::find()
        .filter(producer::Column::PartnershipId.eq(p.id))
        .order_by_asc(producer::Column::Name)
        .all(db)
        .await?;
    producers.sort_by_key(|x| match x.status.as_str() {
        PENDING => 0,
        APPROVED => 1,
        _ => 2,
    });
    Ok((p, producers))
}

/// Sets the shares a partnership's prices are split by (its coordinators, or an admin).
pub async fn update_shares(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    partnership_slug: &str,
    shares: Shares,
    now: DateTime<Utc>,
) -> AppResult<partnership::Model> {
    let txn = crate::db::begin_write(db).await?;
    let p = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(partnership_slug))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.coordinates_partnership(p.id) {
        return Err(AppError::Forbidden);
    }
    let mut active: partnership::ActiveModel = p.into();
    active.transport_bp = Set(shares.transport_bp);
    active.costs_bp = Set(shares.costs_bp);
    active.fund_bp = Set(shares.fund_bp);
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(model)
}

// ----- products -----

/// Everything a search should find a product by, in one normalised text: its name, description
/// and unit in every language written, and its producer's name.
pub fn search_text(
    name: &entity::I18nText,
    description: &entity::I18nText,
    unit: &entity::I18nText,
    producer_name: &str,
) -> String {
    let mut parts: Vec<&str> = name.0.values().map(String::as_str).collect();
    parts.extend(description.0.values().map(String::as_str));
    parts.extend(unit.0.values().map(String::as_str));
    parts.push(producer_name);
    normalize(&parts.join(" "))
}

/// A product's unit per language; rows from before units were translated have only `unit`.
fn unit_texts(p: &product::Model) -> entity::I18nText {
    if p.unit_i18n.is_empty() {
        [("fr", p.unit.as_str())].into_iter().collect()
    } else {
        p.unit_i18n.clone()
    }
}

fn sort_name(name: &entity::I18nText) -> String {
    normalize(name.pick("fr")).chars().take(120).collect()
}

fn product_fields(active: &mut product::ActiveModel, p: NewProduct, producer_name: &str) {
    active.search_text = Set(search_text(&p.name, &p.description, &p.unit, producer_name));
    active.unit = Set(p.unit_reference().to_owned());
    active.sort_name = Set(sort_name(&p.name));
    active.name = Set(p.name);
    active.description = Set(p.description);
    active.category = Set(p.category);
    active.unit_i18n = Set(p.unit);
    active.case_size = Set(p.case_size);
    active.min_cases = Set(p.min_cases);
    active.weight_grams = Set(p.weight_grams);
    active.price_cents = Set(p.price_cents);
    active.vat_rate_bp = Set(p.vat_rate_bp);
    active.stock = Set(p.stock);
}

async fn member_producer(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    producer_id: i64,
) -> AppResult<producer::Model> {
    let p = producer::Entity::find_by_id(producer_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_member(actor, producer_id) {
        return Err(refusal(actor, &p));
    }
    Ok(p)
}

/// Adds a product (members of the producer only).
pub async fn create_product(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    producer_id: i64,
    p: NewProduct,
    now: DateTime<Utc>,
) -> AppResult<product::Model> {
    let txn = crate::db::begin_write(db).await?;
    let producer = member_producer(&txn, actor, producer_id).await?;
    let mut active = product::ActiveModel {
        producer_id: Set(producer_id),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    product_fields(&mut active, p, &producer.name);
    let model = active.insert(&txn).await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(model)
}

async fn member_product(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    product_id: i64,
) -> AppResult<(producer::Model, product::Model)> {
    let prod = product::Entity::find_by_id(product_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let producer = member_producer(db, actor, prod.producer_id).await?;
    Ok((producer, prod))
}

pub async fn update_product(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    product_id: i64,
    p: NewProduct,
    now: DateTime<Utc>,
) -> AppResult<product::Model> {
    let txn = crate::db::begin_write(db).await?;
    let (producer, prod) = member_product(&txn, actor, product_id).await?;
    let mut active: product::ActiveModel = prod.into();
    product_fields(&mut active, p, &producer.name);
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(model)
}

/// Archived products leave the catalogue but stay in past orders.
pub async fn set_archived(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    product_id: i64,
    archived: bool,
    now: DateTime<Utc>,
) -> AppResult<product::Model> {
    let txn = crate::db::begin_write(db).await?;
    let (_, prod) = member_product(&txn, actor, product_id).await?;
    let mut active: product::ActiveModel = prod.into();
    active.archived_at = Set(archived.then_some(now));
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(model)
}

pub async fn product_for_member(
    db: &DatabaseConnection,
    actor: &AuthUser,
    product_id: i64,
) -> AppResult<(producer::Model, product::Model)> {
    member_product(db, actor, product_id).await
}

// ----- the catalogue -----

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
        self.page.unwrap_or(1).max(1)
    }

    pub fn per_page(&self) -> u64 {
        self.per_page.unwrap_or(24).clamp(1, 100)
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
        .filter(producer::Column::Status.eq(APPROVED));
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
    cache
        .results
        .try_get_with(q.key(), async { search(db, q).await.map(Arc::new) })
        .await
        .map_err(|e: Arc<AppError>| AppError::Unexpected(anyhow::anyhow!("{e}")))
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
        .offset((q.page() - 1) * q.per_page())
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
    let mut partnership_ids: Vec<i64> = rows.iter().map(|(_, p)| p.partnership_id).collect();
    partnership_ids.sort_unstable();
    partnership_ids.dedup();
    let partnerships: HashMap<i64, partnership::Model> = partnership::Entity::find()
        .filter(partnership::Column::Id.is_in(partnership_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let product_ids: Vec<i64> = rows.iter().map(|(p, _)| p.id).collect();
    let photos = first_photos(db, "product", &product_ids).await?;
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
                photo: photos.get(&product.id).cloned(),
                product,
                producer,
                partnership,
            })
        })
        .collect()
}

/// The first photo of each owner (one query).
pub async fn first_photos(
    db: &impl ConnectionTrait,
    owner_type: &str,
    ids: &[i64],
) -> AppResult<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut out = HashMap::new();
    for p in photo::Entity::find()
        .filter(photo::Column::OwnerType.eq(owner_type))
        .filter(photo::Column::OwnerId.is_in(ids.iter().copied()))
        .order_by_asc(photo::Column::OwnerId)
        .order_by_asc(photo::Column::Position)
        .order_by_asc(photo::Column::Id)
        .all(db)
        .await?
    {
        out.entry(p.owner_id).or_insert(p.file_key);
    }
    Ok(out)
}

pub async fn photos_of(
    db: &impl ConnectionTrait,
    owner_type: &str,
    id: i64,
) -> AppResult<Vec<photo::Model>> {
    Ok(photo::Entity::find()
        .filter(photo::Column::OwnerType.eq(owner_type))
        .filter(photo::Column::OwnerId.eq(id))
        .order_by_asc(photo::Column::Position)
        .order_by_asc(photo::Column::Id)
        .all(db)
        .await?)
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
    id: i64,
) -> AppResult<ProductPage> {
    let (prod, producer) = product::Entity::find_by_id(id)
        .find_also_related(producer::Entity)
        .one(db)
        .await?
        .and_then(|(p, pr)| pr.map(|pr| (p, pr)))
        .ok_or(AppError::NotFound)?;
    let listed = producer.status == APPROVED && prod.archived_at.is_none();
    if !listed && !can_manage(viewer, &producer) {
        return Err(AppError::NotFound);
    }
    let photos = photos_of(db, "product", prod.id).await?;
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
    cache
        .choices
        .try_get_with((), async { filter_choices(db).await.map(Arc::new) })
        .await
        .map_err(|e: Arc<AppError>| AppError::Unexpected(anyhow::anyhow!("{e}")))
}

pub async fn producer_page(
    db: &DatabaseConnection,
    viewer: Option<&AuthUser>,
    slug: &str,
) -> AppResult<ProducerPage> {
    let p = producer::Entity::find()
        .filter(producer::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.status != APPROVED && !can_manage(viewer, &p) {
        return Err(AppError::NotFound);
    }
    let products = product::Entity::find()
        .filter(product::Column::ProducerId.eq(p.id))
        .filter(product::Column::ArchivedAt.is_null())
        .order_by_asc(product::Column::SortName)
        .all(db)
        .await?;
    let photos = photos_of(db, "producer", p.id).await?;
    let members = if can_manage(viewer, &p) {
        accounts::holders(db, Role::ProducerMember, &[p.id])
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

// ----- photos -----

/// Whose photo it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoOwner {
    Producer(i64),
    Product(i64),
    /// A stay: its hosts and the partnership's coordinators manage its photos.
    Trip(i64),
    /// A community fund project: the partnership's coordinators manage its photos.
    FundProject(i64),
}

impl PhotoOwner {
    fn parts(self) -> (&'static str, i64) {
        match self {
            PhotoOwner::Producer(id) => ("producer", id),
            PhotoOwner::Product(id) => ("product", id),
            PhotoOwner::Trip(id) => ("trip", id),
            PhotoOwner::FundProject(id) => ("fund_project", id),
        }
    }
}

async fn check_owner(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    owner: PhotoOwner,
) -> AppResult<()> {
    match owner {
        PhotoOwner::Producer(id) => member_producer(db, actor, id).await.map(|_| ()),
        PhotoOwner::Product(id) => member_product(db, actor, id).await.map(|_| ()),
        PhotoOwner::Trip(id) => {
            let t = crate::trips::service::trip(db, id).await?;
            if crate::trips::service::runs(actor, &t) {
                Ok(())
            } else {
                Err(AppError::NotFound)
            }
        }
        PhotoOwner::FundProject(id) => crate::fund::service::project_to_manage(db, actor, id)
            .await
            .map(|_| ()),
    }
}

/// Adds a stored photo to a producer or a product (their members; at most 8 each).
pub async fn add_photo(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    owner: PhotoOwner,
    p: &super::photos::Processed,
    now: DateTime<Utc>,
) -> AppResult<photo::Model> {
    let txn = crate::db::begin_write(db).await?;
    check_owner(&txn, actor, owner).await?;
    let (owner_type, owner_id) = owner.parts();
    let count = photo::Entity::find()
        .filter(photo::Column::OwnerType.eq(owner_type))
        .filter(photo::Column::OwnerId.eq(owner_id))
        .count(&txn)
        .await?;
    if count >= super::photos::MAX_PER_OWNER {
        return Err(AppError::Validation(FieldErrors::single(
            "photo",
            FieldError::new("photo-limit").with("max", super::photos::MAX_PER_OWNER),
        )));
    }
    let model = photo::ActiveModel {
        owner_type: Set(owner_type.to_owned()),
        owner_id: Set(owner_id),
        file_key: Set(p.key.clone()),
        width: Set(p.width as i32),
        height: Set(p.height as i32),
        position: Set(count as i32),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(model)
}

/// Removes a photo (members of its producer). The files stay: other photos may share them.
pub async fn delete_photo(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    photo_id: i64,
) -> AppResult<PhotoOwner> {
    let txn = crate::db::begin_write(db).await?;
    let p = photo::Entity::find_by_id(photo_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let owner = match p.owner_type.as_str() {
        "producer" => PhotoOwner::Producer(p.owner_id),
        "trip" => PhotoOwner::Trip(p.owner_id),
        "fund_project" => PhotoOwner::FundProject(p.owner_id),
        _ => PhotoOwner::Product(p.owner_id),
    };
    check_owner(&txn, actor, owner).await?;
    photo::Entity::delete_by_id(photo_id).exec(&txn).await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(owner)
}
