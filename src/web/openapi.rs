//! What every API operation may answer besides what its handler documents: the errors the
//! shared plumbing produces (unreadable input, no token, wrong content type, too large, the
//! database away), all as `application/problem+json`, so the document matches the responses.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::{
    Content, HttpMethod, OpenApi, Ref, RefOr, Response, ResponseBuilder, header::HeaderBuilder,
};

/// The media type of every error of the API (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Errors documented as `application/json` become `application/problem+json` (that is what
/// [`crate::error::AppError`] sends), and each operation gets the errors its inputs can bring.
pub fn complete(spec: &mut OpenApi) {
    for (path, item) in spec.paths.paths.iter_mut() {
        if !path.starts_with("/api/") {
            continue;
        }
        for method in [
            HttpMethod::Get,
            HttpMethod::Post,
            HttpMethod::Put,
            HttpMethod::Delete,
            HttpMethod::Patch,
        ] {
            let op = match method {
                HttpMethod::Get => item.get.as_mut(),
                HttpMethod::Post => item.post.as_mut(),
                HttpMethod::Put => item.put.as_mut(),
                HttpMethod::Delete => item.delete.as_mut(),
                HttpMethod::Patch => item.patch.as_mut(),
                _ => None,
            };
            if let Some(op) = op {
                complete_operation(op);
            }
        }
    }
}

fn complete_operation(op: &mut Operation) {
    for (status, response) in op.responses.responses.iter_mut() {
        if status.starts_with('2') {
            continue;
        }
        if let RefOr::T(r) = response
            && let Some(json) = r.content.shift_remove("application/json")
        {
            r.content.insert(PROBLEM_JSON.to_owned(), json);
        }
    }
    let params = op.parameters.as_deref().unwrap_or_default();
    let located = |at: ParameterIn| {
        params
            .iter()
            .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == at))
    };
    let has_query = located(ParameterIn::Query);
    let has_path = located(ParameterIn::Path);
    let body = op.request_body.as_ref();
    let json_body = body.is_some_and(|b| matches!(b, RefOr::T(b) if takes_json(b)));
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut add = |status: &str, why: &str| {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::T(problem(why)));
    };
    if has_query || body.is_some() {
        add(
            "400",
            "The request cannot be read (a malformed query string or body).",
        );
    }
    // Operations open to everyone also read a token when one is sent: a bad one is refused.
    add(
        "401",
        if secured {
            "No bearer token, or one that is unknown, revoked or expired."
        } else {
            "The bearer token sent is unknown, revoked or expired."
        },
    );
    if has_path {
        add("404", "Not found, or not visible to the caller.");
    }
    if body.is_some() {
        add("413", "The body is larger than allowed.");
        add(
            "415",
            "The body is not in the content type this operation reads.",
        );
    }
    if json_body {
        add(
            "422",
            "The body is JSON of another shape, or some fields are invalid (see `errors`).",
        );
    }
    op.responses
        .responses
        .entry("503".to_owned())
        .or_insert_with(|| RefOr::T(unavailable()));
    // Every error this operation documents is a problem document with `Retry-After` on 503.
    if let Some(RefOr::T(r)) = op.responses.responses.get_mut("503")
        && !r.headers.contains_key("Retry-After")
    {
        r.headers
            .insert("Retry-After".to_owned(), RefOr::T(retry_after()));
    }
}

fn takes_json(body: &RequestBody) -> bool {
    body.content.keys().any(|k| k.contains("json"))
}

fn problem_content() -> Content {
    Content::new(Some(Ref::from_schema_name("Problem")))
}

fn problem(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(PROBLEM_JSON, problem_content())
        .build()
}

fn retry_after() -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(Some(
            utoipa::openapi::schema::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::Integer),
        ))
        .description(Some("Seconds to wait before trying again."))
        .build()
}

fn unavailable() -> Response {
    ResponseBuilder::new()
        .description("The database (or a payment provider) cannot be reached for now.")
        .content(PROBLEM_JSON, problem_content())
        .header("Retry-After", retry_after())
        .build()
}
