//! Cross-cutting response handling: HTML error pages, the language cookie, security headers.

use actix_session::SessionExt;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::{DefaultHeaders, Next};
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::error::ErrorMarker;
use crate::state::AppState;
use crate::web::csrf;
use crate::web::i18n::{LANG_COOKIE, Lang};
use crate::web::page::{BaseView, flash_reason, referring_path};

/// Paths answered in JSON or plain text even when they fail.
fn is_machine_path(path: &str) -> bool {
    path.starts_with("/api/")
        || path == "/healthz"
        || path == "/metrics"
        || path.starts_with("/static/")
        || path.starts_with("/photos/")
}

#[derive(Serialize)]
struct ErrorView {
    status: u16,
    /// Why, in the page's language (a conflict's or a gone link's reason).
    detail: Option<String>,
    /// Where to go back to: the page the visitor came from, else the home page.
    back: String,
}

/// Turns error responses of HTML pages into pages in the visitor's language; an anonymous
/// visitor who needs to sign in is sent to the login page instead, and a form refused because of
/// the current state (409, 410) leads back to the page it was sent from, with the reason shown
/// there.
pub async fn html_error_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    let Some(marker) = res.response().extensions().get::<ErrorMarker>().cloned() else {
        return Ok(res);
    };
    let request = res.request().clone();
    if is_machine_path(request.path()) {
        return Ok(res);
    }
    if marker.status == StatusCode::UNAUTHORIZED {
        let here = match request.query_string() {
            "" => request.path().to_owned(),
            q => format!("{}?{q}", request.path()),
        };
        let target = format!(
            "/login?next={}",
            url::form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>()
        );
        let redirect = HttpResponse::SeeOther()
            .insert_header((header::LOCATION, target))
            .finish();
        return Ok(res.into_response(redirect));
    }
    let back = referring_path(&request);
    if let (Some(reason), Some(back)) = (&marker.reason, &back)
        && request.method() != Method::GET
    {
        flash_reason(&request.get_session(), reason);
        let redirect = HttpResponse::SeeOther()
            .insert_header((header::LOCATION, back.clone()))
            .finish();
        return Ok(res.into_response(redirect));
    }
    let Some(state) = request.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(res);
    };
    let lang = Lang::from_request(&request);
    let csrf = csrf::existing(&request.get_session());
    let base = BaseView::new(&request, lang, None, csrf, Vec::new());
    let view = ErrorView {
        status: marker.status.as_u16(),
        detail: marker.reason.as_ref().map(|r| r.message(lang)),
        back: back.unwrap_or_else(|| "/".to_owned()),
    };
    let html = base
        .context(&view)
        .and_then(|ctx| state.templates.render("errors/error.html.tera", &ctx));
    let mut page = match html {
        Ok(html) => HttpResponse::build(marker.status)
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .body(html),
        Err(e) => {
            tracing::error!(error = ?e, "rendering an error page");
            return Ok(res);
        }
    };
    for (name, value) in res.response().headers() {
        if name == header::RETRY_AFTER || name == header::SET_COOKIE {
            page.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(res.into_response(page))
}

/// Remembers a language chosen with `?lang=` in a cookie for a year.
pub async fn remember_language(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let chosen = Lang::from_query(req.request());
    let secure = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.config.secure_cookies());
    let mut res = next.call(req).await?;
    if let Some(lang) = chosen {
        // A cookie that cannot be added only means the choice is not remembered.
        let _ = res.response_mut().add_cookie(&lang_cookie(lang, secure));
    }
    Ok(res)
}

/// The cookie that remembers a language for a year.
pub fn lang_cookie(lang: Lang, secure: bool) -> Cookie<'static> {
    Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .max_age(CookieDuration::days(365))
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(secure)
        .finish()
}

/// Strict headers on every response: no inline script, no framing, no sniffing; on a site
/// served over HTTPS, browsers are told to use nothing else for a year.
pub fn security_headers(https: bool) -> DefaultHeaders {
    let headers = if https {
        DefaultHeaders::new().add((
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        DefaultHeaders::new()
    };
    headers
        .add((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::REFERRER_POLICY, "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
}
