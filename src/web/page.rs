//! Rendering HTML pages: the [`Page`] extractor gathers what every page shows (language,
//! signed-in user, CSRF token, flash messages, the language switcher) and renders a typed view.

use actix_session::{Session, SessionExt};
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, FieldError};
use crate::security::AuthUser;
use crate::state::AppState;
use crate::web::auth::MaybeSessionUser;
use crate::web::csrf;
use crate::web::i18n::{self, Lang};

const FLASH_KEY: &str = "flash";

/// A one-time message shown on the next page (a Fluent key and its arguments, so it follows
/// the language).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Flash {
    /// success, info or error.
    pub kind: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, i18n::Arg>,
}

/// Queues a message for the next page this browser sees.
pub fn flash(session: &Session, kind: &str, key: &str) {
    push_flash(
        session,
        Flash {
            kind: kind.into(),
            key: key.into(),
            args: BTreeMap::new(),
        },
    );
}

/// Queues a message with arguments for the next page this browser sees.
pub fn flash_with(session: &Session, kind: &str, key: &str, args: &[(&str, &str)]) {
    push_flash(
        session,
        Flash {
            kind: kind.into(),
            key: key.into(),
            args: args
                .iter()
                .map(|(k, v)| ((*k).to_owned(), i18n::Arg::from(*v)))
                .collect(),
        },
    );
}

/// Queues an error's reason (message `err-<code>` with its arguments) for the next page.
pub fn flash_reason(session: &Session, reason: &FieldError) {
    push_flash(
        session,
        Flash {
            kind: "error".into(),
            key: format!("err-{}", reason.code),
            args: reason.params.clone(),
        },
    );
}

fn push_flash(session: &Session, f: Flash) {
    let mut all: Vec<Flash> = session.get(FLASH_KEY).ok().flatten().unwrap_or_default();
    all.push(f);
    let _ = session.insert(FLASH_KEY, all);
}

/// A flash message as the page shows it, in the page's language.
#[derive(Serialize)]
struct FlashView {
    kind: String,
    text: String,
}

#[derive(Serialize)]
struct LangLink {
    code: &'static str,
    name: &'static str,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct NavUser {
    display_name: String,
    is_admin: bool,
}

/// What the base layout needs on every page.
#[derive(Serialize)]
pub struct BaseView {
    lang: &'static str,
    dir: &'static str,
    user: Option<NavUser>,
    csrf_token: Option<String>,
    languages: Vec<LangLink>,
    flashes: Vec<FlashView>,
    path: String,
}

impl BaseView {
    pub fn new(
        req: &HttpRequest,
        lang: Lang,
        user: Option<&AuthUser>,
        csrf_token: Option<String>,
        flashes: Vec<Flash>,
    ) -> Self {
        Self::with_query(req, req.query_string(), lang, user, csrf_token, flashes)
    }

    /// Like [`BaseView::new`], with the language links keeping the parameters of `query`
    /// rather than the request's own (a cached page keeps only those that shape it).
    pub fn with_query(
        req: &HttpRequest,
        query: &str,
        lang: Lang,
        user: Option<&AuthUser>,
        csrf_token: Option<String>,
        flashes: Vec<Flash>,
    ) -> Self {
        let path = req.path().to_owned();
        let kept: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let languages = Lang::ALL
            .into_iter()
            .map(|l| {
                let mut q = url::form_urlencoded::Serializer::new(String::new());
                q.extend_pairs(kept.iter());
                q.append_pair("lang", l.code());
                LangLink {
                    code: l.code(),
                    name: l.native_name(),
                    href: format!("{path}?{}", q.finish()),
                    current: l == lang,
                }
            })
            .collect();
        BaseView {
            lang: lang.code(),
            dir: lang.dir(),
            user: user.map(|u| NavUser {
                display_name: u.display_name.clone(),
                is_admin: u.is_admin(),
            }),
            csrf_token,
            languages,
            flashes: flashes
                .into_iter()
                .map(|f| {
                    let args: Vec<(&str, i18n::Arg)> = f
                        .args
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.clone()))
                        .collect();
                    FlashView {
                        text: i18n::translate_args(lang, &f.key, &args),
                        kind: f.kind,
                    }
                })
                .collect(),
            path,
        }
    }

    /// The template context: the view's fields at the top level, plus `lang`, `dir` and `base`.
    pub fn context(&self, view: &impl Serialize) -> AppResult<tera::Context> {
        let mut ctx = tera::Context::from_serialize(view)
            .map_err(|e| AppError::Unexpected(anyhow::anyhow!("view: {e}")))?;
        ctx.insert("lang", self.lang);
        ctx.insert("dir", self.dir);
        ctx.insert("base", self);
        Ok(ctx)
    }
}

