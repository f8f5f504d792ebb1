//! What an uploaded document is, read from its bytes (never from its name or the type the
//! browser claims): a PDF with its end marker, a JPEG or a PNG. Photos have their own, stricter
//! check: they are decoded (`photos`).

/// Whether these bytes are a PDF: `%PDF-` at the start and `%%EOF` near the end.
pub fn is_pdf(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    bytes.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

/// What a document (a proof of payment, a scan) is, from its first bytes: a PDF (with its end
/// marker), a JPEG or a PNG. Returns (content type, file extension).
pub fn document_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if is_pdf(bytes) {
        Some(("application/pdf", "pdf"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", "jpg"))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else {
        None
    }
}

/// The file extension a document of this content type (as [`document_kind`] gave it) is
/// stored under.
pub fn document_extension(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_pdfs_pass() {
        assert!(is_pdf(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"));
        assert!(!is_pdf(b"\x89PNG\r\n\x1a\n....%%EOF"));
        assert!(!is_pdf(b"%PDF-1.4 truncated"));
    }

    #[test]
    fn documents_are_recognised_by_content() {
        assert_eq!(
            document_kind(b"%PDF-1.4\ntrailer\n%%EOF\n").map(|k| k.1),
            Some("pdf")
        );
        assert_eq!(
            document_kind(b"\xFF\xD8\xFF\xE0rest").map(|k| k.1),
            Some("jpg")
        );
        assert_eq!(
            document_kind(b"\x89PNG\r\n\x1a\nrest").map(|k| k.1),
            Some("png")
        );
        assert_eq!(document_kind(b"GIF89a"), None);
        assert_eq!(document_kind(b"%PDF-1.4 cut"), None);
        for bytes in [
            &b"%PDF-1.4\n%%EOF"[..],
            b"\xFF\xD8\xFFx",
            b"\x89PNG\r\n\x1a\nx",
        ] {
            let (mime, ext) = document_kind(bytes).unwrap();
            assert_eq!(document_extension(mime), ext);
        }
    }
}
