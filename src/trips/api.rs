//! JSON API: trips, departures and bookings (shared/API.md).

use crate::money::Cents;
use actix_web::{HttpResponse, delete, get, post, put, web};
use entity::{DepartureId, TripId};
use sea_orm::ActiveEnum;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::booking::{self, Booked};
use super::domain::Breakdown;
use super::input::{BookingInput, DepartureInput, NewBooking, NewDeparture, NewTrip, TripInput};
use super::service::{self, seats_left};
use crate::clock::today;
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;

#[derive(Serialize, ToSchema)]
pub struct TripDto {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub partnership_id: i64,
    pub territory_id: i64,
    pub min_group: i32,
    pub max_group: i32,
}

impl From<&entity::trip::Model> for TripDto {
    fn from(t: &entity::trip::Model) -> Self {
        TripDto {
            id: t.id.get(),
            slug: t.slug.clone(),
            title: t.title.pick("fr").to_owned(),
            partnership_id: t.partnership_id.get(),
            territory_id: t.territory_id,
            min_group: t.min_group,
            max_group: t.max_group,
        }
    }
}

/// Describes a trip (the partnership's coordinators, or a host of one of its trips).
#[utoipa::path(
    request_body = TripInput,
    responses((status = 201, body = TripDto), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "trips"
)]
#[post("/trips")]
pub async fn create_trip(
    st: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<TripInput>,
) -> AppResult<HttpResponse> {
    let t = NewTrip::try_from(body.into_inner()).map_err(AppError::Validation)?;
    let t = service::create_trip(&st.db, &user.0, t, st.now()).await?;
    Ok(HttpResponse::Created().json(TripDto::from(&t)))
}

#[derive(Serialize, ToSchema)]
pub struct TierDto {
    pub from_days: i32,
    pub keep_bp: i32,
}

#[derive(Serialize, ToSchema)]
pub struct DepartureDto {
    pub id: i64,
    pub trip: TripDto,
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: i32,
    pub seats_left: i64,
    #[schema(value_type = i64)]
    pub price_cents: Cents,
    pub deposit_bp: i32,
    pub community_share_bp: i32,
    pub balance_due_on: Option<String>,
    /// scheduled, confirmed or cancelled.
    pub status: String,
    pub price_breakdown: Breakdown,
    /// Cancellation tiers, shown before booking.
    pub policy: Vec<TierDto>,
}

fn departure_dto(d: &entity::departure::Model, t: &entity::trip::Model) -> DepartureDto {
    DepartureDto {
        id: d.id.get(),
        trip: TripDto::from(t),
        starts_on: d.starts_on.to_string(),
        ends_on: d.ends_on.to_string(),
        capacity: d.capacity,
        seats_left: seats_left(d),
        price_cents: d.price_cents,
        deposit_bp: d.deposit_bp,
        community_share_bp: d.community_share_bp,
        balance_due_on: d.balance_due_on.map(|b| b.to_string()),
        status: d.status.to_value(),
        price_breakdown: service::breakdown(d),
        policy: d
            .policy
            .0
            .iter()
            .map(|t| TierDto {
                from_days: t.from_days,
                keep_bp: t.keep_bp,
            })
            .collect(),
    }
}

/// Adds a dated departure to a trip (its hosts and coordinators).
#[utoipa::path(
    request_body = DepartureInput,
    responses((status = 201, body = DepartureDto), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "trips"
)]
#[post("/trips/{id}/departures")]
pub async fn create_departure(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<DepartureInput>,
) -> AppResult<HttpResponse> {
    let now = st.now();
    let d = NewDeparture::parse(body.into_inner(), today(now)).map_err(AppError::Validation)?;
    let d = service::create_departure(&st.db, &user.0, TripId(*id), d, now).await?;
    let t = service::trip(&st.db, d.trip_id).await?;
    Ok(HttpResponse::Created().json(departure_dto(&d, &t)))
}

