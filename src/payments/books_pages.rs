//! The treasurers' books pages: `/partnerships/<slug>/payments` (the partnership's account and
//! all its requests) and `/groups/<slug>/payments` (a group's members' shares and the group's own
//! account). One set of handlers serves both (`G`: the group's books). Every form posts from
//! the page it is on and leads back there; a communication typed wrong or unknown comes back as
//! a message on its field (422, the form kept), never a "page not found".

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::domain::format_iban;
use super::input::{on_field, today, typed_amount, typed_day};
use super::scope::{Named, Scope, ScopeRef};
use super::service::{self, ImportReport};
use super::views::*;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, CsrfUpload, Empty};
use crate::web::i18n::{Lang, translate};
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

fn which<const G: bool>(slug: &str) -> ScopeRef<'_> {
    if G {
        ScopeRef::Group(slug)
    } else {
        ScopeRef::Partnership(slug)
    }
}

fn books_path<const G: bool>(slug: &str) -> String {
    if G {
        format!("/groups/{slug}/payments")
    } else {
        format!("/partnerships/{slug}/payments")
    }
}

fn report_view(lang: Lang, r: ImportReport) -> ReportView {
    ReportView {
        applied: r.applied,
        unmatched: r.unmatched,
        ignored: r.ignored,
        already_imported: r.already_imported,
        errors: r
            .errors
            .iter()
            .map(|e| {
                translate(
                    lang,
                    &format!("books-line-error-{}", e.code),
                    &[("n", &e.line_no.to_string()), ("value", &e.value)],
                )
            })
            .collect(),
    }
}

async fn render(
    page: &Page,
    user: &SessionUser,
    books: ScopeRef<'_>,
    status: StatusCode,
    report: Option<ImportReport>,
    forms: BooksForms,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let b = service::books(&page.state().db, &user.0, books).await?;
    let (kind, name, back_href, account) = match &b.scope {
        Scope::Partnership(p) => (
            "partnership",
            p.name.clone(),
            format!("/partnerships/{}", p.slug),
            (&p.account_name, &p.iban, &p.bic),
        ),
        Scope::Group { group, .. } => (
            "group",
            group.name.clone(),
            format!("/groups/{}", group.slug),
            (&group.account_name, &group.iban, &group.bic),
        ),
    };
    let import_blocked = (!b.scope.has_own_account()).then_some(match kind {
        "group" => "books-import-blocked-group",
        _ => "books-import-blocked-partnership",
    });
    let who = |id: entity::PaymentRequestId| {
        b.named
            .get(&id)
            .map(|r| (Some(r.reference.clone()), r.payer_name.clone()))
            .unwrap_or_default()
    };
    page.render_form(
        status,
        "payments/books.html.tera",
        &BooksView {
            kind,
            path: b.scope.path(),
            name,
            back_href,
            account_name: account.0.clone().unwrap_or_default(),
            iban: account.1.as_deref().map(format_iban).unwrap_or_default(),
            bic: account.2.clone().unwrap_or_default(),
            import_blocked,
            requests: b.requests.iter().map(RequestRow::of).collect(),
            listed_max: super::books::LISTED,
            to_refund: b.to_refund.iter().map(RequestRow::of).collect(),
            unmatched: b
                .unmatched
                .iter()
                .map(|l| LineRow {
                    id: l.id,
                    booked_on: l.booked_on,
                    amount_cents: l.amount_cents,
                    communication: l.communication.clone(),
                    counterparty: l.counterparty.clone(),
                })
                .collect(),
            flagged: b
                .flagged
                .iter()
                .map(|p| {
                    let reason = p.flag_reason.clone().unwrap_or_default();
                    let (request, payer_name) = who(p.payment_request_id);
                    FlagRow {
                        amount_cents: p.amount_cents,
                        received_on: p.received_on,
                        reason_key: flag_key(&reason),
                        reason,
                        request,
                        payer_name,
                    }
                })
                .collect(),
            pending_refunds: b
                .pending_refunds
                .iter()
                .map(|f| {
                    let (request, payer_name) = who(f.payment_request_id);
                    RefundRow {
                        id: f.id,
                        amount_cents: f.amount_cents,
                        reason: f.reason.clone().unwrap_or_default(),
                        created_at: f.created_at,
                        request,
                        payer_name,
                    }
                })
                .collect(),
            totals: b.totals,
            report: report.map(|r| report_view(page.lang, r)),
            forms,
            errors: errors.messages(page.lang),
        },
    )
}

fn fresh_forms(page: &Page) -> BooksForms {
    BooksForms {
        received_on: today(page),
        ..Default::default()
    }
}

