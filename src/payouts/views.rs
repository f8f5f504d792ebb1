//! What the payout pages show, one struct per template.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::domain;
use super::service::{BatchFull, OwedRow};
use super::statement::StatementMonth;
use crate::money::Cents;
use crate::web::i18n::Lang;

/// A producer's bank details as the bank needs them.
#[derive(Clone, Debug, Default, Serialize)]
pub struct BankRow {
    pub holder: String,
    pub account: String,
    pub bic: String,
    pub bank: String,
    pub address: String,
    /// Whether the producer gave an account at all.
    pub complete: bool,
}

impl BankRow {
    pub fn of(p: &entity::producer::Model) -> BankRow {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        BankRow {
            holder: p.bank_holder.clone().unwrap_or_else(|| p.name.clone()),
            account: s(&p.bank_account),
            bic: s(&p.bank_bic),
            bank: s(&p.bank_name),
            address: s(&p.bank_address),
            complete: p.bank_account.is_some(),
        }
    }
}

#[derive(Serialize)]
pub struct OwedLine {
    pub producer_id: i64,
    pub name: String,
    pub earned_cents: Cents,
    pub paid_cents: Cents,
    pub owed_cents: Cents,
    /// The amount field: what is typed, or what is owed.
    pub amount: String,
    pub bank_complete: bool,
}

impl OwedLine {
    pub fn of(r: &OwedRow, typed: Option<&String>) -> OwedLine {
        OwedLine {
            producer_id: r.producer.id.get(),
            name: r.producer.name.clone(),
            earned_cents: r.account.earned_cents,
            paid_cents: r.account.paid_cents,
            owed_cents: r.account.owed_cents(),
            amount: typed
                .cloned()
                .unwrap_or_else(|| crate::web::csv::decimal(r.account.owed_cents())),
            bank_complete: r.producer.bank_account.is_some(),
        }
    }
}

#[derive(Serialize)]
pub struct TransferRow {
    pub id: i64,
    pub producer_id: i64,
    pub producer: String,
    pub bank: BankRow,
    pub amount_cents: Cents,
    /// The same in dirhams at the batch's rate ("1 085,00 MAD"), information only.
    pub amount_mad: Option<String>,
    pub paid: bool,
    pub bank_reference: Option<String>,
    pub paid_on: Option<NaiveDate>,
    /// Whether the bank's confirmation is attached.
    pub has_proof: bool,
}

#[derive(Serialize)]
pub struct BatchCard {
    pub id: i64,
    pub created_on: NaiveDate,
    pub note: String,
    pub mad_rate: Option<String>,
    pub rate_on: Option<NaiveDate>,
    pub total_cents: Cents,
    pub total_mad: Option<String>,
    pub transfers: Vec<TransferRow>,
    pub paid_count: usize,
}

impl BatchCard {
    pub fn of(b: &BatchFull) -> BatchCard {
        let rate = b.batch.mad_rate_e4;
        let mad = |c: Cents| rate.map(|r| domain::dirhams_text(domain::in_dirhams(c, r)));
        let transfers: Vec<TransferRow> = b
            .payouts
            .iter()
            .map(|(po, pr)| TransferRow {
                id: po.id.get(),
                producer_id: pr.id.get(),
                producer: pr.name.clone(),
                bank: BankRow::of(pr),
                amount_cents: po.amount_cents,
                amount_mad: mad(po.amount_cents),
                paid: po.status == entity::payout::PayoutStatus::Paid,
                bank_reference: po.bank_reference.clone(),
                paid_on: po.paid_on,
                has_proof: po.proof_key.is_some(),
            })
            .collect();
        BatchCard {
            id: b.batch.id.get(),
            created_on: crate::clock::today(b.batch.created_at),
            note: b.batch.note.clone(),
            mad_rate: rate.map(domain::rate_text),
            rate_on: b.batch.rate_on,
            total_cents: b.total_cents(),
            total_mad: mad(b.total_cents()),
            paid_count: transfers.iter().filter(|t| t.paid).count(),
            transfers,
        }
    }
}

#[derive(Serialize)]
pub struct PayoutsView {
    pub partnership_slug: String,
    pub partnership_name: String,
    pub owed: Vec<OwedLine>,
    pub owed_total_cents: Cents,
    pub batches: Vec<BatchCard>,
    pub mad_rate: String,
    pub rate_on: String,
    pub note: String,
    pub errors: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
pub struct BatchView {
    pub partnership_slug: String,
    pub partnership_name: String,
    pub batch: BatchCard,
    /// The transfer whose form failed, its fields and errors.
    pub failed: Option<i64>,
    pub form: super::input::PaidForm,
    pub errors: BTreeMap<String, Vec<String>>,
    pub today: NaiveDate,
}

#[derive(Serialize)]
pub struct OrderView {
    pub partnership_name: String,
    /// The account the transfers leave from.
    pub account_name: String,
    pub account_iban: String,
    pub account_bic: String,
    pub batch: BatchCard,
}

#[derive(Serialize)]
pub struct MonthRow {
    pub label: String,
    #[serde(flatten)]
    pub month: StatementMonth,
}

impl MonthRow {
    pub fn of(m: StatementMonth, lang: Lang) -> MonthRow {
        let label = m
            .month
            .split_once('-')
            .and_then(|(y, mm)| Some((y.to_owned(), mm.parse::<u32>().ok()?)))
            .map(|(y, mm)| format!("{} {y}", crate::web::format::month_name(lang, mm)))
            .unwrap_or_else(|| m.month.clone());
        MonthRow { label, month: m }
    }
}

#[derive(Serialize)]
pub struct StatementView {
    pub producer_id: i64,
    pub producer_name: String,
    pub earned_cents: Cents,
    pub paid_cents: Cents,
    pub owed_cents: Cents,
    /// Newest first.
    pub months: Vec<MonthRow>,
}
