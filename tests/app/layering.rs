//! The layers stay true: a core module (plumbing, mail, jobs, payments, the ledger, media,
//! security, money, clock) never imports a feature area. When a core must act for a feature,
//! the feature registers a handler with it in `startup.rs` (STYLE.md, "Layers between areas").

use std::path::{Path, PathBuf};

/// The cores: a directory under src/ or a single file.
const CORES: [&str; 9] = [
    "web", "mail", "jobs", "payments", "ledger", "media", "security", "money", "clock",
];

/// The feature areas, and the composition root that wires them.
const FEATURES: [&str; 13] = [
    "accounts",
    "catalog",
    "group_orders",
    "trips",
    "fund",
    "payouts",
    "network",
    "impact",
    "shipments",
    "territories",
    "demo",
    "space",
    "startup",
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            rust_files(&p, out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The first segment of every path this source names from the crate root: `crate::x::…`, and
/// each item of `crate::{x, y::z}`.
fn crate_roots(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(inner) = rest.strip_prefix('{') {
                let inner = inner.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let first = item.trim().split("::").next().unwrap_or("").trim();
                    found.push((n + 1, first.to_owned()));
                }
            } else {
                let first: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push((n + 1, first));
            }
        }
    }
    found
}

#[test]
fn cores_import_no_feature() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offences = Vec::new();
    let mut files = Vec::new();
    for core in CORES {
        let dir = src.join(core);
        let file = src.join(format!("{core}.rs"));
        assert!(
            dir.is_dir() || file.is_file(),
            "the core `{core}` is neither src/{core}/ nor src/{core}.rs"
        );
        rust_files(&dir, &mut files);
        rust_files(&file, &mut files);
    }
    assert!(files.len() >= CORES.len());
    for f in &files {
        let source = std::fs::read_to_string(f).unwrap();
        for (line, root) in crate_roots(&source) {
            if FEATURES.contains(&root.as_str()) {
                offences.push(format!(
                    "{}:{line} imports crate::{root}",
                    f.strip_prefix(&src).unwrap_or(f).display()
                ));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "core modules import feature areas:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_import_reader_sees_grouped_and_inline_paths() {
    let roots: Vec<String> = crate_roots(
        "use crate::{trips::x, web::y};\nlet a = crate::catalog::z(); // crate::fund\n",
    )
    .into_iter()
    .map(|(_, r)| r)
    .collect();
    assert_eq!(roots, ["trips", "web", "catalog"]);
}
