//! The span each request is logged under. Like tracing-actix-web's default, except that a path
//! carrying a one-time token (`/reset-password/{token}`, `/verify-email/{token}`,
//! `/invitations/{token}`, their API forms) is logged as its route, never with the token.
//!
//! The route and the target are recorded when the request ends: the router has run by then and
//! names the pattern it matched at no cost, where asking at the start would route every request
//! a second time only to label its span (measured: 8% of a cached page's CPU, issue 19).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage as _};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

pub struct RedactedRootSpan;

/// What is logged as the request's target: the route when it has a `{token}` segment, else
/// the path and query as sent.
pub fn logged_target<'a>(route: Option<&'a str>, path_and_query: &'a str) -> &'a str {
    match route {
        Some(r) if r.contains("{token}") => r,
        _ => path_and_query,
    }
}

impl RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(|id| id.to_string())
            .unwrap_or_default();
        let user_agent = request
            .headers()
            .get("User-Agent")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = tracing::field::Empty,
            http.target = tracing::field::Empty,
            http.user_agent = %user_agent,
            http.client_ip = %request.connection_info().realip_remote_addr().unwrap_or(""),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
            request_id = %request_id,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        if let Ok(res) = outcome {
            let request = res.request();
            let route = request.match_pattern();
            let path_and_query = request
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("");
            span.record("http.route", route.as_deref().unwrap_or("default"));
            span.record(
                "http.target",
                logged_target(route.as_deref(), path_and_query),
            );
        }
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use actix_web::test as server;
    use actix_web::{App, HttpResponse, web};
    use tracing_actix_web::TracingLogger;
    use tracing_subscriber::fmt::format::FmtSpan;

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::ErrorKind::Other)?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn only_token_routes_are_replaced() {
        assert_eq!(
            logged_target(Some("/reset-password/{token}"), "/reset-password/abc"),
            "/reset-password/{token}"
        );
        assert_eq!(
            logged_target(Some("/producer/{id}"), "/producer/7?page=2"),
            "/producer/7?page=2"
        );
        assert_eq!(logged_target(None, "/nowhere"), "/nowhere");
    }

    #[actix_web::test]
    async fn a_reset_token_never_reaches_the_log() {
        let out = Captured::default();
        let writer = out.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_span_events(FmtSpan::CLOSE)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = server::init_service(
            App::new()
                .route(
                    "/reset-password/{token}",
                    web::get().to(|| async { HttpResponse::Ok().finish() }),
                )
                .route(
                    "/producer/{id}",
                    web::get().to(|| async { HttpResponse::Ok().finish() }),
                )
                .wrap(TracingLogger::<RedactedRootSpan>::new()),
        )
        .await;
        for uri in ["/reset-password/secret-reset-token-123", "/producer/42"] {
            let res =
                server::call_service(&app, server::TestRequest::get().uri(uri).to_request()).await;
            assert!(res.status().is_success());
        }
        let logged = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert!(!logged.contains("secret-reset-token-123"), "{logged}");
        assert!(logged.contains("/reset-password/{token}"), "{logged}");
        assert!(
            logged.contains("/producer/42"),
            "other paths stay: {logged}"
        );
    }
}
