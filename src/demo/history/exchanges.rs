//! Practice sheets published and support requests answered over the year.

use chrono::{DateTime, Duration, Utc};
use entity::{practice_sheet, support_request};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::*;

/// Practice sheets published and support requests answered over the year (the demo's sheets
/// are dated back; three requests that found their answer are added).
pub async fn exchanges(
    txn: &DatabaseTransaction,
    territory_id: &dyn Fn(&str) -> anyhow::Result<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let sheets = practice_sheet::Entity::find()
        .order_by_asc(practice_sheet::Column::Id)
        .all(txn)
        .await?;
    for (i, s) in sheets.iter().enumerate() {
        let at = months_ago(now, 9 - 3 * i as i64 % 9);
        practice_sheet::Entity::update_many()
            .col_expr(practice_sheet::Column::CreatedAt, Expr::value(at))
            .col_expr(practice_sheet::Column::UpdatedAt, Expr::value(at))
            .filter(practice_sheet::Column::Id.eq(s.id))
            .exec(txn)
            .await?;
    }
    let answered = [
        (
            "al-hoceima",
            "tourism",
            8,
            "Accueil chez l'habitant : quelles règles ?",
            "Plusieurs familles veulent accueillir des visiteurs. Quelles règles d'hygiène, d'assurance et de prix ont été adoptées ailleurs ?",
        ),
        (
            "tafraout-ammelne",
            "water",
            6,
            "Gestion partagée de l'eau d'irrigation",
            "Comment les habitants d'autres territoires se répartissent-ils l'entretien et les tours d'eau d'un canal commun ?",
        ),
        (
            "sidi-bibi",
            "women_cooperatives",
            3,
            "Étiqueter l'huile d'argan pour la Belgique",
            "Quelles mentions l'étiquette de l'huile alimentaire doit-elle porter pour être vendue aux groupes d'achat belges ?",
        ),
    ];
    for (territory, topic, months, title, need) in answered {
        let at = months_ago(now, months);
        support_request::ActiveModel {
            territory_id: Set(territory_id(territory)?),
            topic: Set(topic.into()),
            title: Set(title.into()),
            need: Set(need.into()),
            deadline: Set(Some((at + Duration::days(45)).date_naive())),
            status: Set(entity::support_request::SupportStatus::Resolved),
            practice_sheet_id: Set(None),
            created_by: Set(None),
            resolved_at: Set(Some(at + Duration::days(30))),
            created_at: Set(at),
            updated_at: Set(at + Duration::days(30)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}
