//! Multipart bodies within their route's limits (issue 15, item 6).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use super::server::{MB, Server};
use super::{MEMORY_CEILING, PRODUCER, encode_png, producer_and_product};
use crate::builders::ProducerApp;
use crate::helpers::location;

/// Sends a multipart body of up to `total` bytes over a raw connection (chunked, or with a
/// Content-Length when `declared`), `first` then `filler` parts repeated, and stops as soon as
/// the server answers. Gives the status and the bytes sent.
async fn flood(
    server: &Server,
    path: &str,
    first: &[u8],
    mut filler: impl FnMut(u64) -> Vec<u8>,
    total: u64,
    declared: bool,
) -> (u16, u64) {
    let stream = tokio::net::TcpStream::connect(&server.address)
        .await
        .unwrap();
    let (mut rd, mut wr) = stream.into_split();
    let answered = Arc::new(AtomicBool::new(false));
    let flag = answered.clone();
    let reader = tokio::spawn(async move {
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            match rd.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
        flag.store(true, Ordering::SeqCst);
        String::from_utf8_lossy(&got)
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .unwrap_or(0)
    });
    let length = if declared {
        format!("Content-Length: {total}\r\n")
    } else {
        "Transfer-Encoding: chunked\r\n".to_owned()
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\n\
         Content-Type: multipart/form-data; boundary=XyZ\r\n{length}\r\n",
        server.address,
        server.cookie()
    );
    let mut sent = 0u64;
    let mut out = head.into_bytes();
    let chunk = |data: &[u8], out: &mut Vec<u8>| {
        if declared {
            out.extend_from_slice(data);
        } else {
            out.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
            out.extend_from_slice(data);
            out.extend_from_slice(b"\r\n");
        }
    };
    chunk(first, &mut out);
    sent += first.len() as u64;
    while sent < total && !answered.load(Ordering::SeqCst) {
        let mut batch = Vec::new();
        let mut n = 0;
        while batch.len() < 256 * 1024 {
            batch.extend_from_slice(&filler(sent + n));
            n += 1;
        }
        chunk(&batch, &mut out);
        if wr.write_all(&out).await.is_err() {
            break;
        }
        sent += batch.len() as u64;
        out.clear();
    }
    let status = reader.await.unwrap();
    (status, sent)
}

fn text_part(name: &str, value: &[u8]) -> Vec<u8> {
    let mut p =
        format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n").into_bytes();
    p.extend_from_slice(value);
    p.extend_from_slice(b"\r\n");
    p
}

#[tokio::test]
async fn multipart_floods_are_refused_before_they_are_read_and_memory_stays_low() {
    let server = Server::start(&[]).await;
    server.login(PRODUCER).await;
    let token = server.api_token(PRODUCER).await;
    let (producer, _) = producer_and_product(&token, &server).await;
    let csrf = server.csrf(&format!("/producer/{producer}")).await;
    let action = format!("/producer/{producer}/photos");
    let flood_size = 470 * MB;
    // Each field a name of its own, as a form with many inputs would have.
    let field = |n: u64| text_part(&format!("note{n}"), &[b'a'; 20 * 1024]);
    let before = server.memory("VmRSS");

    // 470 MB of form fields behind a wrong token: 403 at the token.
    let (status, sent) = flood(
        &server,
        &action,
        &text_part("csrf_token", b"wrong"),
        field,
        flood_size,
        false,
    )
    .await;
    assert_eq!(status, 403);
    eprintln!("wrong token: 403 after {} MB sent", sent / MB);
    // Fields without any token: refused at the route's field count.
    let (status, _) = flood(&server, &action, &field(0), field, flood_size, false).await;
    assert_eq!(status, 413);
    // A right token and a 470 MB "photo": refused at the route's total size.
    let mut first = text_part("csrf_token", csrf.as_bytes());
    first.extend_from_slice(
        b"--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"big.png\"\r\n\
          Content-Type: image/png\r\n\r\n",
    );
    let (status, sent) = flood(
        &server,
        &action,
        &first,
        |_| vec![0u8; 64 * 1024],
        flood_size,
        false,
    )
    .await;
    assert_eq!(status, 413);
    assert!(sent < 64 * MB, "stopped early: {} MB sent", sent / MB);
    // A declared length over the limit: refused before a byte of the body is read.
    let (status, _) = flood(&server, &action, &field(0), field, flood_size, true).await;
    assert_eq!(status, 413);

    let peak = server.memory("VmHWM");
    eprintln!(
        "multipart floods: resident before {} MB, peak {} MB",
        before / MB,
        peak / MB
    );
    assert!(peak < MEMORY_CEILING, "peak {} MB", peak / MB);
    let spool = server.data_dir.path().join("uploads");
    let left = std::fs::read_dir(&spool).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "no spooled upload left behind");
}

#[tokio::test]
async fn a_file_before_the_token_or_too_many_fields_is_refused() {
    let ProducerApp {
        app, producer: id, ..
    } = crate::builders::producer_app().await;
    let manage = format!("/producer/{id}");
    let action = app.url(&format!("/producer/{id}/photos"));
    let photo = || {
        reqwest::multipart::Part::bytes(crate::catalog_photos::png(300, 200, 5))
            .file_name("a.png")
            .mime_str("image/png")
            .unwrap()
    };

    // The file first, the (right) token after it: the file is not read.
    let csrf = app.csrf(&manage).await;
    let form = reqwest::multipart::Form::new()
        .part("photo", photo())
        .text("csrf_token", csrf.clone());
    let res = app
        .client
        .post(&action)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // More fields than the photo form has.
    let mut form = reqwest::multipart::Form::new().text("csrf_token", csrf.clone());
    for i in 0..10 {
        form = form.text(format!("f{i}"), "x");
    }
    let res = app
        .client
        .post(&action)
        .multipart(form.part("photo", photo()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("photos").await, 0);

    // The form as a browser sends it still works, and a photo spooled to disk (a large one)
    // leaves nothing behind.
    let noisy = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(700, 500, |x, y| {
        let v = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) as u8;
        image::Rgb([v, v.rotate_left(3), v.rotate_left(5)])
    }));
    let big = encode_png(&noisy);
    assert!(big.len() > 300 * 1024, "{} bytes", big.len());
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf)
        .part(
            "photo",
            reqwest::multipart::Part::bytes(big)
                .file_name("b.png")
                .mime_str("image/png")
                .unwrap(),
        );
    let res = app
        .client
        .post(&action)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), manage);
    assert_eq!(app.count("photos").await, 1);
    let spool = app.config.data_dir.join("uploads");
    let left = std::fs::read_dir(&spool).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "the spooled photo was removed");
}
