//! The real transport cost of a shipment: the carrier's invoice recorded by the partnership's
//! coordinators, shared among the shipment's campaigns by the partnership's rule, each
//! campaign's share then settled (billed to its members or taken by the partnership's costs);
//! what a shipment's page shows of it; and a partnership's rule.

use crate::media::storage::Storage;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::partnership::{TransportBasis, TransportDifference};
use entity::shipment::ShipmentStep;
use entity::{
    CampaignId, GroupId, PartnershipId, ShipmentId, campaign, carrier_invoice, consumer_group,
    partnership, transport_share,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use super::contents;
use super::cost_input::NewInvoice;
use super::cost_rules::{self, Share};
use super::papers::{FILE_MAX_BYTES, Scan};
use super::service::managed;
use crate::db::{OneOrNotFound, rows_by};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::group_orders::close::Ctx;
use crate::group_orders::real_transport::{self, Emails};
use crate::media::files::Folder;
use crate::money::Cents;
use crate::security::AuthUser;

/// A carrier's invoice to record: as typed, and its scan.
pub struct InvoiceRecording {
    pub invoice: Result<NewInvoice, FieldErrors>,
    pub scan: Option<Scan>,
}

/// The shipment `id` when `actor` may record money on it: its partnership's coordinators (or
/// an admin), not the logistics people who move the goods.
async fn for_money(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    id: ShipmentId,
) -> AppResult<entity::shipment::Model> {
    let s = managed(conn, actor, id).await?;
    if actor.coordinates_partnership(s.partnership_id) {
        Ok(s)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Records the carrier's invoice of the shipment `id` and settles its cost: 409 while the
/// shipment is still being prepared (its contents may change) or when an invoice is already
/// recorded; 422 for bad input, an invoice dated before the shipment or in the future, or a
/// scan that is not a PDF of at most 10 MB. In one transaction: the invoice, each campaign's
/// share, the members' bills or the ledger; the members whose bill changed are emailed after.
#[tracing::instrument(skip_all, fields(actor = actor.id, shipment = %id))]
pub async fn record_invoice(
    db: &DatabaseConnection,
    ctx: &Ctx<'_>,
    storage: &Storage,
    actor: &AuthUser,
    id: ShipmentId,
    rec: InvoiceRecording,
    now: DateTime<Utc>,
) -> AppResult<carrier_invoice::Model> {
    let s = for_money(db, actor, id).await?;
    let mut errors = rec.invoice.as_ref().err().cloned().unwrap_or_default();
    if let Ok(i) = &rec.invoice {
        if i.invoiced_on < s.created_at.date_naive() {
            errors.add(
                "invoiced_on",
                FieldError::new("carrier-invoice-before-shipment")
                    .with("date", s.created_at.date_naive().to_string()),
            );
        } else if i.invoiced_on > crate::clock::today(now) {
            errors.add("invoiced_on", FieldError::new("not-in-future"));
        }
    }
    let scan = rec.scan.filter(|s| !s.bytes.is_empty());
    if let Some(sc) = &scan {
        if sc.bytes.len() > FILE_MAX_BYTES {
            errors.add(
                "file",
                FieldError::new("attachment-too-large").with("max", "10 MB"),
            );
        } else if !crate::media::checks::is_pdf(&sc.bytes) {
            errors.add("file", FieldError::new("shipment-paper-pdf"));
        }
    }
    errors.into_result()?;
    let Ok(invoice) = rec.invoice else {
        return Err(AppError::validation("reference", "required"));
    };
    if s.step == ShipmentStep::Preparing {
        return Err(AppError::conflict("shipment-still-preparing"));
    }
    let stored = match scan {
        Some(sc) => {
            let key =
                crate::media::files::store(storage, Folder::Attachments, sc.bytes, "pdf").await?;
            let name = crate::media::files::safe_name(sc.filename.as_deref(), "invoice", "pdf");
            Some((key, name))
        }
        None => None,
    };
    let txn = crate::db::begin_write(db).await?;
    let s = for_money(&txn, actor, id).await?;
    let p = partnership::Entity::find_by_id(s.partnership_id)
        .one_or_404(&txn)
        .await?;
    let carrier = if invoice.carrier.is_empty() {
        s.carrier.clone()
    } else {
        invoice.carrier
    };
    let row = carrier_invoice::ActiveModel {
        shipment_id: Set(id),
        carrier: Set(carrier),
        reference: Set(invoice.reference),
        invoiced_on: Set(invoice.invoiced_on),
        amount_cents: Set(invoice.amount),
        basis: Set(p.transport_basis),
        file_key: Set(stored.as_ref().map(|x| x.0.clone())),
        file_name: Set(stored.map(|x| x.1)),
        recorded_by: Set(Some(actor.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let row = match row {
        Ok(r) => r,
        // Recorded meanwhile, or before: the unique index decided.
        Err(e) => match AppError::from(e) {
            e if e.is_duplicate() => return Err(AppError::conflict("carrier-invoice-recorded")),
            e => return Err(e),
        },
    };
    let pairs = contents::pairs(&txn, id).await?;
    let products = contents::order_products(&txn, &pairs).await?;
    let lines = contents::lines(&txn, &products, "fr").await?;
    let shares = cost_rules::shares(
        invoice.amount,
        p.transport_basis,
        &cost_rules::loads(&lines),
    );
    if !shares.is_empty() {
        transport_share::Entity::insert_many(shares.iter().map(|sh: &Share| {
            transport_share::ActiveModel {
                shipment_id: Set(id),
                campaign_id: Set(sh.campaign_id),
                basis_amount: Set(sh.basis_amount),
                share_cents: Set(sh.cents),
                ..Default::default()
            }
        }))
        .exec(&txn)
        .await?;
    }
    let mut emails = Emails::default();
    for sh in &shares {
        real_transport::apply(&txn, ctx, sh.campaign_id, &mut emails, now).await?;
    }
    txn.commit().await?;
    tracing::info!(
        shipment = %id,
        cents = invoice.amount.get(),
        campaigns = shares.len(),
        "carrier invoice recorded"
    );
    emails.send(db, ctx, now).await;
    Ok(row)
}

/// A campaign's share of the shipment's invoice, and how it settled.
#[derive(Clone, Debug)]
pub struct ShareRow {
    pub campaign_id: CampaignId,
    pub title: String,
    pub group: String,
    pub partnership_id: PartnershipId,
    pub basis_amount: i64,
    pub share: Cents,
    /// The campaign's estimate (all its shipments together).
    pub estimate: Cents,
    /// The real cost billed to its members, when they pay it.
    pub billed_real: Option<Cents>,
    /// What the partnership's costs took of the difference.
    pub absorbed: Cents,
    pub difference: TransportDifference,
}

/// The shipment's carrier invoice and its shares (five queries at most).
#[derive(Clone, Debug, Default)]
pub struct Costs {
    pub invoice: Option<carrier_invoice::Model>,
    pub shares: Vec<ShareRow>,
}

impl Costs {
    /// The shares add up to the invoice.
    pub fn total(&self) -> Cents {
        self.shares.iter().map(|s| s.share).sum()
    }
}

/// The carrier invoice of the shipment `id` and each campaign's share (no authorization: the
/// caller checked).
pub async fn of_shipment(conn: &impl ConnectionTrait, id: ShipmentId) -> AppResult<Costs> {
    let Some(invoice) = carrier_invoice::Entity::find()
        .filter(carrier_invoice::Column::ShipmentId.eq(id))
        .one(conn)
        .await?
    else {
        return Ok(Costs::default());
    };
    let shares = transport_share::Entity::find()
        .filter(transport_share::Column::ShipmentId.eq(id))
        .order_by_asc(transport_share::Column::CampaignId)
        .all(conn)
        .await?;
    let campaigns = rows_by::<campaign::Entity, _>(
        conn,
        campaign::Column::Id,
        shares.iter().map(|s| s.campaign_id).collect(),
        |c| c.id,
    )
    .await?;
    let mut group_ids: Vec<GroupId> = campaigns.values().map(|c| c.group_id).collect();
    group_ids.sort_unstable();
    group_ids.dedup();
    let groups: HashMap<GroupId, String> =
        rows_by::<consumer_group::Entity, _>(conn, consumer_group::Column::Id, group_ids, |g| g.id)
            .await?
            .into_iter()
            .map(|(id, g)| (id, g.name))
            .collect();
    let mut partnership_ids: Vec<PartnershipId> =
        campaigns.values().map(|c| c.partnership_id).collect();
    partnership_ids.sort_unstable();
    partnership_ids.dedup();
    let rules =
        rows_by::<partnership::Entity, _>(conn, partnership::Column::Id, partnership_ids, |p| p.id)
            .await?;
    Ok(Costs {
        invoice: Some(invoice),
        shares: shares
            .into_iter()
            .filter_map(|s| {
                let c = campaigns.get(&s.campaign_id)?;
                Some(ShareRow {
                    campaign_id: c.id,
                    title: c.title.clone(),
                    group: groups.get(&c.group_id).cloned().unwrap_or_default(),
                    partnership_id: c.partnership_id,
                    basis_amount: s.basis_amount,
                    share: s.share_cents,
                    estimate: c.transport_cents,
                    billed_real: c.real_transport_cents,
                    absorbed: c.transport_absorbed_cents,
                    difference: rules
                        .get(&c.partnership_id)
                        .map(|p| p.transport_difference)
                        .unwrap_or(TransportDifference::Members),
                })
            })
            .collect(),
    })
}

/// The carrier invoice of the shipment `id` and its shares, for its partnership's coordinators.
pub async fn show(db: &DatabaseConnection, actor: &AuthUser, id: ShipmentId) -> AppResult<Costs> {
    managed(db, actor, id).await?;
    of_shipment(db, id).await
}

/// The scan of the shipment `id`'s carrier invoice, for its partnership's coordinators.
pub async fn scan(
    db: &DatabaseConnection,
    storage: &Storage,
    actor: &AuthUser,
    id: ShipmentId,
) -> AppResult<(Vec<u8>, String)> {
    for_money(db, actor, id).await?;
    let row = carrier_invoice::Entity::find()
        .filter(carrier_invoice::Column::ShipmentId.eq(id))
        .one_or_404(db)
        .await?;
    let (Some(key), Some(name)) = (row.file_key, row.file_name) else {
        return Err(AppError::NotFound);
    };
    let bytes = crate::media::files::read(storage, Folder::Attachments, &key, "pdf").await?;
    Ok((bytes, name))
}

/// Sets the partnership `slug`'s rule for the real transport cost (its coordinators): it
/// applies to the carrier invoices recorded from now on.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn set_rule(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    (basis, difference): (TransportBasis, TransportDifference),
    now: DateTime<Utc>,
) -> AppResult<partnership::Model> {
    let txn = crate::db::begin_write(db).await?;
    let p = actor.coordinated_partnership(&txn, slug).await?;
    let mut a: partnership::ActiveModel = p.into();
    a.transport_basis = Set(basis);
    a.transport_difference = Set(difference);
    a.updated_at = Set(now);
    let p = a.update(&txn).await?;
    txn.commit().await?;
    Ok(p)
}
