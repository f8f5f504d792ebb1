//! The session key: decoded from the variable, or read from (and first written to) the data directory.

use base64::Engine as _;

const SECRET_FILE: &str = "secret.key";

pub(super) fn decode_key(k: &str) -> Result<Vec<u8>, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(k)
        .or_else(|_| hex::decode(k))
        .map_err(|_| "must be base64 or hex".to_owned())?;
    if bytes.len() < 64 {
        return Err(format!(
            "must hold at least 64 bytes, it holds {} (generate one with `openssl rand -base64 64`)",
            bytes.len()
        ));
    }
    Ok(bytes)
}

pub(super) fn load_or_create_key(dir: &std::path::Path) -> Result<Vec<u8>, String> {
    let path = dir.join(SECRET_FILE);
    match std::fs::read_to_string(&path) {
        Ok(s) => decode_key(s.trim()).map_err(|m| format!("{}: {m}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut key = vec![0u8; 64];
            rand::fill(&mut key[..]);
            let encoded = base64::engine::general_purpose::STANDARD.encode(&key);
            write_private(&path, &encoded)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(key)
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

fn write_private(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(content.as_bytes())
}
