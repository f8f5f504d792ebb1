//! The admin page of the outbox (queued, sent, failed messages; retry) and of recent jobs.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::outbox_message::OutboxStatus;
use serde::Deserialize;

use super::outbox;
use super::views::*;
use crate::error::AppResult;
use crate::web::auth::AdminUser;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::page::{Page, redirect};
use crate::web::pagination::PageQuery;

#[derive(Deserialize)]
pub struct OutboxQuery {
    status: Option<String>,
    page: Option<u64>,
}

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

pub async fn outbox(
    page: Page,
    admin: AdminUser,
    q: web::Query<OutboxQuery>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let paging = PageQuery {
        page: q.page,
        per_page: Some(50),
    };
    let status = q.status.as_deref().and_then(OutboxStatus::parse);
    let (counts, rows, total) = outbox::list(&st.db, &admin.0, status, &paging).await?;
    let jobs = crate::jobs::service::recent(&st.db, 20).await?;
    let view = OutboxView {
        counts: counts
            .into_iter()
            .map(|(s, count)| StatusCount {
                current: status == Some(s),
                status: s,
                count,
            })
            .collect(),
        messages: rows
            .into_iter()
            .map(|m| MessageRow {
                id: m.id,
                to_email: m.to_email,
                subject: m.subject,
                template: m.template,
                locale: m.locale,
                status: m.status,
                attempts: m.attempts,
                created_at: when(m.created_at),
                next_attempt_at: when(m.next_attempt_at),
                sent_at: m.sent_at.map(when),
                last_error: m.last_error,
            })
            .collect(),
        status,
        page: paging.page(),
        pages: total.div_ceil(paging.per_page()).max(1),
        jobs: jobs
            .into_iter()
            .map(|j| JobRow {
                id: j.id,
                kind: j.kind,
                status: j.status,
                attempts: j.attempts,
                run_at: when(j.run_at),
                last_error: j.last_error,
            })
            .collect(),
    };
    page.render_form(StatusCode::OK, "admin/outbox.html.tera", &view)
}

pub async fn retry(
    page: Page,
    admin: AdminUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    outbox::retry(&st.db, &admin.0, *id, st.now()).await?;
    page.flash("success", "flash-message-requeued");
    Ok(redirect("/admin/outbox?status=queued"))
}
