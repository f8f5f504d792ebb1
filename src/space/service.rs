//! Gathers the lines of a personal space from every area (each with a fixed number of queries).

use chrono::{DateTime, Utc};
use entity::outbox_message;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use crate::error::AppResult;
use crate::security::AuthUser;
use crate::web::i18n::{Lang, translate};
use crate::web::space::{SpaceItem, SpaceKind};

/// The account's own lines: an address to confirm; for admins, emails that failed for good.
async fn account_items(
    db: &DatabaseConnection,
    user: &AuthUser,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let mut items = Vec::new();
    if !user.email_verified {
        items.push(SpaceItem {
            kind: SpaceKind::Todo,
            area: "account",
            title: translate(lang, "space-verify-title", &[]),
            detail: translate(lang, "space-verify-detail", &[("email", &user.email)]),
            href: "/account".into(),
            when: None,
            extra: None,
        });
    }
    if user.is_admin() {
        let failed = outbox_message::Entity::find()
            .filter(outbox_message::Column::Status.eq(outbox_message::OutboxStatus::Failed))
            .count(db)
            .await?;
        if failed > 0 {
            items.push(SpaceItem {
                kind: SpaceKind::Todo,
                area: "admin",
                title: translate(lang, "space-failed-mail-title", &[]),
                detail: crate::web::i18n::translate_args(
                    lang,
                    "space-failed-mail-detail",
                    &[("count", failed.into())],
                ),
                href: "/admin/outbox".into(),
                when: None,
                extra: None,
            });
        }
    }
    Ok(items)
}

/// Every line of `user`'s space: things to do by their deadline (those without one last),
/// then things done, newest first.
pub async fn items(
    db: &DatabaseConnection,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let mut all = account_items(db, user, lang).await?;
    all.extend(crate::catalog::space::space_items(db, user, now, lang).await?);
    all.extend(crate::group_orders::space::space_items(db, user, now, lang).await?);
    all.extend(crate::network::space::space_items(db, user, now, lang).await?);
    all.extend(crate::payments::space::space_items(db, user, now, lang).await?);
    all.extend(crate::trips::space::space_items(db, user, now, lang).await?);
    all.extend(crate::fund::space::space_items(db, user, now, lang).await?);
    all.extend(crate::shipments::space::space_items(db, user, now, lang).await?);
    all.sort_by(|a, b| match (a.kind, b.kind) {
        (SpaceKind::Todo, SpaceKind::Todo) => match (a.when, b.when) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        },
        (SpaceKind::Done, SpaceKind::Done) => b.when.cmp(&a.when),
        (SpaceKind::Todo, SpaceKind::Done) => std::cmp::Ordering::Less,
        (SpaceKind::Done, SpaceKind::Todo) => std::cmp::Ordering::Greater,
    });
    Ok(all)
}
