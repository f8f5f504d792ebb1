//! Public pages: the catalogue, a product, a producer.

use actix_web::{HttpResponse, web};

use super::service::{self, CatalogQuery};
use super::views::*;
use crate::error::AppResult;
use crate::territories::views::Choice;
use crate::web::page::Page;

fn page_href(q: &CatalogQuery, page: u64) -> String {
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
    s.append_pair("page", &page.to_string());
    format!("/catalogue?{}", s.finish())
}

pub async fn catalogue(page: Page, q: web::Query<CatalogQuery>) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let (items, total) = service::search(db, &q).await?;
    let (partnerships, territories) = service::filter_choices(db).await?;
    let pages_count = total.div_ceil(q.per_page()).max(1);
    let current = q.page().min(pages_count);
    let window = current.saturating_sub(3).max(1)..=(current + 3).min(pages_count);
    let view = CatalogueView {
        products: items
            .iter()
            .map(|i| ProductCard::new(i, page.lang))
            .collect(),
        total,
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
        prev: (current > 1).then(|| page_href(&q, current - 1)),
        next: (current < pages_count).then(|| page_href(&q, current + 1)),
    };
    page.render("catalog/index.html.tera", &view)
}

pub async fn product(page: Page, id: web::Path<i64>) -> AppResult<HttpResponse> {
    let data = service::product_page(&page.state().db, page.user.as_ref(), *id).await?;
    let i = &data.item;
    let can_edit = page.user.as_ref().is_some_and(|u| {
        u.is_admin() || u.holds(crate::accounts::domain::Role::ProducerMember, i.producer.id)
    });
    let view = ProductView {
        card: ProductCard::new(i, page.lang),
        description: i.product.description.pick(page.lang.code()).to_owned(),
        min_cases: i.product.min_cases,
        weight_grams: i.product.weight_grams,
        vat_percent: format!("{}", f64::from(i.product.vat_rate_bp) / 100.0),
        stock: i.product.stock,
        territory_name: data.territory.name.clone(),
        territory_slug: data.territory.slug.clone(),
        partnership_slug: i.partnership.slug.clone(),
        breakdown: breakdown_parts(&i.breakdown()),
        photos: data.photos.iter().map(|p| p.file_key.clone()).collect(),
        can_edit,
        producer_id: i.producer.id,
    };
    page.render("catalog/product.html.tera", &view)
}

pub async fn producer(page: Page, slug: web::Path<String>) -> AppResult<HttpResponse> {
    let data = service::producer_page(&page.state().db, page.user.as_ref(), &slug).await?;
    let p = &data.full.producer;
    let can_edit = page.user.as_ref().is_some_and(|u| {
        u.is_admin() || u.holds(crate::accounts::domain::Role::ProducerMember, p.id)
    });
    let view = ProducerView {
        id: p.id,
        name: p.name.clone(),
        kind: p.kind.clone(),
        status: p.status.clone(),
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
    };
    page.render("catalog/producer.html.tera", &view)
}
