//! Admins read who exported lists of people (`/admin/exports`, `GET /api/v1/admin/exports`):
//! when, what, of which partnership, how many rows. Newest first, a page at a time.

use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{AppResult, Problem};
use crate::security::exports::{self, ExportRecord};
use crate::state::AppState;
use crate::web::auth::{AdminUser, ApiUser};
use crate::web::page::Page;
use crate::web::pagination::{ListPage, PageQuery};

/// One recorded export.
#[derive(Serialize, ToSchema)]
pub struct ExportDto {
    pub id: i64,
    /// RFC 3339 UTC.
    pub created_at: String,
    pub user_id: i64,
    /// Null when the account was closed since.
    pub user_name: Option<String>,
    pub user_email: Option<String>,
    /// `travellers_csv`, `members_csv`, `member_lines_csv`, `transfers_csv`.
    pub kind: String,
    pub partnership: Option<String>,
    pub partnership_name: Option<String>,
    /// Of what: `departure 12 (...)`, `campaign 3 (...)`, `payout batch 2`.
    pub subject: String,
    pub row_count: i32,
}

impl From<ExportRecord> for ExportDto {
    fn from(r: ExportRecord) -> Self {
        let e = r.export;
        let (user_name, user_email) = r.who.unzip();
        let (partnership, partnership_name) = r.partnership.unzip();
        ExportDto {
            id: e.id,
            created_at: e.created_at.to_rfc3339(),
            user_id: e.user_id,
            user_name,
            user_email,
            kind: e.kind,
            partnership,
            partnership_name,
            subject: e.subject,
            row_count: e.row_count,
        }
    }
}

#[derive(Serialize)]
struct ExportsView {
    exports: Vec<ExportDto>,
    page: u64,
    pages: u64,
}

#[derive(Deserialize)]
pub struct ExportsQuery {
    page: Option<u64>,
}

/// The admins' page.
pub async fn exports_page(
    page: Page,
    admin: AdminUser,
    q: web::Query<ExportsQuery>,
) -> AppResult<HttpResponse> {
    let paging = PageQuery {
        page: q.page,
        per_page: Some(50),
    };
    let (rows, total) = exports::list(&page.state().db, &admin.0, &paging).await?;
    page.render(
        "privacy/exports.html.tera",
        &ExportsView {
            exports: rows.into_iter().map(ExportDto::from).collect(),
            page: paging.page(),
            pages: total.div_ceil(paging.per_page()).max(1),
        },
    )
}

/// Exports of people's data by coordinators and hosts, newest first (admins).
#[utoipa::path(
    params(("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, body = ListPage<ExportDto>), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])),
    tag = "admin"
)]
#[get("/admin/exports")]
pub async fn list_exports(
    st: web::Data<AppState>,
    user: ApiUser,
    q: web::Query<PageQuery>,
) -> AppResult<web::Json<ListPage<ExportDto>>> {
    let (rows, total) = exports::list(&st.db, &user.0, &q).await?;
    Ok(web::Json(ListPage::new(
        rows.into_iter().map(ExportDto::from).collect(),
        &q,
        total,
    )))
}
