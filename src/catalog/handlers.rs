//! Public pages: the catalogue, a product, a producer.

use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};

use super::approval::gaps;
use super::listing::COUNT_LIMIT;
use super::service::{self, CatalogQuery};
use super::views::*;
use crate::error::AppResult;
use crate::web::choice::Choice;
use crate::web::page::Page;

/// The catalogue's address with the query's filters and `extra` (a page number or a cursor).
fn catalogue_href(q: &CatalogQuery, extra: (&str, &str)) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", &q.q),
        ("partnership", &q.partnership),
        ("territory", &q.territory),
        ("category", &q.category),
        ("label", &q.label),
        ("sort", &q.sort),
    ] {
        if !v.is_empty() {
            s.append_pair(k, v);
        }
    }
    if let Some(pp) = q.per_page {
        s.append_pair("per_page", &pp.to_string());
    }
    s.append_pair(extra.0, extra.1);
    format!("/catalogue?{}", s.finish())
}

fn page_href(q: &CatalogQuery, page: u64) -> String {
    catalogue_href(q, ("page", &page.to_string()))
}

/// The parameters that shape the catalogue page; any other is ignored (and not cached apart).
const CATALOGUE_PARAMS: [&str; 10] = [
    "q",
    "partnership",
    "territory",
    "category",
    "label",
    "sort",
    "page",
    "per_page",
    "after",
    "before",
];

