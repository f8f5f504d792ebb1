//! What closing an account erases, in the caller's transaction. The person becomes "former
//! member #id" with an address that cannot receive mail; what only served to reach or recognise
//! them goes (password, sessions, tokens, links, roles, travellers' names and needs, phone,
//! copies of emails sent to them). The books stay exact: payment requests, payments, refunds,
//! ledger entries, structured communications and VAT lines keep every amount and reference,
//! only the payer's name and address on them are replaced. Texts they wrote for others
//! (messages, practice sheets, support requests) are kept with their name and address replaced.

use chrono::{DateTime, Utc};
use entity::outbox_message::{Attachments, OutboxStatus};
use entity::trip::Texts;
use entity::{
    account_token, api_token, booking, invitation, outbox_message, payment, payment_request,
    practice_sheet, role_assignment, session, statement_line, support_message, support_request,
    training_registration, traveller, user, waitlist_entry,
};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, IntoColumnRef, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;

use crate::error::AppResult;
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::web::format::FORMER_MEMBER;
use crate::web::i18n::Lang;

/// The daily job that makes the copies of last emails sent forget their address.
pub const JOB_FORGET: &str = "forget_closed_account_addresses";

/// The name a closed account keeps (stored so; pages and files show it in the reader's
/// language through [`crate::web::format::shown_name`]).
pub fn former_member(id: i64) -> String {
    format!("{FORMER_MEMBER}{id}")
}

/// The address a closed account keeps: unique, and undeliverable (`.invalid`, RFC 2606).
pub fn closed_address(id: i64) -> String {
    format!("closed-{id}@closed.invalid")
}

/// `column` with each `(from, to)` of `pairs` replaced, in order.
fn scrubbed(column: impl IntoColumnRef, pairs: &[(&str, &str)]) -> SimpleExpr {
    pairs.iter().fold(Expr::col(column), |text, (from, to)| {
        Func::cust(Alias::new("REPLACE"))
            .arg(text)
            .arg(*from)
            .arg(*to)
            .into()
    })
}

