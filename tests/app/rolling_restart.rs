//! Migrations never break the instances still running the previous version during a rolling
//! restart: the first instance of a new version migrates while the others keep serving with the
//! old code. So a migration's `up` only adds: no table or column dropped or renamed, no column
//! changed, and a column added to an existing table is nullable or has a default (old code
//! inserts rows without it). A change that must remove something is done in two releases: stop
//! using it, then remove it in a migration marked `// contract: <the release that stopped
//! using it>`, which this check lets through.

use std::path::Path;

/// What a migration's `up` may not do without being marked as the second step of a change.
const CONTRACTING: [&str; 7] = [
    ".drop_column(",
    ".rename_column(",
    ".modify_column(",
    "Table::drop()",
    "Table::rename()",
    ".drop_foreign_key(",
    "DROP ",
];

/// The body of `async fn up` (up to `async fn down`).
fn up_of(source: &str) -> &str {
    let start = source.find("async fn up").unwrap_or(0);
    let end = source[start..]
        .find("async fn down")
        .map_or(source.len(), |e| start + e);
    &source[start..end]
}

/// The `.add_column(...)` expressions of `up`, each up to its closing parenthesis.
fn added_columns(up: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = up;
    while let Some(at) = rest.find(".add_column(") {
        let from = at + ".add_column(".len();
        let mut depth = 1;
        let mut end = from;
        for (i, c) in rest[from..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = from + i;
                break;
            }
        }
        found.push(&rest[from..end]);
        rest = &rest[end..];
    }
    found
}

fn problems(name: &str, source: &str) -> Vec<String> {
    if source.contains("// contract:") {
        return Vec::new();
    }
    let up = up_of(source);
    let mut found: Vec<String> = CONTRACTING
        .iter()
        .filter(|op| up.contains(*op))
        .map(|op| format!("{name}: `{op}` in up"))
        .collect();
    for column in added_columns(up) {
        let nullable = column.contains("_null(") || column.contains(".null()");
        if !nullable && !column.contains(".default(") {
            found.push(format!(
                "{name}: column `{}` added NOT NULL without a default",
                column.trim()
            ));
        }
    }
    found
}

#[test]
fn migrations_only_add_so_the_previous_version_keeps_running() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migration/src");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('m') && n.ends_with(".rs"))
        .collect();
    names.sort();
    assert!(names.len() > 20, "the migrations are found: {names:?}");
    let found: Vec<String> = names
        .iter()
        .flat_map(|n| problems(n, &std::fs::read_to_string(dir.join(n)).unwrap()))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_sees_what_would_break_the_running_version() {
    let bad = r#"
        async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
            m.alter_table(Table::alter().table("products")
                .add_column(string("origin"))
                .add_column(boolean("kept").default(true))
                .add_column(string_null("note"))
                .drop_column("old").to_owned()).await
        }
        async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
            m.drop_table(Table::drop().table("x").to_owned()).await
        }"#;
    assert_eq!(
        problems("m_bad.rs", bad),
        [
            "m_bad.rs: `.drop_column(` in up",
            "m_bad.rs: column `string(\"origin\")` added NOT NULL without a default"
        ]
    );
    let marked = format!("// contract: 2026-12 stopped reading `old`\n{bad}");
    assert!(problems("m_marked.rs", &marked).is_empty());
}