/// The request's parameters among `known`, non-empty, in one order: the query string the
/// anonymous page cache knows the page by, whatever else a link or a visitor appends
/// (`utm_source`, a random word that would otherwise fill the cache).
fn canonical_query(req: &HttpRequest, known: &[&str]) -> String {
    let mut pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(req.query_string().as_bytes())
            .filter(|(k, v)| known.contains(&k.as_ref()) && !v.is_empty())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    pairs.sort();
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Anonymous visitors all see the same page for the same address and language: it is kept
/// in memory until the catalogue changes. Signed-in visitors get theirs rendered.
async fn shared_page<F, Fut>(
    page: &Page,
    req: &HttpRequest,
    query: &str,
    render: F,
) -> AppResult<HttpResponse>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = AppResult<String>>,
{
    let st = page.state();
    let shared = page.user.is_none() && !page.has_flashes();
    let key = format!("{}|{}?{query}", page.lang.code(), req.path());
    if shared && let Some(html) = st.catalog.page(&key).await {
        return Ok(Page::html(html));
    }
    let generation = st.catalog.generation();
    let html = Bytes::from(render().await?);
    if shared {
        st.catalog.keep_page(key, html.clone(), generation).await;
    }
    Ok(Page::html(html))
}

pub async fn catalogue(
    page: Page,
    req: HttpRequest,
    q: web::Query<CatalogQuery>,
) -> AppResult<HttpResponse> {
    let query = canonical_query(&req, &CATALOGUE_PARAMS);
    shared_page(&page, &req, &query, || catalogue_html(&page, &q, &query)).await
}

async fn catalogue_html(page: &Page, q: &CatalogQuery, query: &str) -> AppResult<String> {
    let st = page.state();
    // A cursor that is not one (an old or edited link): the first page, as without it.
    let mut q = q.clone();
    if q.position().is_err() {
        q.after.clear();
        q.before.clear();
    }
    let results = service::search_cached(&st.db, &st.catalog, &q, false).await?;
    let total = results.total;
    let choices = service::filter_choices_cached(&st.db, &st.catalog).await?;
    let (partnerships, territories) = (&choices.0, &choices.1);
    // Numbered pages only over the products counted (page=N walks over the pages before it);
    // further on, the cursors of the previous and next pages.
    let pages_count = total.n.min(COUNT_LIMIT).div_ceil(q.per_page()).max(1);
    let current = results.page;
    let window = current.saturating_sub(3).max(1)..=(current + 3).min(pages_count);
    let view = CatalogueView {
        products: results
            .items
            .iter()
            .map(|i| ProductCard::new(i, page.lang))
            .collect(),
        total: total.n,
        total_exact: total.exact,
        total_text: crate::web::format::number(
            page.lang,
            if total.exact { total.n } else { COUNT_LIMIT } as i64,
        ),
        q: q.q.clone(),
        partnership: q.partnership.clone(),
        territory: q.territory.clone(),
        category: q.category.clone(),
        label: q.label.clone(),
        sort: q.sort.clone(),
        partnerships: partnerships
            .iter()
            .map(|p| Choice {
                value: p.slug.clone(),
                label: p.name.clone(),
            })
            .collect(),
        territories: territories
            .iter()
            .map(|t| Choice {
                value: t.slug.clone(),
                label: t.name.clone(),
            })
            .collect(),
        categories: category_choices(page.lang),
        labels: label_choices(page.lang),
        pages: window
            .map(|n| PageLink {
                number: n,
                href: page_href(&q, n),
                current: n == current,
            })
            .collect(),
        prev: results
            .prev
            .as_ref()
            .map(|c| catalogue_href(&q, ("before", &c.encode()))),
        next: results
            .next
            .as_ref()
            .map(|c| catalogue_href(&q, ("after", &c.encode()))),
    };
    page.render_html("catalog/index.html.tera", &view, query)
}

pub async fn product(page: Page, req: HttpRequest, id: web::Path<i64>) -> AppResult<HttpResponse> {
    shared_page(&page, &req, "", || product_html(&page, *id)).await
}

async fn product_html(page: &Page, id: i64) -> AppResult<String> {
    let data =
        service::product_page(&page.state().db, page.user.as_ref(), entity::ProductId(id)).await?;
    let i = &data.item;
    let can_edit = page.user.as_ref().is_some_and(|u| {
        u.is_admin() || u.holds(crate::security::Role::ProducerMember, i.producer.id)
    });
    let view = ProductView {
        card: ProductCard::new(i, page.lang),
        description: i.product.description_in(page.lang.code()).to_owned(),
        min_cases: i.product.min_cases,
        weight_grams: i.product.weight_grams,
        vat_rate_bp: i.product.vat_rate_bp,
        stock: i.product.stock,
        stock_text: crate::web::format::number(page.lang, i64::from(i.product.stock.unwrap_or(0))),
        territory_name: data.territory.name.clone(),
        territory_slug: data.territory.slug.clone(),
        partnership_slug: i.partnership.slug.clone(),
        breakdown: breakdown_parts(&i.breakdown()),
        photos: data.photos.iter().map(|p| p.file_key.clone()).collect(),
        can_edit,
        producer_id: i.producer.id,
    };
    page.render_html("catalog/product.html.tera", &view, "")
}

pub async fn producer(
    page: Page,
    req: HttpRequest,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    shared_page(&page, &req, "", || producer_html(&page, &slug)).await
}

async fn producer_html(page: &Page, slug: &str) -> AppResult<String> {
    let data = service::producer_page(&page.state().db, page.user.as_ref(), slug).await?;
    let p = &data.full.producer;
    let can_edit = page
        .user
        .as_ref()
        .is_some_and(|u| u.is_admin() || u.holds(crate::security::Role::ProducerMember, p.id));
    let view = ProducerView {
        id: p.id,
        name: p.name.clone(),
        kind: p.kind,
        status: p.status,
        description: p.description.pick(page.lang.code()).to_owned(),
        odco_number: p.odco_number.clone(),
        women_led: p.women_led,
        labels: p.labels.0.clone(),
        contact_email: p.contact_email.clone(),
        contact_phone: p.contact_phone.clone(),
        territory_name: data.full.territory.name.clone(),
        territory_slug: data.full.territory.slug.clone(),
        partnership_name: data.full.partnership.name.clone(),
        partnership_slug: data.full.partnership.slug.clone(),
        products: data
            .items
            .iter()
            .map(|i| ProductCard::new(i, page.lang))
            .collect(),
        photos: data.photos.iter().map(|p| p.file_key.clone()).collect(),
        members: data
            .members
            .iter()
            .map(|u| u.display_name.clone())
            .collect(),
        can_edit,
        // Only those who act on the approval see it (anonymous pages are shared, see above).
        approval: page
            .user
            .as_ref()
            .filter(|u| {
                u.coordinates_partnership(p.partnership_id)
                    || u.is_admin()
                    || u.holds(crate::security::Role::ProducerMember, p.id)
            })
            .map(|u| {
                let gaps = gaps(p, data.photos.len() as u64, data.items.len() as u64);
                approval_view(p, &gaps, Some(u), page.lang)
            }),
        back: format!("/producers/{}", p.slug),
    };
    page.render_html("catalog/producer.html.tera", &view, "")
}
