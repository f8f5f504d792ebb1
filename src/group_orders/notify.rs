//! The result emails of a close or a re-allocation: each member's lines explained, their bill,
//! and the transfer details with the EPC QR code when they owe something.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{campaign_product, payment_request, user};
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::service::CampaignFull;
use crate::error::{AppError, AppResult};
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::payments::service::{self as payments};
use crate::web::i18n::Lang;

use super::close::{Allotted, Billed, Ctx};
use super::result::explain;

#[derive(Serialize)]
struct ResultMail<'a> {
    title: &'a str,
    group: &'a str,
    changed: bool,
    lines: Vec<MailLine>,
    goods: String,
    vat: Vec<MailVat>,
    transport: String,
    /// The group's real transport cost, when the members pay it instead of the estimate.
    real_transport: Option<String>,
    estimated_transport: String,
    fee: Option<String>,
    total: String,
    pickup: Option<String>,
    delivery_on: String,
    link: String,
    payment: Option<payments::PaymentMail>,
    card: bool,
}

#[derive(Serialize)]
struct MailVat {
    rate: String,
    amount: String,
}

#[derive(Serialize)]
struct MailLine {
    name: String,
    explanation: String,
    amount: String,
}

/// Renders each member's result email (templates, QR codes: the costly part, spread over the
/// cores) into outbox rows, without touching the database: the close calls it on a blocking
/// thread after its transaction.
#[expect(
    clippy::too_many_arguments,
    reason = "the close's data, already in memory"
)]
pub(super) fn render_results(
    mailer: &Mailer,
    card: bool,
    c: &CampaignFull,
    all: &[Allotted],
    billed: &[Billed],
    requests: &HashMap<i64, payment_request::Model>,
    users: &HashMap<i64, user::Model>,
    only: Option<&[i64]>,
    now: DateTime<Utc>,
) -> AppResult<Vec<entity::outbox_message::ActiveModel>> {
    use crate::money::Cents;
    let products: HashMap<i64, &campaign_product::Model> =
        c.products.iter().map(|p| (p.id, p)).collect();
    let mut lines_of: HashMap<i64, Vec<&Allotted>> = HashMap::new();
    for a in all {
        lines_of.entry(a.line.user_id).or_default().push(a);
    }
    let pickup = c
        .campaign
        .pickup_point_id
        .and_then(|id| c.group.pickup_points.iter().find(|p| p.id == id))
        .map(|p| format!("{} — {}", p.name, p.address));
    // Rendering (templates, QR codes) is the costly part: done on every core, then stored in a
    // few statements.
    let build = |b: &Billed| -> AppResult<Option<entity::outbox_message::ActiveModel>> {
        let Some(u) = users.get(&b.user_id) else {
            return Ok(None);
        };
        let lang = Lang::parse(&u.locale).unwrap_or(Lang::Fr);
        let lines = lines_of
            .get(&b.user_id)
            .map(|ls| {
                ls.iter()
                    .filter_map(|a| {
                        let p = products.get(&a.line.campaign_product_id)?;
                        Some(MailLine {
                            name: format!(
                                "{} ({})",
                                p.name.pick(lang.code()),
                                p.unit_in(lang.code())
                            ),
                            explanation: explain(
                                lang,
                                a.why.as_str(),
                                a.line.quantity,
                                a.line.tolerance,
                                a.units as i32,
                            ),
                            amount: (a.units * p.price_cents).euros(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (payment, png) = match requests.get(&b.user_id) {
            Some(r) if b.bill.total_cents > Cents::ZERO && r.cancelled_at.is_none() => {
                let (m, png) = payments::payment_mail(mailer, r, lang)?;
                (Some(m), png)
            }
            _ => (None, None),
        };
        let mail = ResultMail {
            title: &c.campaign.title,
            group: &c.group.group.name,
            changed: only.is_some(),
            lines,
            goods: b.bill.goods_cents.euros(),
            vat: b
                .bill
                .vat_by_rate
                .iter()
                .map(|(r, v)| MailVat {
                    rate: crate::web::format::percent_bp(lang, i64::from(*r)),
                    amount: v.euros(),
                })
                .collect(),
            transport: b.bill.transport_cents.euros(),
            real_transport: c.campaign.real_transport_cents.map(Cents::euros),
            estimated_transport: c.campaign.transport_cents.euros(),
            fee: (b.bill.fee_cents > Cents::ZERO).then(|| b.bill.fee_cents.euros()),
            total: b.bill.total_cents.euros(),
            pickup: pickup.clone(),
            delivery_on: crate::web::format::date(lang, c.campaign.delivery_on),
            // In the reader's language: the page (and the login page before it) opens in it.
            link: mailer.link(&format!(
                "/campaigns/{}?lang={}",
                c.campaign.id,
                lang.code()
            )),
            payment,
            card,
        };
        let mut email = OutgoingEmail::new(
            MailTemplate::CampaignResult,
            lang,
            &u.email,
            &u.display_name,
            mail,
        );
        if let Some(png) = png {
            email = email.attach(png);
        }
        outbox::prepare(mailer, &email, now).map(Some)
    };
    let todo: Vec<&Billed> = billed
        .iter()
        .filter(|b| only.is_none_or(|o| o.contains(&b.user_id)))
        .collect();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let per_thread = todo.len().div_ceil(threads).max(1);
    let built: Vec<AppResult<Option<entity::outbox_message::ActiveModel>>> = if todo.len() < 16 {
        todo.iter().map(|b| build(b)).collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = todo
                .chunks(per_thread)
                .map(|chunk| scope.spawn(|| chunk.iter().map(|b| build(b)).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join().unwrap_or_else(|_| {
                        vec![Err(AppError::Unexpected(anyhow::anyhow!(
                            "rendering the result emails failed"
                        )))]
                    })
                })
                .collect()
        })
    };
    let mut rows = Vec::with_capacity(built.len());
    for r in built {
        if let Some(row) = r? {
            rows.push(row);
        }
    }
    Ok(rows)
}

#[derive(Serialize)]
struct OrderMail<'a> {
    producer: &'a str,
    title: &'a str,
    group: &'a str,
    closed_at: String,
    delivery_on: String,
    lines: Vec<OrderMailLine>,
    total: String,
    link: String,
}

#[derive(Serialize)]
struct OrderMailLine {
    name: String,
    unit: String,
    cases: String,
    units: String,
    amount: String,
}

/// Tells the members of every producer with units ordered that its purchase order is waiting
/// for them, in their language, with a link to it (producers allotted nothing get nothing).
/// Two queries whatever the number of producers.
pub(super) async fn queue_purchase_orders(
    conn: &impl ConnectionTrait,
    ctx: &Ctx<'_>,
    c: &CampaignFull,
    now: DateTime<Utc>,
) -> AppResult<()> {
    use crate::money::Cents;
    use crate::security::Role;
    use entity::role_assignment;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let Some(mailer) = ctx.mailer else {
        return Ok(());
    };
    let mut ordered: Vec<entity::ProducerId> = c
        .products
        .iter()
        .filter(|p| p.ordered_units > 0)
        .map(|p| p.producer_id)
        .collect();
    ordered.sort_unstable();
    ordered.dedup();
    if ordered.is_empty() {
        return Ok(());
    }
    let members = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq(Role::ProducerMember.as_str()))
        .filter(role_assignment::Column::ScopeType.eq(Role::ProducerMember.scope_type().as_str()))
        .filter(role_assignment::Column::ScopeId.is_in(ordered.iter().copied()))
        .find_also_related(user::Entity)
        .all(conn)
        .await?;
    let closed_at = c.campaign.closed_at.unwrap_or(now);
    let mut rows = Vec::new();
    for (r, u) in members {
        let Some(u) = u else {
            continue;
        };
        let producer_id = entity::ProducerId(r.scope_id);
        let Some(p) = c.producers.iter().find(|p| p.id == producer_id) else {
            continue;
        };
        let lang = Lang::parse(&u.locale).unwrap_or(Lang::Fr);
        let tr =
            |key: &str, n: i64| crate::web::i18n::translate_args(lang, key, &[("n", n.into())]);
        let own: Vec<&campaign_product::Model> = c
            .products
            .iter()
            .filter(|l| l.producer_id == producer_id && l.ordered_units > 0)
            .collect();
        let total: Cents = own
            .iter()
            .map(|l| i64::from(l.ordered_units) * l.price_cents)
            .sum();
        let mail = OrderMail {
            producer: &p.name,
            title: &c.campaign.title,
            group: &c.group.group.name,
            closed_at: crate::web::format::datetime(lang, closed_at),
            delivery_on: crate::web::format::date(lang, c.campaign.delivery_on),
            lines: own
                .iter()
                .map(|l| OrderMailLine {
                    name: l.name.pick(lang.code()).to_owned(),
                    unit: l.unit_in(lang.code()).to_owned(),
                    cases: tr("orders-cases", i64::from(l.ordered_cases)),
                    units: tr("orders-units", i64::from(l.ordered_units)),
                    amount: (i64::from(l.ordered_units) * l.price_cents).euros(),
                })
                .collect(),
            total: total.euros(),
            link: mailer.link(&format!(
                "/producer/{producer_id}/orders/{}?lang={}",
                c.campaign.id,
                lang.code()
            )),
        };
        let email = OutgoingEmail::new(
            MailTemplate::PurchaseOrder,
            lang,
            &u.email,
            &u.display_name,
            mail,
        );
        rows.push(outbox::prepare(mailer, &email, now)?);
    }
    outbox::store(conn, rows).await
}
