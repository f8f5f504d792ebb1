//! JSON API for a shipment's packing plan: read it, propose one from the contents, move cases.

use actix_web::{get, post, web};
use entity::{ProductId, ShipmentId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::contents::Detail;
use super::packing::{UnitKind, case_grams};
use super::packing_plan::{self, Move, Plan, Target};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;

#[derive(Serialize, ToSchema)]
pub struct UnitItemDto {
    pub producer_id: i64,
    pub product_id: i64,
    pub product: String,
    pub cases: i32,
}

#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    pub id: i64,
    /// pallet or parcel.
    pub kind: &'static str,
    pub number: i32,
    pub gross_grams: i64,
    pub items: Vec<UnitItemDto>,
}

#[derive(Serialize, ToSchema)]
pub struct PlanDto {
    pub units: Vec<UnitDto>,
    /// The plan holds exactly the contents' cases (false once orders changed, or no plan).
    pub matches_contents: bool,
}

fn dto(plan: &Plan, detail: &Detail) -> PlanDto {
    let weights = case_grams(&detail.contents);
    let name = |p: ProductId| {
        detail
            .contents
            .producers
            .iter()
            .flat_map(|x| x.products.iter())
            .find(|x| x.product_id == p)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    PlanDto {
        matches_contents: plan.matches,
        units: plan
            .units
            .iter()
            .map(|u| UnitDto {
                id: u.row.id,
                kind: u.row.kind.as_str(),
                number: u.row.number,
                gross_grams: u
                    .items
                    .iter()
                    .map(|i| i64::from(i.cases) * weights.get(&i.product_id).copied().unwrap_or(0))
                    .sum(),
                items: u
                    .items
                    .iter()
                    .map(|i| UnitItemDto {
                        producer_id: i.producer_id.get(),
                        product_id: i.product_id.get(),
                        product: name(i.product_id),
                        cases: i.cases,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A shipment's packing plan: its pallets or parcels and the cases on each.
#[utoipa::path(
    params(("id" = i64, Path)),
    responses((status = 200, body = PlanDto), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[get("/shipments/{id}/packing-plan")]
pub async fn show(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ShipmentId>,
) -> AppResult<web::Json<PlanDto>> {
    let (plan, detail) = packing_plan::show(&st.db, &user.0, *id, "fr").await?;
    Ok(web::Json(dto(&plan, &detail)))
}

/// Proposes a packing plan from the contents, replacing the one kept: parcels of at most 30 kg
/// for shipments up to 150 kg, else pallets of at most 800 kg, a producer's goods together. 409
/// once the goods left or when the shipment carries nothing.
#[utoipa::path(
    params(("id" = i64, Path)),
    responses((status = 200, body = PlanDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[post("/shipments/{id}/packing-plan")]
pub async fn propose(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ShipmentId>,
) -> AppResult<web::Json<PlanDto>> {
    packing_plan::propose(&st.db, &user.0, *id, st.now()).await?;
    let (plan, detail) = packing_plan::show(&st.db, &user.0, *id, "fr").await?;
    Ok(web::Json(dto(&plan, &detail)))
}

/// Cases moved between units of a packing plan.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct MoveInput {
    pub product_id: i64,
    /// The unit they are on.
    pub from_unit: i64,
    /// The unit they go to; or leave it out and give `new_unit`.
    pub to_unit: Option<i64>,
    /// pallet or parcel: a new unit of this kind.
    pub new_unit: Option<String>,
    pub cases: i64,
}

/// Moves cases of a product from one unit to another or to a new one (a unit left empty goes):
/// 404 for a unit not of this shipment, 409 once the goods left, 422 for a product not on the
/// unit, a number of cases out of range or no valid target.
#[utoipa::path(
    params(("id" = i64, Path)),
    request_body = MoveInput,
    responses((status = 200, body = PlanDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[post("/shipments/{id}/packing-plan/moves")]
pub async fn move_cases(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ShipmentId>,
    body: web::Json<MoveInput>,
) -> AppResult<web::Json<PlanDto>> {
    let to = match (body.to_unit, body.new_unit.as_deref()) {
        (Some(u), None) => Target::Unit(u),
        (None, Some(k)) => Target::New(
            UnitKind::parse(k).ok_or_else(|| AppError::validation("new_unit", "choice"))?,
        ),
        _ => return Err(AppError::validation("to_unit", "choice")),
    };
    let mv = Move {
        product_id: ProductId(body.product_id),
        from: body.from_unit,
        to,
        cases: body.cases,
    };
    packing_plan::move_cases(&st.db, &user.0, *id, mv, st.now()).await?;
    let (plan, detail) = packing_plan::show(&st.db, &user.0, *id, "fr").await?;
    Ok(web::Json(dto(&plan, &detail)))
}
