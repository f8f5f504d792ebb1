//! The personal space page.

use actix_web::HttpResponse;
use serde::Serialize;

use super::service;
use crate::accounts::views::RoleView;
use crate::error::AppResult;
use crate::web::auth::SessionUser;
use crate::web::page::Page;
use crate::web::space::{SpaceItem, SpaceKind};

/// How many things done each area shows (the most recent).
const DONE_PER_AREA: usize = 10;

#[derive(Serialize)]
struct Section {
    area: &'static str,
    items: Vec<SpaceItem>,
}

#[derive(Serialize)]
struct SpaceView {
    display_name: String,
    todo: Vec<Section>,
    done: Vec<Section>,
    roles: Vec<RoleView>,
}

/// Groups lines by area, areas in the order of their first line (the most urgent first).
fn sections(items: impl Iterator<Item = SpaceItem>, per_area: usize) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for item in items {
        match out.iter_mut().find(|s| s.area == item.area) {
            Some(s) if s.items.len() < per_area => s.items.push(item),
            Some(_) => {}
            None => out.push(Section {
                area: item.area,
                items: vec![item],
            }),
        }
    }
    out
}

pub async fn me(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    let st = page.state();
    let items = service::items(&st.db, &user.0, st.now(), page.lang).await?;
    let (todo, done): (Vec<SpaceItem>, Vec<SpaceItem>) =
        items.into_iter().partition(|i| i.kind == SpaceKind::Todo);
    let roles = crate::accounts::service::describe_grants(&st.db, &user.0).await?;
    page.render(
        "space/me.html.tera",
        &SpaceView {
            display_name: user.0.display_name.clone(),
            todo: sections(todo.into_iter(), usize::MAX),
            done: sections(done.into_iter(), DONE_PER_AREA),
            roles,
        },
    )
}
