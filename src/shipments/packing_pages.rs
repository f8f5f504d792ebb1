//! HTML for a shipment's packing plan: what its page shows of the pallets or parcels, a plan
//! proposed from the contents, and cases moved between units.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::shipment_unit::UnitKind;
use entity::{ProductId, ShipmentId};
use serde::{Deserialize, Serialize};

use super::contents::Detail;
use super::handlers::shipment_page;
use super::input::StepForm;
use super::packing::case_grams;
use super::packing_plan::{self, Move, Plan, Target};
use super::views::kg;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::i18n::Lang;
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;

#[derive(Serialize)]
pub struct ItemView {
    /// "<unit id>-<product id>", the move form's choice.
    pub key: String,
    pub product: String,
    pub producer: String,
    pub cases: i32,
}

#[derive(Serialize)]
pub struct UnitView {
    pub id: i64,
    /// pallet or parcel.
    pub kind: &'static str,
    pub number: i32,
    pub gross_kg: String,
    pub items: Vec<ItemView>,
}

/// The packing plan section of a shipment's page.
#[derive(Serialize)]
pub struct PlanView {
    pub units: Vec<UnitView>,
    /// The plan holds exactly the contents' cases.
    pub matches: bool,
    /// Units may still change (the goods have not left).
    pub editable: bool,
}

impl PlanView {
    pub fn new(lang: Lang, plan: &Plan, detail: &Detail, editable: bool) -> PlanView {
        let weights = case_grams(&detail.contents);
        let names: HashMap<ProductId, String> = detail
            .contents
            .producers
            .iter()
            .flat_map(|p| p.products.iter())
            .map(|p| (p.product_id, p.name.clone()))
            .collect();
        PlanView {
            units: plan
                .units
                .iter()
                .map(|u| UnitView {
                    id: u.row.id,
                    kind: u.row.kind.as_str(),
                    number: u.row.number,
                    gross_kg: kg(
                        lang,
                        u.items
                            .iter()
                            .map(|i| {
                                i64::from(i.cases)
                                    * weights.get(&i.product_id).copied().unwrap_or(0)
                            })
                            .sum(),
                    ),
                    items: u
                        .items
                        .iter()
                        .map(|i| ItemView {
                            key: format!("{}-{}", u.row.id, i.product_id),
                            product: names.get(&i.product_id).cloned().unwrap_or_default(),
                            producer: detail
                                .producers
                                .get(&i.producer_id)
                                .cloned()
                                .unwrap_or_default(),
                            cases: i.cases,
                        })
                        .collect(),
                })
                .collect(),
            matches: plan.matches,
            editable,
        }
    }
}

/// `POST /shipments/{id}/packing-plan`: a plan proposed from the contents.
pub async fn propose(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    packing_plan::propose(&st.db, &user.0, *id, st.now()).await?;
    Ok(page.flash_redirect(
        "success",
        "flash-packing-proposed",
        &format!("/shipments/{id}#packing"),
    ))
}

/// The move form: `item` ("<unit>-<product>"), `cases`, `to` (a unit id, `new-pallet` or
/// `new-parcel`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    pub item: String,
    pub cases: String,
    pub to: String,
}

impl MoveForm {
    pub fn parse(&self) -> Result<Move, FieldErrors> {
        let mut errors = FieldErrors::new();
        let item = self
            .item
            .split_once('-')
            .and_then(|(u, p)| Some((u.parse::<i64>().ok()?, p.parse::<i64>().ok()?)));
        if item.is_none() {
            errors.add("item", FieldError::new("choice"));
        }
        let cases = self.cases.trim().parse::<i64>().ok();
        if cases.is_none() {
            errors.add("cases", FieldError::new("number"));
        }
        let to = match self.to.trim() {
            "new-pallet" => Some(Target::New(UnitKind::Pallet)),
            "new-parcel" => Some(Target::New(UnitKind::Parcel)),
            t => t.parse::<i64>().ok().map(Target::Unit),
        };
        if to.is_none() {
            errors.add("to", FieldError::new("choice"));
        }
        match (item, cases, to) {
            (Some((from, product)), Some(cases), Some(to)) => Ok(Move {
                product_id: ProductId(product),
                from,
                to,
                cases,
            }),
            _ => Err(errors),
        }
    }
}

/// `POST /shipments/{id}/packing-plan/moves`.
pub async fn move_cases(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match form.parse() {
        Ok(mv) => packing_plan::move_cases(&st.db, &user.0, *id, mv, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(()) => Ok(page.flash_redirect(
            "success",
            "flash-packing-moved",
            &format!("/shipments/{id}#packing"),
        )),
        Checked::Invalid(e) => {
            shipment_page(
                &page,
                &user,
                *id,
                StatusCode::UNPROCESSABLE_ENTITY,
                StepForm::default(),
                e,
            )
            .await
        }
    }
}
