//! The rules saying which product categories need a health or a phytosanitary certificate to
//! leave their country: data that admins and partnership coordinators read and edit at
//! `/admin/category-rules` (seeded by the migration), not code.

use std::collections::{BTreeMap, HashMap};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use entity::category_rule;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use serde::{Deserialize, Serialize};

use crate::catalog::domain::CATEGORIES;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::security::{AuthUser, Role};
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, line};
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;

/// Admins and every partnership coordinator: the rules are the same for all shipments.
fn may_edit(actor: &AuthUser) -> AppResult<()> {
    if actor.is_admin()
        || actor
            .scopes_of(Role::PartnershipCoordinator)
            .next()
            .is_some()
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A category's rule as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RuleForm {
    pub needs_health_certificate: Option<String>,
    pub needs_phytosanitary: Option<String>,
    pub note: String,
}

/// Every known category with its rule (a category without a row needs nothing).
pub async fn rules(
    db: &DatabaseConnection,
    actor: &AuthUser,
) -> AppResult<Vec<category_rule::Model>> {
    may_edit(actor)?;
    let mut stored: HashMap<String, category_rule::Model> = category_rule::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.category.clone(), r))
        .collect();
    Ok(CATEGORIES
        .iter()
        .map(|c| {
            stored.remove(*c).unwrap_or(category_rule::Model {
                category: (*c).to_owned(),
                needs_health_certificate: false,
                needs_phytosanitary: false,
                note: String::new(),
                updated_by: None,
                updated_at: DateTime::<Utc>::UNIX_EPOCH,
            })
        })
        .collect())
}

/// Saves the rule of `category` (one of the catalogue's categories, else 404).
#[tracing::instrument(skip_all, fields(actor = actor.id, category))]
pub async fn save(
    db: &DatabaseConnection,
    actor: &AuthUser,
    category: &str,
    form: &RuleForm,
    now: DateTime<Utc>,
) -> AppResult<()> {
    may_edit(actor)?;
    if !CATEGORIES.contains(&category) {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let note = line(&mut errors, "note", &form.note, 300, false);
    errors.into_result()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = category_rule::Entity::find_by_id(category.to_owned())
        .one(&txn)
        .await?;
    let row = category_rule::ActiveModel {
        category: Set(category.to_owned()),
        needs_health_certificate: Set(form.needs_health_certificate.is_some()),
        needs_phytosanitary: Set(form.needs_phytosanitary.is_some()),
        note: Set(note),
        updated_by: Set(Some(actor.id)),
        updated_at: Set(now),
    };
    if existing.is_some() {
        row.update(&txn).await?;
    } else {
        row.insert(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

#[derive(Serialize)]
struct RuleRow {
    category: String,
    label_key: String,
    needs_health_certificate: bool,
    needs_phytosanitary: bool,
    note: String,
}

#[derive(Serialize)]
struct RulesView {
    rules: Vec<RuleRow>,
    errors: BTreeMap<String, Vec<String>>,
}

async fn rules_page(
    page: &Page,
    user: &SessionUser,
    status: StatusCode,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let rules = rules(&page.state().db, &user.0).await?;
    let view = RulesView {
        rules: rules
            .into_iter()
            .map(|r| RuleRow {
                label_key: format!("category-{}", r.category),
                category: r.category,
                needs_health_certificate: r.needs_health_certificate,
                needs_phytosanitary: r.needs_phytosanitary,
                note: r.note,
            })
            .collect(),
        errors: errors.messages(page.lang),
    };
    page.render_form(status, "shipments/category_rules.html.tera", &view)
}

/// `GET /admin/category-rules` (admins and partnership coordinators).
pub async fn index(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    rules_page(&page, &user, StatusCode::OK, FieldErrors::new()).await
}

/// `POST /admin/category-rules/{category}`.
pub async fn update(
    page: Page,
    user: SessionUser,
    category: web::Path<String>,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = save(&st.db, &user.0, &category, &form, st.now()).await;
    match result.checked()? {
        Checked::Done(()) => Ok(page.flash_redirect(
            "success",
            "flash-saved",
            &format!("/admin/category-rules#rule-{category}"),
        )),
        Checked::Invalid(e) => rules_page(&page, &user, StatusCode::UNPROCESSABLE_ENTITY, e).await,
    }
}