/// A departure: places left, price breakdown, cancellation tiers (public).
#[utoipa::path(
    responses((status = 200, body = DepartureDto), (status = 404, body = Problem)),
    tag = "trips"
)]
#[get("/departures/{id}")]
pub async fn get_departure(
    st: web::Data<AppState>,
    id: web::Path<i64>,
) -> AppResult<web::Json<DepartureDto>> {
    let (d, t) = service::departure_with_trip(&st.db, DepartureId(*id)).await?;
    Ok(web::Json(departure_dto(&d, &t)))
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CapacityInput {
    pub capacity: i64,
}

/// Changes a departure's capacity, never below the places held or booked.
#[utoipa::path(
    request_body = CapacityInput,
    responses((status = 200, body = DepartureDto), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "trips"
)]
#[put("/departures/{id}/capacity")]
pub async fn set_capacity(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<CapacityInput>,
) -> AppResult<web::Json<DepartureDto>> {
    let d =
        service::set_capacity(&st.db, &user.0, DepartureId(*id), body.capacity, st.now()).await?;
    let t = service::trip(&st.db, d.trip_id).await?;
    Ok(web::Json(departure_dto(&d, &t)))
}

#[derive(Serialize, ToSchema)]
pub struct PaymentDto {
    pub reference: String,
    /// The structured communication, `+++xxx/xxxx/xxxxx+++`.
    pub ogm: String,
    #[schema(value_type = i64)]
    pub amount_cents: Cents,
    pub status: String,
    /// The page to pay by transfer (EPC QR) or by card when offered.
    pub pay_url: String,
    pub checkout_url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct BookingDto {
    /// The booking's reference.
    pub id: String,
    /// held, confirmed, expired or cancelled.
    pub status: String,
    pub departure_id: i64,
    pub seats: i32,
    pub travellers: Vec<String>,
    pub expires_at: String,
    #[schema(value_type = i64)]
    pub total_cents: Cents,
    #[schema(value_type = i64)]
    pub amount_due_cents: Cents,
    #[schema(value_type = i64)]
    pub refund_cents: Cents,
    pub payment: Option<PaymentDto>,
    /// The community fund project the booking's community share supports.
    pub fund_project_id: Option<i64>,
}

fn payment_dto(st: &AppState, r: &entity::payment_request::Model) -> PaymentDto {
    PaymentDto {
        reference: r.reference.clone(),
        ogm: crate::payments::domain::Ogm::parse(&r.ogm)
            .map(|o| o.formatted())
            .unwrap_or_default(),
        amount_cents: r.amount_cents,
        status: r.status.to_value(),
        pay_url: st.mailer.link(&format!("/pay/{}", r.reference)),
        checkout_url: r.stripe_checkout_url.clone(),
    }
}

fn booking_dto(
    st: &AppState,
    b: &entity::booking::Model,
    travellers: Vec<String>,
    r: Option<&entity::payment_request::Model>,
) -> BookingDto {
    BookingDto {
        id: b.reference.clone(),
        status: b.status.to_value(),
        departure_id: b.departure_id.get(),
        seats: b.seats,
        travellers,
        expires_at: b.expires_at.to_rfc3339(),
        total_cents: b.total_cents,
        amount_due_cents: r
            .map(|r| {
                r.amount_cents
                    .saturating_sub(r.paid_cents - r.refunded_cents)
            })
            .unwrap_or_default(),
        refund_cents: b.refund_cents,
        payment: r.map(|r| payment_dto(st, r)),
        fund_project_id: b.fund_project_id,
    }
}

/// Holds places for the caller's travellers while they pay the deposit; 409 (with `seats_left`)
/// when fewer places are left.
#[utoipa::path(
    request_body = BookingInput,
    responses((status = 201, body = BookingDto), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "trips"
)]
#[post("/departures/{id}/bookings")]
pub async fn book(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<BookingInput>,
) -> AppResult<HttpResponse> {
    let b = NewBooking::parse(body.into_inner(), super::input::MAX_TRAVELLERS)
        .map_err(AppError::Validation)?;
    let hold = chrono::Duration::minutes(st.config.hold_minutes);
    let Booked {
        booking,
        request,
        travellers,
    } = booking::book(
        &st.db,
        &st.mailer,
        &user.0,
        DepartureId(*id),
        b,
        hold,
        st.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(booking_dto(&st, &booking, travellers, Some(&request))))
}

