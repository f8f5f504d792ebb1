//! `passerelle storage copy`: the files a single instance kept under its data directory, copied
//! into the storage `PASSERELLE_STORAGE_URL` names, before several instances share it. A file
//! already there with the same size is left alone, so the copy can be run again after an
//! interruption (it resumes) or after new uploads (it copies only those).

use std::path::Path;

use super::storage::Storage;

/// The folders Passerelle keeps files in.
pub const FOLDERS: [&str; 4] = ["photos", "attachments", "proofs", "mail"];

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CopyReport {
    /// Files written to the target.
    pub copied: u64,
    /// Files the target held already (same key, same size).
    pub already: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// A half-written file a crash left (`.name.tmp` from earlier versions, `name#n` staging files).
fn is_leftover(key: &str) -> bool {
    let name = key.rsplit('/').next().unwrap_or(key);
    name.starts_with('.') || name.ends_with(".tmp") || name.contains('#')
}

/// Copies every file of `FOLDERS` under `from` into `to`; `progress` hears of each file copied.
pub async fn copy_from_directory(
    from: &Path,
    to: &Storage,
    mut progress: impl FnMut(&str, &CopyReport),
) -> anyhow::Result<CopyReport> {
    let source = Storage::directory(from)?;
    let mut report = CopyReport::default();
    for folder in FOLDERS {
        if !from.join(folder).is_dir() {
            continue;
        }
        let mut keys = source
            .list(folder)
            .await
            .map_err(|e| anyhow::anyhow!("listing {}: {e:?}", from.join(folder).display()))?;
        keys.sort();
        for (key, size) in keys.into_iter().filter(|(k, _)| !is_leftover(k)) {
            if to.size(&key).await.map_err(|e| anyhow::anyhow!("{e:?}"))? == Some(size) {
                report.already += 1;
                continue;
            }
            let bytes = source
                .get(&key)
                .await
                .map_err(|e| anyhow::anyhow!("reading {key}: {e:?}"))?;
            to.put(&key, bytes)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            report.copied += 1;
            report.bytes += size;
            progress(&key, &report);
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_interrupted_writes_are_not_copied() {
        assert!(is_leftover("photos/.abc-thumb.x1y2.tmp"));
        assert!(is_leftover("photos/abc-thumb.jpg#3"));
        assert!(!is_leftover("photos/abc-thumb.jpg"));
        assert!(!is_leftover("mail/12.eml"));
    }
}
