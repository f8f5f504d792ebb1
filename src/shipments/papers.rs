//! The papers of a shipment: which are required now (from its contents, its exporters'
//! approved exporter authorisations and the category rules), what was recorded of them, and a
//! paper recorded as obtained with its reference, date and optional PDF. A fixed number of
//! queries whatever the contents.

use crate::media::storage::Storage;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::shipment_paper::{self, PaperKind, PaperStatus};
use entity::{ProducerId, ShipmentId, category_rule, producer, product};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::contents::{self, Detail};
use super::paper_rules::{self, Exporter, Need, Paper, Recorded, kind_name};
use super::service::managed;
use crate::db::rows_by;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::media::files::Folder;
use crate::security::AuthUser;

/// The largest scan of a paper a coordinator may attach.
pub const FILE_MAX_BYTES: usize = 10 * 1024 * 1024;

/// The exporters of a shipment's contents as the paper rules see them, and their rows
/// (three queries).
pub async fn exporters(
    conn: &impl ConnectionTrait,
    detail: &Detail,
) -> AppResult<(Vec<Exporter>, HashMap<ProducerId, producer::Model>)> {
    let c = &detail.contents;
    let product_ids: Vec<entity::ProductId> = c
        .producers
        .iter()
        .flat_map(|p| p.products.iter().map(|x| x.product_id))
        .collect();
    let products =
        rows_by::<product::Entity, _>(conn, product::Column::Id, product_ids, |p| p.id).await?;
    let producers = rows_by::<producer::Entity, _>(
        conn,
        producer::Column::Id,
        c.producers.iter().map(|p| p.producer_id).collect(),
        |p| p.id,
    )
    .await?;
    let rules: HashMap<String, category_rule::Model> = if c.producers.is_empty() {
        HashMap::new()
    } else {
        category_rule::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|r| (r.category.clone(), r))
            .collect()
    };
    let exporters = c
        .producers
        .iter()
        .map(|pl| {
            let rules_of = || {
                pl.products.iter().filter_map(|x| {
                    let category = &products.get(&x.product_id)?.category;
                    rules.get(category)
                })
            };
            Exporter {
                producer_id: pl.producer_id,
                value: pl
                    .products
                    .iter()
                    .filter(|x| x.originating)
                    .map(|x| x.load.value_cents)
                    .sum(),
                approved_exporter: producers
                    .get(&pl.producer_id)
                    .is_some_and(|p| p.approved_exporter_number.is_some()),
                health: rules_of().any(|r| r.needs_health_certificate),
                phytosanitary: rules_of().any(|r| r.needs_phytosanitary),
            }
        })
        .collect();
    Ok((exporters, producers))
}

/// What was recorded of the shipment `id`'s papers (one query).
pub async fn recorded(
    conn: &impl ConnectionTrait,
    id: ShipmentId,
) -> AppResult<Vec<shipment_paper::Model>> {
    Ok(shipment_paper::Entity::find()
        .filter(shipment_paper::Column::ShipmentId.eq(id))
        .order_by_asc(shipment_paper::Column::Id)
        .all(conn)
        .await?)
}

fn need_of(r: &shipment_paper::Model) -> Need {
    Need {
        kind: r.kind,
        producer_id: r.producer_id,
    }
}

/// The papers of the shipment `id` with these contents: required ones first, then those
/// recorded and no longer required; with the exporters' rows (four queries).
pub async fn papers_of(
    conn: &impl ConnectionTrait,
    id: ShipmentId,
    detail: &Detail,
) -> AppResult<(Vec<Paper>, HashMap<ProducerId, producer::Model>)> {
    let (exporters, producers) = exporters(conn, detail).await?;
    let rows: Vec<Recorded> = recorded(conn, id)
        .await?
        .iter()
        .map(|r| Recorded {
            need: need_of(r),
            status: r.status,
            reference: r.reference.clone(),
            obtained_on: r.obtained_on,
            has_file: r.file_key.is_some(),
        })
        .collect();
    let required = paper_rules::required(&exporters);
    Ok((paper_rules::papers(&required, &rows), producers))
}

/// The papers of the shipment `id` still to prepare, what holds its export clearance, as
/// [`names`] lists them ("" when none).
pub async fn missing(conn: &impl ConnectionTrait, id: ShipmentId) -> AppResult<String> {
    let detail = contents::detail(conn, id, "fr").await?;
    let (papers, _) = papers_of(conn, id, &detail).await?;
    let missing: Vec<Paper> = papers.into_iter().filter(Paper::missing).collect();
    Ok(names(&missing, &detail.producers))
}

