//! The yardstick for cached pages (issue 19): a bare actix-web server answering every GET with
//! the same page of a given size, as fast as actix-web can, with the same worker count as
//! Passerelle. `benches/catalogue.sh` compares Passerelle's cached catalogue page with it.
//!
//!   cargo bench --bench bare_page -- <bytes> <port>

use actix_web::web::Bytes;
use actix_web::{App, HttpResponse, HttpServer, http::header, web};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse::<usize>().ok());
    let size = args.next().unwrap_or(20_000);
    let port = args.next().unwrap_or(18090) as u16;
    let page = Bytes::from("x".repeat(size));
    HttpServer::new(move || {
        let page = page.clone();
        App::new().default_service(web::to(move || {
            let page = page.clone();
            async move {
                HttpResponse::Ok()
                    .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
                    .body(page)
            }
        }))
    })
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
