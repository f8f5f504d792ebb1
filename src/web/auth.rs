//! Who is asking: the browser session's user (HTML pages) or the bearer token's (JSON API).

use actix_session::{Session, SessionExt};
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;

use crate::security::AuthUser;

use crate::error::AppError;
use crate::state::AppState;

const SESSION_USER: &str = "uid";
const SESSION_EPOCH: &str = "epoch";

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("application state missing")))
}

/// Starts a fresh authenticated session: a new cookie and a new CSRF token.
pub fn log_in(session: &Session, user_id: i64, epoch: i64) -> Result<(), AppError> {
    session.renew();
    crate::web::csrf::reset(session);
    session
        .insert(SESSION_USER, user_id)
        .and_then(|_| session.insert(SESSION_EPOCH, epoch))
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("session: {e}")))
}

pub fn log_out(session: &Session) {
    session.purge();
}

/// The session's user, loaded once per request and kept in the request's extensions. A cell
/// shared by the request's extractors: actix polls a handler's extractors together, and without
/// it both `Page` and `SessionUser` would each load the user.
type Loaded = std::rc::Rc<tokio::sync::OnceCell<Option<AuthUser>>>;

async fn load_session_user(req: &HttpRequest) -> Result<Option<AuthUser>, AppError> {
    let cell: Loaded = req
        .extensions_mut()
        .get_or_insert_with(Loaded::default)
        .clone();
    cell.get_or_try_init(|| async {
        let session = req.get_session();
        let uid = session.get::<i64>(SESSION_USER).ok().flatten();
        Ok::<_, AppError>(match uid {
            None => None,
            Some(uid) => {
                let epoch = session
                    .get::<i64>(SESSION_EPOCH)
                    .ok()
                    .flatten()
                    .unwrap_or(-1);
                let st = state(req)?;
                let found = crate::security::session_user(&st.db, uid, epoch).await?;
                if found.is_none() {
                    // The account is gone or its password changed: forget the session.
                    session.purge();
                }
                found
            }
        })
    })
    .await
    .cloned()
}

/// The signed-in user of an HTML request; 401 (a redirect to the login page) otherwise.
pub struct SessionUser(pub AuthUser);

impl FromRequest for SessionUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            load_session_user(&req)
                .await?
                .map(SessionUser)
                .ok_or(AppError::Unauthorized)
        })
    }
}

/// The signed-in user of an HTML request, if any.
pub struct MaybeSessionUser(pub Option<AuthUser>);

impl FromRequest for MaybeSessionUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(MaybeSessionUser(load_session_user(&req).await?)) })
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let h = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = h.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

async fn load_api_user(req: &HttpRequest) -> Result<Option<AuthUser>, AppError> {
    match bearer(req) {
        None => Ok(None),
        Some(token) => {
            let st = state(req)?;
            match crate::security::token_user(&st.db, &token, st.now()).await? {
                Some(u) => Ok(Some(u)),
                // A token was sent but is not valid: say so rather than act anonymously.
                None => Err(AppError::Unauthorized),
            }
        }
    }
}

/// The caller of an API request, by `Authorization: Bearer <token>`; 401 otherwise.
pub struct ApiUser(pub AuthUser);

impl FromRequest for ApiUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            load_api_user(&req)
                .await?
                .map(ApiUser)
                .ok_or(AppError::Unauthorized)
        })
    }
}

/// The bearer token itself (to revoke it).
pub struct BearerToken(pub String);

impl FromRequest for BearerToken {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(bearer(req).map(BearerToken).ok_or(AppError::Unauthorized))
    }
}

/// A signed-in administrator (HTML); 401 when signed out, 403 for anyone else.
pub struct AdminUser(pub AuthUser);

impl FromRequest for AdminUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = load_session_user(&req)
                .await?
                .ok_or(AppError::Unauthorized)?;
            if user.is_admin() {
                Ok(AdminUser(user))
            } else {
                Err(AppError::Forbidden)
            }
        })
    }
}

/// The API caller when a valid bearer token is sent; none without a token; 401 for a bad one.
pub async fn optional_api_user(req: &HttpRequest) -> Result<Option<AuthUser>, AppError> {
    load_api_user(req).await
}