pub async fn books<const G: bool>(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let forms = fresh_forms(&page);
    render(
        &page,
        &user,
        which::<G>(&slug),
        StatusCode::OK,
        None,
        forms,
        FieldErrors::new(),
    )
    .await
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FindQuery {
    pub communication: String,
}

/// Finds a request by the communication as the treasurer has it in hand (a bank statement, a
/// payer's message) and opens its page.
pub async fn find<const G: bool>(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    q: web::Query<FindQuery>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let named = Named::Typed {
        books: which::<G>(&slug),
        field: "communication",
        key: &q.communication,
    };
    match super::scope::resolve(&st.db, &user.0, named)
        .await
        .checked()?
    {
        Checked::Done(r) => Ok(redirect(&format!("/payments/requests/{}", r.reference))),
        Checked::Invalid(e) => {
            let forms = BooksForms {
                communication: q.communication.clone(),
                ..fresh_forms(&page)
            };
            render(
                &page,
                &user,
                which::<G>(&slug),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                forms,
                e,
            )
            .await
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RecordForm {
    pub reference: String,
    pub amount: String,
    pub received_on: String,
}

/// Records a transfer received, for the request its communication names.
pub async fn record<const G: bool>(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<RecordForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let mut errors = FieldErrors::new();
    let amount = typed_amount(&form.amount);
    if amount.is_none() {
        errors.add("amount", FieldError::new("euros"));
    }
    let received_on = typed_day(&form.received_on);
    if received_on.is_none() {
        errors.add("received_on", FieldError::new("date"));
    }
    let result = match (amount, received_on) {
        (Some(a), Some(d)) => {
            let named = Named::Typed {
                books: which::<G>(&slug),
                field: "reference",
                key: &form.reference,
            };
            service::record_payment(&st.db, &user.0, named, a, d, st.now())
                .await
                .map(|_| ())
        }
        _ => Err(AppError::Validation(errors)),
    };
    match result.checked()? {
        Checked::Done(()) => {
            Ok(page.flash_redirect("success", "flash-payment-recorded", &books_path::<G>(&slug)))
        }
        Checked::Invalid(e) => {
            let forms = BooksForms {
                reference: form.reference,
                amount: form.amount,
                received_on: form.received_on,
                ..Default::default()
            };
            render(
                &page,
                &user,
                which::<G>(&slug),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                forms,
                e,
            )
            .await
        }
    }
}

/// Imports a bank statement CSV of the books' account.
pub async fn import<const G: bool>(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    upload: CsrfUpload,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let forms = fresh_forms(&page);
    let Ok(text) = String::from_utf8(upload.file.into_bytes().await?) else {
        let e = FieldErrors::single("statement", FieldError::new("csv-encoding"));
        return render(
            &page,
            &user,
            which::<G>(&slug),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            forms,
            e,
        )
        .await;
    };
    let name = upload.filename.as_deref().unwrap_or("upload");
    let report =
        service::import_statement(&st.db, &user.0, which::<G>(&slug), name, &text, st.now())
            .await?;
    render(
        &page,
        &user,
        which::<G>(&slug),
        StatusCode::OK,
        Some(report),
        forms,
        FieldErrors::new(),
    )
    .await
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MatchForm {
    pub target: String,
}

/// Matches an unmatched statement line by hand to the request the treasurer names.
pub async fn match_line<const G: bool>(
    page: Page,
    user: SessionUser,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<MatchForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (slug, line_id) = path.into_inner();
    match service::match_line(&st.db, &user.0, line_id, &form.target, st.now())
        .await
        .checked()?
    {
        Checked::Done(_) => {
            Ok(page.flash_redirect("success", "flash-payment-recorded", &books_path::<G>(&slug)))
        }
        Checked::Invalid(e) => {
            let forms = BooksForms {
                match_line: Some(line_id),
                match_target: form.target,
                ..fresh_forms(&page)
            };
            render(
                &page,
                &user,
                which::<G>(&slug),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                forms,
                e,
            )
            .await
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RefundForm {
    pub refund_reference: String,
    pub refund_amount: String,
    pub refund_reason: String,
    /// A checkbox: the payer still owes what is refunded.
    pub still_owed: Option<String>,
}

/// Refunds part or all of what a request holds.
pub async fn refund<const G: bool>(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<RefundForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match typed_amount(&form.refund_amount) {
        Some(a) => service::refund(
            &st.db,
            st.stripe.as_deref(),
            &user.0,
            Named::Typed {
                books: which::<G>(&slug),
                field: "refund_reference",
                key: &form.refund_reference,
            },
            service::RefundAsk {
                amount_cents: a,
                reason: &form.refund_reason,
                still_owed: form.still_owed.is_some(),
            },
            st.now(),
        )
        .await
        .map(|_| ()),
        None => Err(AppError::Validation(FieldErrors::single(
            "refund_amount",
            FieldError::new("euros"),
        ))),
    };
    match result.checked()? {
        Checked::Done(()) => {
            Ok(page.flash_redirect("success", "flash-refund-recorded", &books_path::<G>(&slug)))
        }
        Checked::Invalid(e) => {
            let forms = BooksForms {
                still_owed: form.still_owed.is_some(),
                refund_reference: form.refund_reference,
                refund_amount: form.refund_amount,
                refund_reason: form.refund_reason,
                ..fresh_forms(&page)
            };
            render(
                &page,
                &user,
                which::<G>(&slug),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                forms,
                on_field(e, "amount", "refund_amount"),
            )
            .await
        }
    }
}

/// The treasurer made a bank refund: marked done.
pub async fn refund_done<const G: bool>(
    page: Page,
    user: SessionUser,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (slug, id) = path.into_inner();
    service::refund_done(&st.db, &user.0, id, st.now()).await?;
    page.flash("success", "flash-refund-done");
    Ok(redirect(&books_path::<G>(&slug)))
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AccountForm {
    pub account_name: String,
    pub iban: String,
    pub bic: String,
}

/// The partnership's account (its coordinators).
pub async fn account(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match service::set_account(
        &st.db,
        &user.0,
        &slug,
        &form.account_name,
        &form.iban,
        &form.bic,
        st.now(),
    )
    .await
    .checked()?
    {
        Checked::Done(_) => {
            Ok(page.flash_redirect("success", "flash-saved", &books_path::<false>(&slug)))
        }
        Checked::Invalid(e) => {
            let forms = fresh_forms(&page);
            render(
                &page,
                &user,
                ScopeRef::Partnership(&slug),
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                forms,
                e,
            )
            .await
        }
    }
}