/// A booking (its traveller, or the trip's hosts).
#[utoipa::path(
    responses((status = 200, body = BookingDto), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "trips"
)]
#[get("/bookings/{id}")]
pub async fn get_booking(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<String>,
) -> AppResult<web::Json<BookingDto>> {
    let (b, travellers, r) = booking::booking_for(&st.db, &user.0, &id).await?;
    let names = travellers.into_iter().map(|t| t.name).collect();
    Ok(web::Json(booking_dto(&st, &b, names, r.as_ref())))
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CancelInput {
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct CancelledDto {
    pub status: String,
    /// What goes back under the policy (everything when the host cancels).
    #[schema(value_type = i64)]
    pub refund_cents: Cents,
    pub seats_returned: i32,
}

/// Cancels a booking: the refund owed under the policy; the places return to sale.
#[utoipa::path(
    request_body = CancelInput,
    responses((status = 200, body = CancelledDto), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "trips"
)]
#[post("/bookings/{id}/cancel")]
pub async fn cancel_booking(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<String>,
    body: Option<web::Json<CancelInput>>,
) -> AppResult<web::Json<CancelledDto>> {
    let reason = body.map(|b| b.into_inner().reason).unwrap_or_default();
    let hold = chrono::Duration::minutes(st.config.hold_minutes);
    let c = booking::cancel(&st.db, &st.mailer, hold, &user.0, &id, &reason, st.now()).await?;
    Ok(web::Json(CancelledDto {
        status: c.booking.status.to_value(),
        refund_cents: c.refund_cents,
        seats_returned: c.seats_returned,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct WaitlistDto {
    pub id: i64,
    pub departure_id: i64,
    pub seats: i32,
    /// waiting, offered or withdrawn.
    pub status: String,
}

/// Joins the waiting list of a departure with too few places left for the whole party; freed
/// places are offered in order, held for the first entry that fits.
#[utoipa::path(
    request_body = BookingInput,
    responses((status = 201, body = WaitlistDto), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "trips"
)]
#[post("/departures/{id}/waitlist")]
pub async fn join_waitlist(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<BookingInput>,
) -> AppResult<HttpResponse> {
    let b = NewBooking::parse(body.into_inner(), super::input::MAX_TRAVELLERS)
        .map_err(AppError::Validation)?;
    let e = super::waitlist::join(&st.db, &user.0, DepartureId(*id), b, st.now()).await?;
    Ok(HttpResponse::Created().json(WaitlistDto {
        id: e.id,
        departure_id: e.departure_id.get(),
        seats: e.seats,
        status: e.status.to_value(),
    }))
}

/// Leaves the waiting list.
#[utoipa::path(
    responses((status = 204), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "trips"
)]
#[delete("/waitlist/{id}")]
pub async fn leave_waitlist(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    super::waitlist::leave(&st.db, &user.0, *id, st.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct HostInput {
    pub email: String,
}

/// Appoints a host of the trip by email (the partnership's coordinators).
#[utoipa::path(
    request_body = HostInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "trips"
)]
#[post("/trips/{id}/hosts")]
pub async fn invite_host(
    st: web::Data<AppState>,
    req: actix_web::HttpRequest,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<HostInput>,
) -> AppResult<HttpResponse> {
    service::invite_host(
        &st.db,
        &st.mailer,
        &user.0,
        TripId(*id),
        &body.email,
        crate::web::i18n::Lang::from_request(&req),
        st.now(),
    )
    .await?;
    Ok(HttpResponse::Created().finish())
}