pub struct Page {
    pub lang: Lang,
    pub user: Option<AuthUser>,
    pub session: Session,
    req: HttpRequest,
    state: web::Data<AppState>,
    flashes: Vec<Flash>,
}

impl FromRequest for Page {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let user = MaybeSessionUser::from_request(&req, payload);
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("state missing")))?;
            let user = user.await?.0;
            let session = req.get_session();
            let flashes = if session
                .get::<serde_json::Value>(FLASH_KEY)
                .ok()
                .flatten()
                .is_some()
            {
                session
                    .remove_as::<Vec<Flash>>(FLASH_KEY)
                    .and_then(Result::ok)
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            Ok(Page {
                lang: Lang::from_request(&req),
                user,
                session,
                req,
                state,
                flashes,
            })
        })
    }
}

impl Page {
    pub fn t(&self, key: &str) -> String {
        i18n::translate(self.lang, key, &[])
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn flash(&self, kind: &str, key: &str) {
        flash(&self.session, kind, key);
    }

    fn build(
        &self,
        status: StatusCode,
        template: &str,
        view: &impl Serialize,
        with_csrf: bool,
    ) -> AppResult<HttpResponse> {
        let csrf_token = if with_csrf || self.user.is_some() {
            Some(csrf::token(&self.session))
        } else {
            csrf::existing(&self.session)
        };
        let base = BaseView::new(
            &self.req,
            self.lang,
            self.user.as_ref(),
            csrf_token,
            self.flashes.clone(),
        );
        let html = self
            .state
            .templates
            .render(template, &base.context(view)?)?;
        Ok(HttpResponse::build(status)
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(html))
    }

    /// Whether this page shows one-time messages (such a page is never cached).
    pub fn has_flashes(&self) -> bool {
        !self.flashes.is_empty()
    }

    /// The HTML of a page, for a cache: its links keep only the parameters of `query` (the
    /// canonical query string the cache knows the page by).
    pub fn render_html(
        &self,
        template: &str,
        view: &impl Serialize,
        query: &str,
    ) -> AppResult<String> {
        let csrf_token = if self.user.is_some() {
            Some(csrf::token(&self.session))
        } else {
            None
        };
        let base = BaseView::with_query(
            &self.req,
            query,
            self.lang,
            self.user.as_ref(),
            csrf_token,
            self.flashes.clone(),
        );
        self.state.templates.render(template, &base.context(view)?)
    }

    /// An HTML response.
    pub fn html(body: impl actix_web::body::MessageBody + 'static) -> HttpResponse {
        HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(body)
    }

    /// Renders a page.
    pub fn render(&self, template: &str, view: &impl Serialize) -> AppResult<HttpResponse> {
        self.build(StatusCode::OK, template, view, false)
    }

    /// Renders a page holding a form (it always carries a CSRF token), with a status:
    /// 200 to show it, 422 when re-rendered with field errors.
    pub fn render_form(
        &self,
        status: StatusCode,
        template: &str,
        view: &impl Serialize,
    ) -> AppResult<HttpResponse> {
        self.build(status, template, view, true)
    }
}

/// 303 See Other to `to` (after a POST).
pub fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .finish()
}

/// A `next=` target that stays on this site: `next` resolved against the site's own address
/// must keep its origin, and control characters anywhere send to `/`.
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(same_site_path)
        .unwrap_or_else(|| "/".to_owned())
}

/// The path and query of `target` (a path) when it stays on this site; `None` when it would
/// lead elsewhere or holds control characters.
pub fn same_site_path(target: &str) -> Option<String> {
    if target.chars().any(|c| c.is_control()) || !target.starts_with('/') {
        return None;
    }
    let site = url::Url::parse("http://passerelle.invalid/").ok()?;
    let resolved = site.join(target).ok()?;
    if resolved.origin() != site.origin() {
        return None;
    }
    let mut out = resolved.path().to_owned();
    if out.starts_with("//") {
        return None;
    }
    if let Some(q) = resolved.query() {
        out.push('?');
        out.push_str(q);
    }
    Some(out)
}

/// The page a same-site request came from (its `Referer`), as a path: where to lead back to.
pub fn referring_path(req: &HttpRequest) -> Option<String> {
    let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    let host = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str()?),
        None => url.host_str()?.to_owned(),
    };
    if host != req.connection_info().host() {
        return None;
    }
    let mut out = url.path().to_owned();
    if let Some(q) = url.query() {
        out.push('?');
        out.push_str(q);
    }
    same_site_path(&out)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_never_leaves_the_site() {
        assert_eq!(safe_next(Some("/partnerships/x")), "/partnerships/x");
        assert_eq!(safe_next(Some("/pay/x?lang=ar")), "/pay/x?lang=ar");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/\n/x")), "/");
        assert_eq!(safe_next(Some("/\0")), "/");
        assert_eq!(safe_next(Some("/./..//evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
