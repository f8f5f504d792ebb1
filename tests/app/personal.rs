//! Shaping a person with records of every kind from the demo's history, and scanning every
//! text column of every table for what must have gone (export and closing tests).

use chrono::Utc;
use entity::payment_request::Purpose;
use entity::trip::Texts;
use entity::waitlist_entry::WaitlistStatus;
use entity::{
    basket_line, booking, campaign_share, departure, payment, payment_request, practice_sheet,
    role_assignment, support_message, support_request, traveller, user, waitlist_entry,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, Set, Statement,
};

use crate::helpers::TestApp;

pub const DEMO_TRAVELLER: &str = "traveller@demo.passerelle.test";

/// The demo with its year of history (past stays, paid campaigns).
pub async fn demo_with_history() -> TestApp {
    TestApp::spawn_with(crate::helpers::Options {
        demo: true,
        vars: vec![("PASSERELLE_DEMO_HISTORY", "true".into())],
        ..Default::default()
    })
    .await
}

/// The unique values a seeded person carries in every personal field.
#[derive(Clone, Debug)]
pub struct Marks {
    pub email: String,
    pub name: String,
    pub phone: String,
    pub dietary: String,
    pub accessibility: String,
    pub companion: String,
}

impl Marks {
    pub fn new(tag: &str) -> Marks {
        Marks {
            email: format!("{tag}.person@example.org"),
            name: format!("Zephyrine {tag}name"),
            phone: format!("+32470{tag}55"),
            dietary: format!("no-peanuts-{tag}"),
            accessibility: format!("wheelchair-{tag}"),
            companion: format!("Companion {tag}tr"),
        }
    }

    pub fn all(&self) -> Vec<&str> {
        vec![
            &self.email,
            &self.name,
            &self.phone,
            &self.dietary,
            &self.accessibility,
            &self.companion,
        ]
    }
}

/// Signs up the person of `m` (address confirmed), named as `m` says; returns (id, token).
pub async fn sign_up(app: &TestApp, m: &Marks) -> (i64, String) {
    let token = app.verified_token(&m.email).await;
    let id = user_id(app, &m.email).await;
    user::Entity::update_many()
        .col_expr(user::Column::DisplayName, Expr::value(m.name.clone()))
        .filter(user::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
    (id, token)
}

pub async fn user_id(app: &TestApp, email: &str) -> i64 {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("the account {email}"))
        .id
}

/// Moves one of the demo traveller's past, fully paid stays to `to` (its booking, travellers,
/// payment requests and payments), with the personal fields of `m`. Returns the booking's
/// reference.
pub async fn hand_past_stay(app: &TestApp, to: i64, m: &Marks) -> String {
    let from = user_id(app, DEMO_TRAVELLER).await;
    let today = Utc::now().date_naive();
    let past: Vec<i64> = departure::Entity::find()
        .filter(departure::Column::EndsOn.lt(today))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id.get())
        .collect();
    let b = booking::Entity::find()
        .filter(booking::Column::UserId.eq(from))
        .filter(booking::Column::Status.eq(booking::BookingStatus::Confirmed))
        .filter(booking::Column::DepartureId.is_in(past))
        .order_by_asc(booking::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a past stay of the demo traveller");
    let mut am: booking::ActiveModel = b.clone().into();
    am.user_id = Set(to);
    am.contact_name = Set(m.name.clone());
    am.contact_email = Set(m.email.clone());
    am.contact_phone = Set(Some(m.phone.clone()));
    am.dietary = Set(Some(m.dietary.clone()));
    am.accessibility = Set(Some(m.accessibility.clone()));
    am.update(&app.db).await.unwrap();
    traveller::Entity::update_many()
        .col_expr(traveller::Column::Name, Expr::value(m.companion.clone()))
        .filter(traveller::Column::BookingId.eq(b.id))
        .exec(&app.db)
        .await
        .unwrap();
    let requests: Vec<i64> = payment_request::Entity::find()
        .filter(
            payment_request::Column::PurposeType
                .is_in([Purpose::BookingDeposit, Purpose::BookingBalance]),
        )
        .filter(payment_request::Column::PurposeId.eq(b.id.get()))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id.get())
        .collect();
    give_requests(app, &requests, to, m).await;
    b.reference
}

async fn give_requests(app: &TestApp, ids: &[i64], to: i64, m: &Marks) {
    payment_request::Entity::update_many()
        .col_expr(payment_request::Column::PayerUserId, Expr::value(Some(to)))
        .col_expr(
            payment_request::Column::PayerName,
            Expr::value(m.name.clone()),
        )
        .col_expr(
            payment_request::Column::PayerEmail,
            Expr::value(m.email.clone()),
        )
        .filter(payment_request::Column::Id.is_in(ids.iter().copied()))
        .exec(&app.db)
        .await
        .unwrap();
    payment::Entity::update_many()
        .col_expr(
            payment::Column::Counterparty,
            Expr::value(Some(m.name.clone())),
        )
        .filter(payment::Column::PaymentRequestId.is_in(ids.iter().copied()))
        .exec(&app.db)
        .await
        .unwrap();
}

