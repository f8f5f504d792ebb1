//! The result emails of a close (and of a re-allocation, to the members whose result changed),
//! rendered after its transaction (not under SQLite's write lock)
//! on a blocking thread (not on the async thread that answers requests), and never lost: the
//! close schedules a job in its own transaction; the rows are stored in a short transaction
//! that also marks that job done, by the close right after its commit or, if that never happened
//! (the process died in between), by the job, which rebuilds them from the stored allocations
//! and shares. Whoever marks the job done stores the emails: each member gets exactly one.

use entity::CampaignId;
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::{basket_line, campaign_share, job, outbox_message, payment_request, user};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::close::{Allotted, Billed, Ctx, bill_members, users_by_id};
use super::domain::Why;
use super::notify::render_results;
use super::service::{self, CampaignFull};
use crate::error::{AppError, AppResult};
use crate::jobs::service as jobs;
use crate::mail::outbox;
use crate::state::AppState;

/// The job that sends a closed campaign's result emails when the close could not.
pub const JOB_RESULTS: &str = "campaign_results";

/// How long the job waits for the close to store the emails itself.
const GRACE_MINUTES: i64 = 10;

/// What the emails are rendered from: the close's data, or the same rebuilt by the job.
pub(super) struct Input {
    pub c: CampaignFull,
    pub all: Vec<Allotted>,
    pub billed: Vec<Billed>,
    pub requests: HashMap<i64, payment_request::Model>,
    pub users: HashMap<i64, user::Model>,
    /// The members to tell (after a re-allocation); None: everyone with a line (the close).
    pub only: Option<Vec<i64>>,
}

/// Emails a transaction has left to render after its commit: its job and what to render.
pub(super) struct Pending {
    pub job: i64,
    pub input: Input,
}

/// Schedules the job, in the close's (or the re-allocation's) transaction. None if it already
/// exists. `revision`: the campaign's revision after a re-allocation (None: the close).
pub(super) async fn schedule(
    conn: &impl sea_orm::ConnectionTrait,
    campaign_id: CampaignId,
    revision: Option<i32>,
    only: Option<&[i64]>,
    now: DateTime<Utc>,
) -> AppResult<Option<i64>> {
    let key = match revision {
        Some(r) => format!("{JOB_RESULTS}:{campaign_id}:r{r}"),
        None => format!("{JOB_RESULTS}:{campaign_id}"),
    };
    jobs::schedule(
        conn,
        JOB_RESULTS,
        serde_json::json!({ "campaign_id": campaign_id, "only": only }),
        now + Duration::minutes(GRACE_MINUTES),
        Some(key),
        5,
        now,
    )
    .await
}

/// Who may mark the job done: the close (the job still waits) or the worker that claimed it.
enum Holder<'a> {
    Close,
    Worker(&'a str),
}

/// After the close's (or the re-allocation's) commit: renders on a blocking thread, then stores the emails if the job
/// still waits. A failure is logged, not returned: the campaign is closed, the job will send.
#[tracing::instrument(skip_all)]
pub(super) async fn after_commit(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    job_id: i64,
    input: Input,
    now: DateTime<Utc>,
) {
    let Some(mailer) = ctx.mailer.cloned() else {
        return;
    };
    let card = ctx.card;
    let probe = ctx.probe.clone();
    let campaign_id = input.c.campaign.id;
    let rendered = tokio::task::spawn_blocking(move || {
        if let Some(p) = probe
            && !p(campaign_id)
        {
            return Ok(None);
        }
        render(&mailer, card, &input, now).map(Some)
    })
    .await;
    let res = match rendered {
        Ok(Ok(Some(rows))) => store(db, job_id, Holder::Close, rows, now)
            .await
            .map(|_| ()),
        Ok(Ok(None)) => Ok(()),
        Ok(Err(e)) => Err(e),
        Err(e) => Err(AppError::Unexpected(anyhow::anyhow!(
            "rendering the result emails: {e}"
        ))),
    };
    if let Err(e) = res {
        tracing::warn!(campaign_id = campaign_id.get(), error = %e, "result emails left to the job");
    }
}

