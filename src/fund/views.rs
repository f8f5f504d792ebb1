//! What the fund pages show, one struct per template.

use crate::money::Cents;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::domain::{FundFigures, ProjectStatus};
use super::input::{DisbursementForm, ProjectForm, ReportForm, StatusForm};

/// A project in a list, with how far the fund has paid its budget.
#[derive(Serialize)]
pub struct ProjectCard {
    pub id: i64,
    pub title: String,
    pub territory: String,
    pub status: ProjectStatus,
    pub budget_cents: Cents,
    pub designated_cents: Cents,
    pub disbursed_cents: Cents,
    /// Disbursed as a whole percentage of the budget (at most 100), for the progress bar.
    pub progress: i64,
}

#[derive(Serialize)]
pub struct TerritoryChoice {
    pub slug: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct FundView {
    pub partnership_slug: String,
    pub partnership_name: String,
    pub figures: FundFigures,
    pub projects: Vec<ProjectCard>,
    pub can_manage: bool,
    pub territories: Vec<TerritoryChoice>,
    pub form: ProjectForm,
    pub errors: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
pub struct PhotoRow {
    pub id: i64,
    pub key: String,
}

#[derive(Serialize)]
pub struct ReportRow {
    pub title: String,
    pub body: String,
    pub reported_on: NaiveDate,
}

#[derive(Serialize)]
pub struct DisbursementRow {
    pub id: i64,
    pub amount_cents: Cents,
    pub paid_on: NaiveDate,
    pub memo: String,
    pub proof_name: String,
}

/// Which of the project page's forms the errors belong to.
#[derive(Serialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum ProjectFormKind {
    #[default]
    None,
    Status,
    Report,
    Photo,
    Disbursement,
}

#[derive(Serialize)]
pub struct ProjectView {
    pub card: ProjectCard,
    pub description: String,
    pub decision: Option<String>,
    pub chosen_on: Option<NaiveDate>,
    pub partnership_slug: String,
    pub partnership_name: String,
    pub photos: Vec<PhotoRow>,
    pub reports: Vec<ReportRow>,
    pub disbursements: Vec<DisbursementRow>,
    pub figures: FundFigures,
    pub can_manage: bool,
    /// The statuses it may move to.
    pub next_statuses: Vec<ProjectStatus>,
    pub accepts_disbursement: bool,
    pub failed: ProjectFormKind,
    pub status_form: StatusForm,
    pub report_form: ReportForm,
    pub disbursement_form: DisbursementForm,
    /// The errors of each form (only the one sent can have some).
    pub status_errors: BTreeMap<String, Vec<String>>,
    pub report_errors: BTreeMap<String, Vec<String>>,
    pub disbursement_errors: BTreeMap<String, Vec<String>>,
}