/// Gives `to` a record of every other kind: a paid campaign share with its basket lines, a
/// group membership, a message, a practice sheet, a place on a waiting list.
pub async fn give_everything_else(app: &TestApp, to: i64, m: &Marks) {
    let paid: Vec<i64> = payment_request::Entity::find()
        .filter(payment_request::Column::PurposeType.eq(Purpose::CampaignShare))
        .filter(payment_request::Column::Status.eq(payment_request::RequestStatus::Paid))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id.get())
        .collect();
    let share = campaign_share::Entity::find()
        .filter(campaign_share::Column::PaymentRequestId.is_in(paid))
        .order_by_asc(campaign_share::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a paid campaign share in the demo");
    basket_line::Entity::update_many()
        .col_expr(basket_line::Column::UserId, Expr::value(to))
        .filter(basket_line::Column::CampaignId.eq(share.campaign_id))
        .filter(basket_line::Column::UserId.eq(share.user_id))
        .exec(&app.db)
        .await
        .unwrap();
    let request = share.payment_request_id.map(|r| r.get());
    let mut am: campaign_share::ActiveModel = share.into();
    am.user_id = Set(to);
    am.update(&app.db).await.unwrap();
    give_requests(app, &request.into_iter().collect::<Vec<_>>(), to, m).await;
    let group: i64 = entity::consumer_group::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("a group")
        .id
        .get();
    let now = Utc::now();
    role_assignment::ActiveModel {
        user_id: Set(to),
        role: Set("group_member".into()),
        scope_type: Set("group".into()),
        scope_id: Set(group),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let req = support_request::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("a support request in the demo");
    support_message::ActiveModel {
        request_id: Set(req.id),
        territory_id: Set(req.territory_id),
        user_id: Set(to),
        body: Set(format!("Write to {} at {}", m.name, m.email)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let sheet = practice_sheet::Entity::find()
        .order_by_asc(practice_sheet::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a practice sheet in the demo");
    let mut am: practice_sheet::ActiveModel = sheet.into();
    am.created_by = Set(Some(to));
    am.contacts = Set(format!("{} <{}>", m.name, m.email));
    am.update(&app.db).await.unwrap();
    let future = departure::Entity::find()
        .filter(departure::Column::StartsOn.gt(now.date_naive()))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a departure to come");
    waitlist_entry::ActiveModel {
        departure_id: Set(future.id),
        user_id: Set(to),
        seats: Set(1),
        travellers: Set(Texts(vec![m.companion.clone()])),
        contact_email: Set(m.email.clone()),
        status: Set(WaitlistStatus::Waiting),
        booking_id: Set(None),
        fund_project_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// Every (table, column) holding text or JSON in the live schema.
pub async fn text_columns(app: &TestApp) -> Vec<(String, String)> {
    let backend = app.db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT m.name AS t, i.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) i \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND (UPPER(i.type) LIKE '%TEXT%' OR UPPER(i.type) LIKE '%CHAR%' \
             OR UPPER(i.type) LIKE '%JSON%' OR UPPER(i.type) LIKE '%CLOB%' OR i.type = '')"
        }
        _ => {
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
             WHERE table_schema = current_schema() \
             AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')"
        }
    };
    app.db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.try_get("", "t").unwrap(), r.try_get("", "c").unwrap()))
        .collect()
}

/// How many rows of `table` hold any of `needles` in `column`.
async fn count_holding(app: &TestApp, table: &str, column: &str, needles: &[&str]) -> i64 {
    let backend = app.db.get_database_backend();
    let like = if backend == DbBackend::Sqlite {
        "LIKE"
    } else {
        "ILIKE"
    };
    let any = needles
        .iter()
        .map(|n| {
            format!(
                "CAST(\"{column}\" AS TEXT) {like} '%{}%'",
                n.replace('\'', "''")
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    let sql = format!("SELECT COUNT(*) AS n FROM \"{table}\" WHERE {any}");
    app.db
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .map(|r| r.try_get("", "n").unwrap())
        .unwrap_or(0)
}

/// Where any of `needles` is found, as (table, column, needle): every text and JSON column of
/// every table is searched (one query a column, and one a needle where something is found).
pub async fn scan(app: &TestApp, needles: &[&str]) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (t, c) in text_columns(app).await {
        if count_holding(app, &t, &c, needles).await == 0 {
            continue;
        }
        for needle in needles {
            if count_holding(app, &t, &c, &[needle]).await > 0 {
                found.push((t.clone(), c.clone(), needle.to_string()));
            }
        }
    }
    found
}
