//! The EPC QR code of a payment request, drawn as SVG on the server.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use super::domain::{Ogm, epc_payload};

/// The QR code holding the transfer's details (error correction M, as EPC069-12 asks).
pub fn epc_code(
    name: &str,
    iban: &str,
    bic: Option<&str>,
    amount_cents: i64,
    ogm: &Ogm,
) -> Option<QrCode> {
    QrCode::with_error_correction_level(epc_payload(name, iban, bic, amount_cents, ogm), EcLevel::M)
        .ok()
}

/// The code as an SVG image, with a title for screen readers.
pub fn svg(code: &QrCode, title: &str) -> String {
    let image = code
        .render()
        .min_dimensions(220, 220)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let title: String = title
        .chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            c => c.to_string(),
        })
        .collect();
    // Inline in HTML: no XML declaration before the element.
    let start = image.find("<svg").unwrap_or(0);
    image[start..].replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{title}\" "),
        1,
    )
}