fn render(
    mailer: &outbox::Mailer,
    card: bool,
    i: &Input,
    now: DateTime<Utc>,
) -> AppResult<Vec<outbox_message::ActiveModel>> {
    render_results(
        mailer,
        card,
        &i.c,
        &i.all,
        &i.billed,
        &i.requests,
        &i.users,
        i.only.as_deref(),
        now,
    )
}

/// Stores the rows and marks the job done, in one short transaction; false (nothing stored)
/// when the job is no longer the holder's.
async fn store(
    db: &DatabaseConnection,
    job_id: i64,
    holder: Holder<'_>,
    rows: Vec<outbox_message::ActiveModel>,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let txn = crate::db::begin_write(db).await?;
    let mut mark = job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(job::JobStatus::Done))
        .col_expr(job::Column::UpdatedAt, Expr::value(now))
        .filter(job::Column::Id.eq(job_id));
    mark = match holder {
        Holder::Close => mark.filter(job::Column::Status.eq(job::JobStatus::Pending)),
        Holder::Worker(w) => mark
            .filter(job::Column::Status.eq(job::JobStatus::Running))
            .filter(job::Column::LockedBy.eq(w)),
    };
    if mark.exec(&txn).await?.rows_affected != 1 {
        txn.rollback().await?;
        return Ok(false);
    }
    outbox::store(&txn, rows).await?;
    txn.commit().await?;
    Ok(true)
}

/// The job: rebuilds the emails from the stored allocations, shares and payment requests.
pub async fn run_job(state: &AppState, j: &job::Model) -> AppResult<()> {
    let Some(id) = j
        .payload
        .get("campaign_id")
        .and_then(|v| v.as_i64())
        .map(CampaignId)
    else {
        return Err(AppError::Unexpected(anyhow::anyhow!(
            "job {} has no campaign_id",
            j.id
        )));
    };
    let only: Option<Vec<i64>> = j
        .payload
        .get("only")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_i64()).collect());
    let worker = j.locked_by.clone().unwrap_or_default();
    let db = &state.db;
    let c = match service::load(db, id).await {
        Ok(c) => c,
        Err(AppError::NotFound) => return Ok(()),
        Err(e) => return Err(e),
    };
    let all: Vec<Allotted> = basket_line::Entity::find()
        .filter(basket_line::Column::CampaignId.eq(id))
        .order_by_asc(basket_line::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|line| Allotted {
            units: line.allocated.map(i64::from).unwrap_or(0),
            why: line
                .reason
                .as_deref()
                .and_then(Why::parse)
                .unwrap_or(Why::AsAsked),
            line,
        })
        .collect();
    let billed = bill_members(&c.campaign, &c.group.partnership, &c.products, &all);
    let shares = campaign_share::Entity::find()
        .filter(campaign_share::Column::CampaignId.eq(id))
        .all(db)
        .await?;
    let payer: HashMap<entity::PaymentRequestId, i64> = shares
        .iter()
        .filter_map(|s| Some((s.payment_request_id?, s.user_id)))
        .collect();
    let ids: Vec<entity::PaymentRequestId> = payer.keys().copied().collect();
    let mut requests = HashMap::new();
    for chunk in ids.chunks(500) {
        for r in payment_request::Entity::find()
            .filter(payment_request::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            if let Some(u) = payer.get(&r.id) {
                requests.insert(*u, r);
            }
        }
    }
    let users = users_by_id(db, billed.iter().map(|b| b.user_id)).await?;
    let input = Input {
        c,
        all,
        billed,
        requests,
        users,
        only,
    };
    let mailer = state.mailer.clone();
    let card = state.stripe.is_some();
    let now = state.now();
    let rows = tokio::task::spawn_blocking(move || render(&mailer, card, &input, now))
        .await
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("rendering the result emails: {e}")))??;
    store(db, j.id, Holder::Worker(&worker), rows, now).await?;
    Ok(())
}
