//! The EPC QR code of a payment request, drawn as SVG on the server.

use crate::money::Cents;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use super::domain::{Ogm, epc_payload};

/// The QR code holding the transfer's details (error correction M, as EPC069-12 asks).
pub fn epc_code(
    name: &str,
    iban: &str,
    bic: Option<&str>,
    amount_cents: Cents,
    ogm: &Ogm,
) -> Option<QrCode> {
    QrCode::with_error_correction_level(epc_payload(name, iban, bic, amount_cents, ogm), EcLevel::M)
        .ok()
}

/// The code as an SVG image, with a title for screen readers.
pub fn svg(code: &QrCode, title: &str) -> String {
    #[cfg(test)]
    tests::drawn_on(std::thread::current().id());
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

/// The code as a PNG (for emails, where SVG is poorly shown): 8 pixels a module and the
/// 4-module quiet zone the standard asks for.
pub fn png(code: &QrCode) -> Option<Vec<u8>> {
    #[cfg(test)]
    tests::drawn_on(std::thread::current().id());
    let modules = code.width();
    let colors = code.to_colors();
    let (scale, quiet) = (8u32, 4u32);
    let size = (modules as u32 + 2 * quiet) * scale;
    let img = image::GrayImage::from_fn(size, size, |x, y| {
        let (mx, my) = (
            (x / scale) as i64 - quiet as i64,
            (y / scale) as i64 - quiet as i64,
        );
        let dark = mx >= 0
            && my >= 0
            && (mx as usize) < modules
            && (my as usize) < modules
            && colors[my as usize * modules + mx as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .ok()?;
    Some(out)
}

/// The code of a transfer drawn as a PNG on a blocking thread: drawing and compressing take
/// milliseconds an async worker thread must not spend (it answers other requests meanwhile).
pub async fn epc_png(
    name: String,
    iban: String,
    bic: Option<String>,
    amount_cents: Cents,
    ogm: Ogm,
) -> Option<Vec<u8>> {
    tokio::task::spawn_blocking(move || {
        epc_code(&name, &iban, bic.as_deref(), amount_cents, &ogm).and_then(|c| png(&c))
    })
    .await
    .ok()
    .flatten()
}

/// The code of a transfer drawn as SVG on a blocking thread (the pay page), as the PNG is.
pub async fn epc_svg(
    name: String,
    iban: String,
    bic: Option<String>,
    amount_cents: Cents,
    ogm: Ogm,
    title: String,
) -> Option<String> {
    tokio::task::spawn_blocking(move || {
        epc_code(&name, &iban, bic.as_deref(), amount_cents, &ogm).map(|c| svg(&c, &title))
    })
    .await
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use crate::money::Cents;
    use std::sync::Mutex;
    use std::thread::ThreadId;

    static DRAWN_ON: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

    pub(super) fn drawn_on(id: ThreadId) {
        DRAWN_ON.lock().unwrap().push(id);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_png_is_drawn_off_the_async_thread() {
        let ogm = super::Ogm::parse("+++090/9337/55493+++").unwrap();
        let png = super::epc_png(
            "Groupe d'achat".into(),
            "BE71096123456769".into(),
            None,
            Cents(4_250),
            ogm,
        )
        .await
        .expect("a PNG");
        assert!(png.starts_with(b"\x89PNG"));
        let here = std::thread::current().id();
        let drawn = DRAWN_ON.lock().unwrap().clone();
        assert!(!drawn.is_empty());
        assert!(!drawn.contains(&here), "drawn on the async thread");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_svg_of_the_pay_page_is_drawn_off_the_async_thread() {
        let ogm = super::Ogm::parse("+++090/9337/55493+++").unwrap();
        let svg = super::epc_svg(
            "Groupe d'achat".into(),
            "BE71096123456769".into(),
            None,
            Cents(4_250),
            ogm,
            "Code QR <virement>".into(),
        )
        .await
        .expect("an SVG");
        assert!(svg.starts_with("<svg role=\"img\" aria-label=\"Code QR &lt;virement&gt;\""));
        let here = std::thread::current().id();
        let drawn = DRAWN_ON.lock().unwrap().clone();
        assert!(!drawn.is_empty());
        assert!(!drawn.contains(&here), "drawn on the async thread");
    }
}
