//! The scheduled work of campaigns, registered with the jobs core in `startup.rs`: order
//! windows that open, reminders, closes, and the result emails a close leaves to send.

use entity::CampaignId;
use entity::job;

use super::service::{JOB_CLOSE, JOB_OPEN, JOB_REMIND};
use crate::error::AppError;
use crate::jobs::{JobFuture, JobKinds, payload_id};
use crate::state::AppState;

/// Registers the job kinds group orders own.
pub fn register(kinds: JobKinds) -> JobKinds {
    kinds
        .on(JOB_OPEN, open)
        .on(JOB_REMIND, remind)
        .on(JOB_CLOSE, close)
        .on(super::result_mail::JOB_RESULTS, results)
}

fn open<'a>(state: &'a AppState, j: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let id = CampaignId(payload_id(j, "campaign_id")?);
        super::service::open_due(&state.db, &state.mailer, id, state.now()).await?;
        Ok(())
    })
}

fn remind<'a>(state: &'a AppState, j: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let id = CampaignId(payload_id(j, "campaign_id")?);
        super::service::remind_due(&state.db, &state.mailer, id, state.now()).await?;
        Ok(())
    })
}

/// Closes the campaign at the end of its window (a campaign deleted since needs nothing).
fn close<'a>(state: &'a AppState, j: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let id = CampaignId(payload_id(j, "campaign_id")?);
        let ctx = super::api::ctx(state);
        match super::close::close(&state.db, &ctx, None, id, false, state.now()).await {
            Ok(_) | Err(AppError::NotFound) => Ok(()),
            Err(e) => Err(e),
        }
    })
}

fn results<'a>(state: &'a AppState, j: &'a job::Model) -> JobFuture<'a> {
    Box::pin(super::result_mail::run_job(state, j))
}
