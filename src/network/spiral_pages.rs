//! The coordinators' SPIRAL page: record the criteria their citizens defined and link the
//! partnership's actions to them (the territory page shows the result to everyone).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::{spiral_criterion, territory};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::service::my_territories;
use super::spiral::{self, CriterionInput, FAMILIES, LinkInput, POLARITIES};
use crate::error::{AppResult, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::choice::Choice;
use crate::web::forms::CsrfForm;
use crate::web::i18n::translate;
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;
use entity::spiral_link::ActionKind;

#[derive(Serialize)]
struct CriterionRow {
    id: i64,
    territory: String,
    family: String,
    polarity: String,
    text: String,
}

#[derive(Serialize)]
struct SpiralView {
    territories: Vec<Choice>,
    families: Vec<Choice>,
    polarities: Vec<Choice>,
    kinds: Vec<Choice>,
    criteria: Vec<CriterionRow>,
    errors: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CriterionForm {
    pub territory: String,
    pub family: String,
    pub polarity: String,
    pub text: String,
}

async fn spiral_page(
    page: &Page,
    user: &SessionUser,
    status: StatusCode,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let lang = page.lang;
    let mine = my_territories(db, &user.0).await?;
    let territories = territory::Entity::find()
        .filter(territory::Column::Id.is_in(mine.clone()))
        .order_by_asc(territory::Column::Name)
        .all(db)
        .await?;
    let criteria = spiral_criterion::Entity::find()
        .filter(spiral_criterion::Column::TerritoryId.is_in(mine))
        .order_by_asc(spiral_criterion::Column::Id)
        .all(db)
        .await?;
    let choice = |prefix: &str, values: &[&str]| -> Vec<Choice> {
        values
            .iter()
            .map(|v| Choice {
                value: (*v).to_owned(),
                label: translate(lang, &format!("{prefix}{v}"), &[]),
            })
            .collect()
    };
    page.render_form(
        status,
        "practices/spiral.html.tera",
        &SpiralView {
            criteria: criteria
                .iter()
                .map(|c| CriterionRow {
                    id: c.id,
                    territory: territories
                        .iter()
                        .find(|t| t.id == c.territory_id)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                    family: translate(lang, &format!("spiral-family-{}", c.family), &[]),
                    polarity: translate(lang, &format!("spiral-{}", c.polarity), &[]),
                    text: c.text.clone(),
                })
                .collect(),
            territories: territories
                .iter()
                .map(|t| Choice {
                    value: t.slug.clone(),
                    label: t.name.clone(),
                })
                .collect(),
            families: choice("spiral-family-", &FAMILIES),
            polarities: choice("spiral-", &POLARITIES),
            kinds: choice("spiral-kind-", &ActionKind::ALL.map(ActionKind::as_str)),
            errors: errors.messages(lang),
        },
    )
}

pub async fn index(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    spiral_page(&page, &user, StatusCode::OK, FieldErrors::new()).await
}

pub async fn add(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<CriterionForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let input = CriterionInput {
        family: form.family,
        polarity: form.polarity,
        text: form.text,
    };
    match spiral::add_criterion(&st.db, &user.0, &form.territory, &input, st.now())
        .await
        .checked()?
    {
        Checked::Done(_) => Ok(page.flash_redirect("success", "flash-saved", "/spiral")),
        Checked::Invalid(e) => spiral_page(&page, &user, StatusCode::UNPROCESSABLE_ENTITY, e).await,
    }
}

pub async fn link(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<LinkInput>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let target = form
        .target
        .trim()
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_owned();
    let input = LinkInput {
        kind: form.kind,
        target,
    };
    match spiral::link(&st.db, &user.0, *id, &input).await.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect("success", "flash-saved", "/spiral")),
        Checked::Invalid(e) => spiral_page(&page, &user, StatusCode::UNPROCESSABLE_ENTITY, e).await,
    }
}
