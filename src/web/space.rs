//! What each area contributes to a person's own page (`/me`): the things they have to do now and
//! the things they did, already worded in their language, each leading to the page where it
//! happens. Areas build these with a fixed number of queries (never one per item); the personal
//! space gathers them.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// To do now, or done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpaceKind {
    Todo,
    Done,
}

/// One line of a personal space.
#[derive(Clone, Debug, Serialize)]
pub struct SpaceItem {
    pub kind: SpaceKind,
    /// Which area it belongs to (`orders`, `payments`, `trips`, `practices`, `producers`,
    /// `admin` ...), to group lines under a heading.
    pub area: &'static str,
    /// What it is, in the person's language ("Commande d'hiver — GAC Jette").
    pub title: String,
    /// What to do or what happened, in the person's language ("Panier à remplir avant le
    /// 12 décembre 2026 à 20:00", "Payé 42,50 €").
    pub detail: String,
    /// Where it happens (a path on this site).
    pub href: String,
    /// The deadline of a thing to do, or the date of a thing done: lines are sorted by it.
    pub when: Option<DateTime<Utc>>,
    /// A second link, such as a receipt or an `.ics` file: (label, path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<(String, String)>,
}