/// "eur1 (Coopérative Tifawin), health_certificate (Achbaro)": the papers still missing, for
/// the message refusing the export clearance.
pub fn names(missing: &[Paper], producers: &HashMap<ProducerId, String>) -> String {
    missing
        .iter()
        .map(|p| match producers.get(&p.need.producer_id) {
            Some(name) => format!("{} ({name})", kind_name(p.need.kind)),
            None => kind_name(p.need.kind).to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A paper recorded as obtained, as typed.
#[derive(Clone, Debug)]
pub struct NewPaper {
    /// The exporter it is for; may be left out when one exporter only needs this kind.
    pub producer_id: Option<ProducerId>,
    pub reference: String,
    pub obtained_on: NaiveDate,
}

/// A scan of a paper as uploaded.
pub struct Scan {
    pub bytes: Vec<u8>,
    pub filename: Option<String>,
}

/// A paper to record: its kind, as typed, and its scan.
pub struct Recording {
    pub kind: PaperKind,
    pub paper: Result<NewPaper, FieldErrors>,
    pub scan: Option<Scan>,
}

/// Records the paper `kind` of the shipment `id` as obtained (its partnership's coordinators):
/// it must be required now (409 otherwise); the exporter is named when several need this kind
/// (422). A scan, when given, must be a PDF of at most 10 MB. Recording it again replaces the
/// reference, date and scan.
#[tracing::instrument(skip_all, fields(actor = actor.id, shipment = %id, kind = kind_name(rec.kind)))]
pub async fn record(
    db: &DatabaseConnection,
    storage: &Storage,
    actor: &AuthUser,
    id: ShipmentId,
    rec: Recording,
    now: DateTime<Utc>,
) -> AppResult<shipment_paper::Model> {
    let Recording { kind, paper, scan } = rec;
    managed(db, actor, id).await?;
    let mut errors = paper.as_ref().err().cloned().unwrap_or_default();
    let scan = scan.filter(|s| !s.bytes.is_empty());
    if let Some(s) = &scan {
        if s.bytes.len() > FILE_MAX_BYTES {
            errors.add(
                "file",
                FieldError::new("attachment-too-large").with("max", "10 MB"),
            );
        } else if !crate::media::checks::is_pdf(&s.bytes) {
            errors.add("file", FieldError::new("shipment-paper-pdf"));
        }
    }
    errors.into_result()?;
    let Ok(paper) = paper else {
        return Err(AppError::validation("reference", "required"));
    };
    let stored = match scan {
        Some(s) => {
            let key =
                crate::media::files::store(storage, Folder::Attachments, s.bytes, "pdf").await?;
            let name =
                crate::media::files::safe_name(s.filename.as_deref(), kind_name(kind), "pdf");
            Some((key, name))
        }
        None => None,
    };
    let txn = crate::db::begin_write(db).await?;
    managed(&txn, actor, id).await?;
    let detail = contents::detail(&txn, id, "fr").await?;
    let (papers, _) = papers_of(&txn, id, &detail).await?;
    let candidates: Vec<ProducerId> = papers
        .iter()
        .filter(|p| p.required && p.need.kind == kind)
        .map(|p| p.need.producer_id)
        .collect();
    let producer_id = match (paper.producer_id, candidates.as_slice()) {
        (Some(pid), _) if candidates.contains(&pid) => pid,
        (None, [only]) => *only,
        (None, [_, _, ..]) => return Err(AppError::validation("producer_id", "required")),
        _ => return Err(AppError::conflict("shipment-paper-not-required")),
    };
    let existing = shipment_paper::Entity::find()
        .filter(shipment_paper::Column::ShipmentId.eq(id))
        .filter(shipment_paper::Column::Kind.eq(kind))
        .filter(shipment_paper::Column::ProducerId.eq(producer_id))
        .one(&txn)
        .await?;
    let (file_key, file_name) = match (stored, &existing) {
        (Some((k, n)), _) => (Some(k), Some(n)),
        (None, Some(e)) => (e.file_key.clone(), e.file_name.clone()),
        (None, None) => (None, None),
    };
    let is_new = existing.is_none();
    let mut row = match existing {
        Some(e) => shipment_paper::ActiveModel::from(e),
        None => shipment_paper::ActiveModel {
            shipment_id: Set(id),
            kind: Set(kind),
            producer_id: Set(producer_id),
            ..Default::default()
        },
    };
    row.status = Set(PaperStatus::Obtained);
    row.reference = Set(paper.reference);
    row.obtained_on = Set(Some(paper.obtained_on));
    row.file_key = Set(file_key);
    row.file_name = Set(file_name);
    row.updated_by = Set(Some(actor.id));
    row.updated_at = Set(now);
    let saved = if is_new {
        row.insert(&txn).await
    } else {
        row.update(&txn).await
    };
    let model = match saved {
        Ok(m) => m,
        // Recorded meanwhile by another coordinator: the unique index decided.
        Err(e) => match AppError::from(e) {
            e if e.is_duplicate() => return Err(AppError::conflict("changed-meanwhile")),
            e => return Err(e),
        },
    };
    txn.commit().await?;
    Ok(model)
}

/// The scan of a paper, for the partnership's coordinators: (bytes, name).
pub async fn scan(
    db: &DatabaseConnection,
    storage: &Storage,
    actor: &AuthUser,
    id: ShipmentId,
    kind: PaperKind,
    producer_id: ProducerId,
) -> AppResult<(Vec<u8>, String)> {
    managed(db, actor, id).await?;
    let row = shipment_paper::Entity::find()
        .filter(shipment_paper::Column::ShipmentId.eq(id))
        .filter(shipment_paper::Column::Kind.eq(kind))
        .filter(shipment_paper::Column::ProducerId.eq(producer_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(key), Some(name)) = (row.file_key, row.file_name) else {
        return Err(AppError::NotFound);
    };
    let bytes = crate::media::files::read(storage, Folder::Attachments, &key, "pdf").await?;
    Ok((bytes, name))
}

/// The papers of the shipment `id` (its partnership's coordinators), with the exporters' rows.
pub async fn list(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ShipmentId,
) -> AppResult<(Vec<Paper>, HashMap<ProducerId, producer::Model>)> {
    managed(db, actor, id).await?;
    let detail = contents::detail(db, id, "fr").await?;
    papers_of(db, id, &detail).await
}
