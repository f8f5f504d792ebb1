//! Text as people send it, made safe to store: the invisible characters that reorder or hide
//! what a name shows (bidirectional embeddings, overrides and isolates, zero-width spaces) are
//! removed, and the rest is normalised to NFC, so that `é` typed two ways is one `é`.
//!
//! Every input path applies [`clean`]: URL-encoded forms and multipart text fields
//! ([`clean_form`], called by the form extractors) and JSON bodies ([`clean_json_bodies`]).
//! Secrets (passwords, tokens) are compared byte for byte and kept as sent.

use std::borrow::Cow;

use actix_web::HttpMessage as _;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// U+202A–202E (embeddings, overrides), U+2066–2069 (isolates), U+200B (zero-width space),
/// U+FEFF (zero-width no-break space) and NUL (which PostgreSQL refuses in any text).
/// Marks that Arabic needs (U+200C–200F) are kept.
pub fn is_hidden_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{FEFF}' | '\0'
    )
}

/// `s` without hidden controls, in NFC; borrowed when it already was.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.is_ascii() && !s.contains('\0') {
        return Cow::Borrowed(s);
    }
    let hidden = s.chars().any(is_hidden_control);
    if !hidden && is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return Cow::Borrowed(s);
    }
    let out: String = s.chars().filter(|c| !is_hidden_control(*c)).nfc().collect();
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

/// Whether a field holds a secret, kept exactly as sent (`password`, `new_password`,
/// `csrf_token`, `token`, ...).
pub fn is_secret(field: &str) -> bool {
    ["password", "token", "secret"]
        .iter()
        .any(|w| field.contains(w))
}

/// A URL-encoded body with every value but secrets [`clean`]ed.
pub fn clean_form(body: &[u8]) -> Cow<'_, [u8]> {
    if body.is_ascii()
        && !body
            .windows(3)
            .any(|w| w[0] == b'%' && (w[1] >= b'8' || w[1..] == *b"00"))
    {
        // Percent-encoded bytes below 0x80 are ASCII too: nothing to clean.
        return Cow::Borrowed(body);
    }
    let pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = url::form_urlencoded::parse(body).collect();
    if !pairs
        .iter()
        .any(|(k, v)| !is_secret(k) && matches!(clean(v), Cow::Owned(_)))
    {
        return Cow::Borrowed(body);
    }
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        if is_secret(k) {
            out.append_pair(k, v);
        } else {
            out.append_pair(k, &clean(v));
        }
    }
    Cow::Owned(out.finish().into_bytes())
}

/// Cleans every string of a JSON value (keys naming secrets keep their value); whether
/// anything changed.
fn clean_value(v: &mut serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => match clean(s) {
            Cow::Owned(c) => {
                *s = c;
                true
            }
            Cow::Borrowed(_) => false,
        },
        serde_json::Value::Array(items) => items.iter_mut().fold(false, |a, i| clean_value(i) | a),
        serde_json::Value::Object(map) => map
            .iter_mut()
            .filter(|(k, _)| !is_secret(k))
            .fold(false, |a, (_, i)| clean_value(i) | a),
        _ => false,
    }
}

/// A JSON body with its strings cleaned, or `None` when it is not JSON or nothing changed
/// (the body then goes on byte for byte).
pub fn clean_json(body: &[u8]) -> Option<Bytes> {
    if body.is_ascii() && !body.windows(2).any(|w| w == b"\\u") {
        return None;
    }
    let mut v: serde_json::Value = serde_json::from_slice(body).ok()?;
    clean_value(&mut v)
        .then(|| serde_json::to_vec(&v).ok().map(Bytes::from))
        .flatten()
}

/// Middleware: JSON bodies sent to `/api/` are cleaned before any handler reads them (the
/// Stripe webhook is verified on its exact bytes and left alone). A body larger than
/// `limit` goes on unread, for the extractor to refuse.
pub async fn clean_json_bodies(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    let writes = matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH);
    let path = req.path();
    if json && writes && path.starts_with("/api/") && !path.contains("/webhooks/") {
        let limit = crate::web::forms::BODY_LIMIT;
        let mut payload: actix_web::dev::Payload = req.take_payload();
        let mut body = BytesMut::new();
        let mut whole = true;
        while let Some(chunk) = payload.next().await {
            let chunk: Bytes = chunk?;
            body.extend_from_slice(&chunk);
            if body.len() > limit {
                whole = false;
                break;
            }
        }
        let body = body.freeze();
        let body = if whole {
            clean_json(&body).unwrap_or(body)
        } else {
            body
        };
        let head = futures_util::stream::once(async move { Ok(body) });
        let rest: actix_web::dev::Payload = payload;
        let stream: std::pin::Pin<
            Box<dyn futures_util::Stream<Item = Result<Bytes, actix_web::error::PayloadError>>>,
        > = Box::pin(head.chain(rest));
        req.set_payload(actix_web::dev::Payload::from(stream));
    }
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hidden_controls_go_and_text_is_composed() {
        assert_eq!(clean("Ev\u{202E}il\u{200B} Cafe\u{301}"), "Evil Café");
        assert_eq!(clean("\u{2067}مرحبا\u{2069}"), "مرحبا");
        // Joiners and marks that Arabic and Persian need are kept.
        assert_eq!(clean("می\u{200C}خواهم"), "می\u{200C}خواهم");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert!(matches!(clean("déjà"), Cow::Borrowed(_)));
    }

    #[test]
    fn forms_and_json_are_cleaned_but_secrets_are_not() {
        let body = b"display_name=A%E2%80%AEB&password=p%E2%80%AEw&csrf_token=t";
        let out = clean_form(body);
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&out)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        assert_eq!(pairs[0].1, "AB");
        assert_eq!(pairs[1].1, "p\u{202E}w");
        assert!(matches!(clean_form(b"a=b&c=d"), Cow::Borrowed(_)));
        let json =
            clean_json(br#"{"name":"A\u202eB","tags":["x\u200by"],"password":"p\u202ew","n":1}"#)
                .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["name"], "AB");
        assert_eq!(v["tags"][0], "xy");
        assert_eq!(v["password"], "p\u{202E}w");
        assert_eq!(v["n"], 1);
        assert!(clean_json(br#"{"name":"plain"}"#).is_none());
    }

    proptest! {
        #[test]
        fn cleaned_text_has_no_hidden_control_and_is_stable(s in "\\PC{0,30}[\u{202A}-\u{202E}\u{2066}-\u{2069}\u{200B}e\u{301}]{0,5}\\PC{0,10}") {
            let once = clean(&s).into_owned();
            prop_assert!(!once.chars().any(is_hidden_control));
            prop_assert_eq!(clean(&once).into_owned(), once.clone());
            prop_assert!(unicode_normalization::is_nfc(&once));
        }
    }
}