/// Erases the personal data of `account` (see the module's doc).
pub async fn erase(
    conn: &impl ConnectionTrait,
    account: &user::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let id = account.id;
    let name = former_member(id);
    let address = closed_address(id);
    let addresses = addresses_of(conn, account).await?;
    forget_credentials(conn, id).await?;
    let bookings = Query::select()
        .column(booking::Column::Id)
        .from(booking::Entity)
        .and_where(booking::Column::UserId.eq(id))
        .to_owned();
    traveller::Entity::update_many()
        .col_expr(traveller::Column::Name, Expr::value(name.clone()))
        .filter(traveller::Column::BookingId.in_subquery(bookings))
        .exec(conn)
        .await?;
    booking::Entity::update_many()
        .col_expr(booking::Column::ContactName, Expr::value(name.clone()))
        .col_expr(booking::Column::ContactEmail, Expr::value(address.clone()))
        .col_expr(booking::Column::ContactPhone, Expr::value(None::<String>))
        .col_expr(booking::Column::Dietary, Expr::value(None::<String>))
        .col_expr(booking::Column::Accessibility, Expr::value(None::<String>))
        .col_expr(booking::Column::CancelReason, Expr::value(None::<String>))
        .col_expr(booking::Column::SensitiveErasedAt, Expr::value(Some(now)))
        .filter(booking::Column::UserId.eq(id))
        .exec(conn)
        .await?;
    waitlist_entry::Entity::update_many()
        .col_expr(
            waitlist_entry::Column::Travellers,
            Expr::value(Texts(vec![])),
        )
        .col_expr(
            waitlist_entry::Column::ContactEmail,
            Expr::value(address.clone()),
        )
        .filter(waitlist_entry::Column::UserId.eq(id))
        .exec(conn)
        .await?;
    training_registration::Entity::update_many()
        .col_expr(
            training_registration::Column::Participants,
            Expr::value(Texts(vec![])),
        )
        .filter(training_registration::Column::UserId.eq(id))
        .exec(conn)
        .await?;
    keep_books(conn, id, &name, &address).await?;
    keep_writings(conn, account, &name, &address).await?;
    forget_mail(conn, &addresses, &name).await?;
    user::Entity::update_many()
        .col_expr(user::Column::DisplayName, Expr::value(name))
        .col_expr(user::Column::Email, Expr::value(address))
        .col_expr(user::Column::PasswordHash, Expr::value(String::new()))
        .col_expr(
            user::Column::SessionEpoch,
            Expr::col(user::Column::SessionEpoch).add(1),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Every address the person gave: the account's, and those typed on bookings, the waiting
/// list and payment requests.
async fn addresses_of(
    conn: &impl ConnectionTrait,
    account: &user::Model,
) -> AppResult<Vec<String>> {
    let mut all = vec![account.email.clone()];
    all.extend(
        booking::Entity::find()
            .select_only()
            .column(booking::Column::ContactEmail)
            .filter(booking::Column::UserId.eq(account.id))
            .into_tuple::<String>()
            .all(conn)
            .await?,
    );
    all.extend(
        waitlist_entry::Entity::find()
            .select_only()
            .column(waitlist_entry::Column::ContactEmail)
            .filter(waitlist_entry::Column::UserId.eq(account.id))
            .into_tuple::<String>()
            .all(conn)
            .await?,
    );
    all.extend(
        payment_request::Entity::find()
            .select_only()
            .column(payment_request::Column::PayerEmail)
            .filter(payment_request::Column::PayerUserId.eq(account.id))
            .into_tuple::<String>()
            .all(conn)
            .await?,
    );
    all.sort();
    all.dedup();
    Ok(all)
}

/// Sessions, API tokens, one-time links, roles and invitations not yet accepted go.
async fn forget_credentials(conn: &impl ConnectionTrait, id: i64) -> AppResult<()> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(id))
        .exec(conn)
        .await?;
    api_token::Entity::delete_many()
        .filter(api_token::Column::UserId.eq(id))
        .exec(conn)
        .await?;
    account_token::Entity::delete_many()
        .filter(account_token::Column::UserId.eq(id))
        .exec(conn)
        .await?;
    role_assignment::Entity::delete_many()
        .filter(role_assignment::Column::UserId.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The payer's name and address on their requests, and the bank's name for them on the
/// payments and statement lines, are replaced; amounts and references stay.
async fn keep_books(
    conn: &impl ConnectionTrait,
    id: i64,
    name: &str,
    address: &str,
) -> AppResult<()> {
    let requests = Query::select()
        .column(payment_request::Column::Id)
        .from(payment_request::Entity)
        .and_where(payment_request::Column::PayerUserId.eq(id))
        .to_owned();
    let payments = Query::select()
        .column(payment::Column::Id)
        .from(payment::Entity)
        .and_where(payment::Column::PaymentRequestId.in_subquery(requests.clone()))
        .to_owned();
    statement_line::Entity::update_many()
        .col_expr(statement_line::Column::Counterparty, Expr::value(name))
        .filter(statement_line::Column::PaymentId.in_subquery(payments))
        .exec(conn)
        .await?;
    payment::Entity::update_many()
        .col_expr(payment::Column::Counterparty, Expr::value(None::<String>))
        .filter(payment::Column::PaymentRequestId.in_subquery(requests))
        .exec(conn)
        .await?;
    payment_request::Entity::update_many()
        .col_expr(payment_request::Column::PayerName, Expr::value(name))
        .col_expr(payment_request::Column::PayerEmail, Expr::value(address))
        .filter(payment_request::Column::PayerUserId.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Texts written for others stay, without the person's name and address in them.
async fn keep_writings(
    conn: &impl ConnectionTrait,
    account: &user::Model,
    name: &str,
    address: &str,
) -> AppResult<()> {
    let id = account.id;
    let (old_name, old_address) = (account.display_name.as_str(), account.email.as_str());
    let pairs = [(old_name, name), (old_address, address)];
    support_message::Entity::update_many()
        .col_expr(
            support_message::Column::Body,
            scrubbed(support_message::Column::Body, &pairs),
        )
        .filter(support_message::Column::UserId.eq(id))
        .exec(conn)
        .await?;
    support_request::Entity::update_many()
        .col_expr(
            support_request::Column::Need,
            scrubbed(support_request::Column::Need, &pairs),
        )
        .col_expr(
            support_request::Column::Title,
            scrubbed(support_request::Column::Title, &pairs),
        )
        .filter(support_request::Column::CreatedBy.eq(id))
        .exec(conn)
        .await?;
    practice_sheet::Entity::update_many()
        .col_expr(
            practice_sheet::Column::Contacts,
            scrubbed(practice_sheet::Column::Contacts, &pairs),
        )
        .col_expr(
            practice_sheet::Column::SearchText,
            scrubbed(practice_sheet::Column::SearchText, &pairs),
        )
        .filter(practice_sheet::Column::CreatedBy.eq(id))
        .exec(conn)
        .await?;
    invitation::Entity::delete_many()
        .filter(invitation::Column::Email.eq(old_address))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(conn)
        .await?;
    invitation::Entity::update_many()
        .col_expr(invitation::Column::Email, Expr::value(address))
        .filter(invitation::Column::Email.eq(old_address))
        .exec(conn)
        .await?;
    Ok(())
}

/// Copies of emails sent to the person keep who (the new name and address), when and status;
/// their bodies and attachments go.
async fn forget_mail(
    conn: &impl ConnectionTrait,
    addresses: &[String],
    name: &str,
) -> AppResult<()> {
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::ToName, Expr::value(name))
        .col_expr(outbox_message::Column::ToEmail, Expr::value(FORGOTTEN))
        .col_expr(outbox_message::Column::BodyText, Expr::value(String::new()))
        .col_expr(outbox_message::Column::BodyHtml, Expr::value(String::new()))
        .col_expr(
            outbox_message::Column::Attachments,
            Expr::value(Attachments(vec![])),
        )
        // The one-click link names the account.
        .col_expr(
            outbox_message::Column::UnsubscribeUrl,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox_message::Column::ToEmail.is_in(addresses.iter().cloned()))
        .exec(conn)
        .await?;
    Ok(())
}

/// The address kept on copies of emails once their recipient closed the account.
pub const FORGOTTEN: &str = "closed@closed.invalid";

#[derive(Serialize)]
struct ClosedMail {
    id: i64,
}

/// Queues the last email, to the address the account had (call before the erasure commits).
pub async fn queue_last_mail(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    account: &user::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let lang = Lang::parse(&account.locale).unwrap_or(Lang::Fr);
    outbox::queue(
        conn,
        mailer,
        OutgoingEmail::new(
            MailTemplate::AccountClosed,
            lang,
            &account.email,
            &former_member(account.id),
            ClosedMail { id: account.id },
        ),
        now,
    )
    .await?;
    Ok(())
}

/// Once the last email went out, its copy forgets the address too (a daily job).
pub async fn forget_sent_last_mails(conn: &impl ConnectionTrait) -> AppResult<u64> {
    Ok(outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::ToEmail, Expr::value(FORGOTTEN))
        .filter(outbox_message::Column::Template.eq(MailTemplate::AccountClosed.name()))
        .filter(outbox_message::Column::Status.eq(OutboxStatus::Sent))
        .filter(outbox_message::Column::ToEmail.ne(FORGOTTEN))
        .exec(conn)
        .await?
        .rows_affected)
}

/// The job handler (registered as a daily kind in `startup.rs`).
pub fn forget_job<'a>(
    state: &'a crate::state::AppState,
    _job: &'a entity::job::Model,
) -> crate::jobs::JobFuture<'a> {
    Box::pin(async move {
        forget_sent_last_mails(&state.db).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::format::shown_name;

    #[test]
    fn a_closed_account_is_named_in_the_readers_language() {
        let name = former_member(12);
        assert_eq!(shown_name(Lang::Fr, &name), "ancien membre n° 12");
        assert_eq!(shown_name(Lang::En, &name), "former member #12");
        assert_eq!(shown_name(Lang::Nl, &name), "voormalig lid nr. 12");
        let arabic = shown_name(Lang::Ar, &name);
        assert!(
            arabic.starts_with("عضو سابق رقم") && arabic.contains("12"),
            "{arabic}"
        );
        for other in [
            "Amina",
            "former member #",
            "former member #1x",
            "a former member #3",
        ] {
            assert_eq!(shown_name(Lang::Fr, other), other);
        }
    }
}
