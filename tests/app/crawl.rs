//! Every page a role can reach from its own space (links followed to depth 3), in French and in
//! Arabic: no server error, no message key left untranslated, no interface sentence in another
//! language. People's own texts (names, titles, descriptions) are marked as such in the pages
//! (`dir="auto"`, `<bdi>`, `lang`): the check reads only the interface around them.

use std::collections::{BTreeSet, HashMap, VecDeque};

use reqwest::StatusCode;
use scraper::{ElementRef, Html, Node};

use crate::helpers::{DEMO_PASSWORD, TestApp};

/// Pages of one shape (`/campaigns/12`, `/campaigns/13`) visited at most this often.
const PER_SHAPE: usize = 2;
/// At most this many pages per role and language (`PASSERELLE_CRAWL_PAGES` for a deeper look).
fn max_pages() -> usize {
    std::env::var("PASSERELLE_CRAWL_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(140)
}
/// How many links away from the role's space (`PASSERELLE_CRAWL_DEPTH` for a deeper look).
fn depth() -> usize {
    std::env::var("PASSERELLE_CRAWL_DEPTH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

/// `/campaigns/12/pickup?x=1` -> `/campaigns/N/pickup`: pages that differ only by ids.
fn shape(path: &str) -> String {
    path.split('?')
        .next()
        .unwrap_or("")
        .split('/')
        .map(|seg| {
            if seg.chars().any(|c| c.is_ascii_digit()) {
                "N"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Links worth following: on this site, a page (not a file, not a language switch, not the API).
fn followable(href: &str) -> Option<String> {
    let href = href.split('#').next()?;
    if !href.starts_with('/') || href.starts_with("//") {
        return None;
    }
    let path = href.split('?').next()?;
    let skip_prefix = [
        "/static/", "/photos/", "/api/", "/files/", "/metrics", "/healthz",
    ];
    let skip_suffix = [".csv", ".ics", ".pdf", ".json", ".png", ".jpg", ".svg"];
    if skip_prefix.iter().any(|p| path.starts_with(p))
        || skip_suffix.iter().any(|s| path.ends_with(s))
        || href.contains("lang=")
        || path == "/logout"
    {
        return None;
    }
    Some(href.replace("&amp;", "&"))
}

/// Whether a text node is inside people's own content or something not in the interface's
/// language by design (a language name, code, an address).
fn is_marked(el: ElementRef<'_>, page_lang: &str) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .chain(std::iter::once(el))
        .any(|e| {
            let v = e.value();
            matches!(
                v.name(),
                "bdi"
                    | "code"
                    | "pre"
                    | "script"
                    | "style"
                    | "textarea"
                    | "option"
                    | "address"
                    | "title"
            ) || v.attr("dir") == Some("auto")
                || v.attr("translate") == Some("no")
                || v.attr("lang").is_some_and(|l| l != page_lang)
        })
}

/// Words of English that French never uses.
const ENGLISH: [&str; 30] = [
    "the", "and", "with", "your", "you", "this", "that", "not", "for", "are", "has", "have",
    "been", "was", "will", "please", "before", "after", "cannot", "must", "should", "from",
    "about", "what", "when", "which", "already", "only", "they", "their",
];

/// Interface texts of a page that look untranslated: Latin sentences on an Arabic page,
/// English sentences on a French one.
fn foreign_texts(html: &Html, page_lang: &str) -> Vec<String> {
    let mut found = Vec::new();
    for node in html.tree.nodes() {
        let Node::Text(text) = node.value() else {
            continue;
        };
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        if is_marked(parent, page_lang) {
            continue;
        }
        // Arguments of messages come isolated (U+2068 ... U+2069): they are people's texts.
        let mut interface = String::new();
        let mut depth = 0;
        for c in text.chars() {
            match c {
                '\u{2068}' => depth += 1,
                '\u{2069}' => depth = (depth - 1).max(0),
                _ if depth == 0 => interface.push(c),
                _ => interface.push(' '),
            }
        }
        let words: Vec<&str> = interface
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect();
        let suspicious = match page_lang {
            "ar" => {
                // Two Latin words of three letters or more in a row (brand names aside).
                words.windows(2).any(|w| {
                    w.iter().all(|x| {
                        x.chars().count() >= 3
                            && x.chars()
                                .all(|c| c.is_ascii_alphabetic() || "éèàçôûîâ'".contains(c))
                            && *x != "Passerelle"
                    })
                })
            }
            _ => {
                let english: BTreeSet<&str> = words
                    .iter()
                    .map(|w| w.to_lowercase())
                    .filter_map(|w| ENGLISH.iter().find(|e| **e == w).copied())
                    .collect();
                english.len() >= 2
            }
        };
        if suspicious {
            found.push(text.trim().chars().take(120).collect());
        }
    }
    found
}

/// The problems found, each with the page it was found on.
async fn crawl(app: &TestApp, who: Option<&str>, lang: &str) -> Vec<(String, String)> {
    let client = TestApp::new_client();
    if let Some(email) = who {
        let (_, page) = {
            let res = client.get(app.url("/login")).send().await.unwrap();
            (res.status(), res.text().await.unwrap())
        };
        let token = crate::helpers::csrf_in(&page).unwrap();
        let res = client
            .post(app.url("/login"))
            .form(&[
                ("email", email),
                ("password", DEMO_PASSWORD),
                ("csrf_token", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "login of {email}");
    }
    let start = if who.is_some() { "/me" } else { "/" };
    // The language is chosen once, as a person does with the switcher, and kept in a cookie.
    client
        .get(app.url(&format!("{start}?lang={lang}")))
        .send()
        .await
        .unwrap();
    let mut problems = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut shapes: HashMap<String, usize> = HashMap::new();
    let mut queue: VecDeque<(String, usize)> = VecDeque::from([(start.to_owned(), 0)]);
    let mut visited = 0;
    let depth_limit = depth();
    while let Some((path, depth)) = queue.pop_front() {
        if visited >= max_pages() {
            break;
        }
        visited += 1;
        let res = client.get(app.url(&path)).send().await.unwrap();
        let status = res.status();
        if status.is_server_error() {
            problems.push((format!("{status}"), path));
            continue;
        }
        let is_html = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if !is_html || status.is_redirection() {
            continue;
        }
        let body = res.text().await.unwrap();
        if body.contains("Unknown localization key") {
            let key = body
                .split("Unknown localization key: ")
                .nth(1)
                .map(|s| s.chars().take(60).collect::<String>())
                .unwrap_or_default();
            problems.push((format!("untranslated key {key}"), path.clone()));
        }
        let html = Html::parse_document(&body);
        let page_lang = html
            .root_element()
            .value()
            .attr("lang")
            .unwrap_or("")
            .to_owned();
        if page_lang != lang {
            problems.push((format!("page in '{page_lang}'"), path.clone()));
        }
        for t in foreign_texts(&html, lang) {
            problems.push((format!("\"{t}\""), path.clone()));
        }
        if depth >= depth_limit {
            continue;
        }
        let selector = scraper::Selector::parse("a[href]").unwrap();
        for a in html.select(&selector) {
            let Some(next) = a.value().attr("href").and_then(followable) else {
                continue;
            };
            let count = shapes.entry(shape(&next)).or_default();
            if *count >= PER_SHAPE || !seen.insert(next.clone()) {
                continue;
            }
            *count += 1;
            queue.push_back((next, depth + 1));
        }
    }
    eprintln!("CRAWL {} {lang}: {visited} pages", who.unwrap_or("visitor"));
    problems
}

#[tokio::test]
async fn every_page_each_role_reaches_is_served_and_speaks_french_and_arabic() {
    let app = TestApp::spawn_demo().await;
    let roles: [Option<&str>; 9] = [
        None,
        Some("admin@demo.passerelle.test"),
        Some("coordinator.jette-sidi-bibi@demo.passerelle.test"),
        Some("coordinator.schaerbeek-al-hoceima@demo.passerelle.test"),
        Some("producer.jette-sidi-bibi@demo.passerelle.test"),
        Some("group.jette-sidi-bibi@demo.passerelle.test"),
        Some("member1.jette-sidi-bibi@demo.passerelle.test"),
        Some("traveller@demo.passerelle.test"),
        Some("host.jette-sidi-bibi@demo.passerelle.test"),
    ];
    // Each problem once, with the first role and page where it showed.
    let mut all: std::collections::BTreeMap<String, (usize, String)> = Default::default();
    for who in roles {
        for lang in ["fr", "ar"] {
            for (what, page) in crawl(&app, who, lang).await {
                let e = all
                    .entry(format!("[{lang}] {what}"))
                    .or_insert((0, format!("{} {page}", who.unwrap_or("visitor"))));
                e.0 += 1;
            }
        }
    }
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.into_iter()
            .map(|(what, (n, first))| format!("{what}   ({n}×, first: {first})"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn page_shapes_and_links_are_read_as_meant() {
    assert_eq!(shape("/campaigns/12/pickup?x=1"), "/campaigns/N/pickup");
    assert_eq!(followable("/trips?lang=ar"), None);
    assert_eq!(followable("/static/css/site.css"), None);
    assert_eq!(followable("https://example.org/"), None);
    assert_eq!(
        followable("/a?b=1&amp;c=2#x").as_deref(),
        Some("/a?b=1&c=2")
    );
    let html = Html::parse_document(
        r#"<html lang="ar"><body><p>مرحبا <bdi>Commande d'hiver</bdi></p><p>Commande d'hiver</p><p dir="auto">Huile d'argan</p></body></html>"#,
    );
    assert_eq!(foreign_texts(&html, "ar"), ["Commande d'hiver"]);
    let html = Html::parse_document(
        r#"<html lang="fr"><body><p>Confirm your email before booking</p><p>Le panier est vide</p></body></html>"#,
    );
    assert_eq!(foreign_texts(&html, "fr").len(), 1);
}
