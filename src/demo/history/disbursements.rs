//! What the funds paid out, with a PDF proof for each payment.

use crate::media::storage::Storage;
use crate::money::Cents;
use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, Utc};
use entity::fund_project;
use sea_orm::DatabaseConnection;

use super::*;
use crate::fund::disbursements::{StoredProof, record_disbursement, store_proof};
use crate::fund::domain as fund;
use crate::fund::input::NewDisbursement;

/// What the funds paid out: for each project, a payment when it was chosen and another later,
/// each at most what the fund could pay at the time; proofs stored under the data directory.
pub async fn disbursements(
    db: &DatabaseConnection,
    storage: &Storage,
    projects: &HashMap<entity::PartnershipId, Vec<fund_project::Model>>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{e}");
    let mut plan: Vec<(DateTime<Utc>, &fund_project::Model, Cents)> = Vec::new();
    for p in projects.values().flatten() {
        let chosen = p.chosen_on.map(midnight).unwrap_or(now);
        let months = (now - chosen).num_days() / 30;
        // A first payment two months after the choice, the rest a month before completion
        // (or last week for projects under way).
        plan.push((
            chosen + Duration::days(60),
            p,
            Cents(p.budget_cents.get() * 45 / 100),
        ));
        let later = if p.status == fund::ProjectStatus::Completed {
            months_ago(now, 1) - Duration::days(3)
        } else {
            now - Duration::days(7)
        };
        if months > 3 {
            plan.push((later, p, p.budget_cents));
        }
    }
    plan.sort_by_key(|(at, p, _)| (*at, p.id));
    for (k, (at, p, want)) in plan.into_iter().enumerate() {
        if at >= now {
            continue;
        }
        let txn = crate::db::begin_write(db).await?;
        let figures = crate::fund::service::figures(&*txn, &[p.partnership_id], at)
            .await
            .map_err(err)?;
        let paid = crate::fund::service::project_sums(&*txn, &[p.id])
            .await
            .map_err(err)?
            .get(&p.id)
            .map(|s| s.disbursed_cents)
            .unwrap_or_default();
        let available = figures
            .get(&p.partnership_id)
            .map(|f| f.available_cents)
            .unwrap_or_default();
        // Round euros, what is left of the budget, at most four fifths of what the fund could
        // pay then (the demo's coordinators keep something to pay out themselves).
        let amount = Cents(Ord::min((want - paid).get(), available.get() * 4 / 5) / 100 * 100);
        if !amount.is_positive() {
            continue;
        }
        let memo = format!("Facture {}-{:03} — {}", at.year(), k + 1, p.title);
        let pdf = proof_pdf(&memo, amount);
        let key = store_proof(storage, pdf, "pdf").await.map_err(err)?;
        record_disbursement(
            &*txn,
            p,
            &NewDisbursement {
                amount_cents: amount,
                paid_on: at.date_naive(),
                memo: memo.chars().take(300).collect(),
            },
            StoredProof {
                key,
                name: format!("facture-{}-{:03}.pdf", at.year(), k + 1),
                mime: "application/pdf",
            },
            None,
            at,
        )
        .await
        .map_err(err)?;
        txn.commit().await?;
    }
    Ok(())
}

/// A one-page PDF saying what was paid (a stand-in for the scanned invoice).
fn proof_pdf(memo: &str, cents: Cents) -> Vec<u8> {
    let text: String = format!("{memo} : {}", cents.euros())
        .chars()
        .filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\'))
        .collect();
    let content = format!("BT /F1 12 Tf 50 750 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).into_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}
