//! What coordinators type about the fund's projects, parsed into domain values.

use crate::money::Cents;
use chrono::NaiveDate;
use sea_orm::ActiveEnum;
use serde::{Deserialize, Serialize};

use super::domain::{self, MAX_CENTS, ProjectStatus};
use crate::error::{FieldError, FieldErrors};
use crate::money::parse_euros;
use crate::web::forms::{date, line, paragraphs};

fn euros(errors: &mut FieldErrors, field: &str, v: &str) -> Cents {
    match parse_euros(v) {
        Some(c) if c.is_positive() && c <= MAX_CENTS => c,
        Some(_) => {
            errors.add(
                field,
                FieldError::new("range")
                    .with("min", "0,01 €")
                    .with("max", "10 000 000 €"),
            );
            Cents::ZERO
        }
        None if v.trim().is_empty() => {
            errors.add(field, FieldError::new("required"));
            Cents::ZERO
        }
        None => {
            errors.add(field, FieldError::new("euros"));
            Cents::ZERO
        }
    }
}

/// A project as typed on the form (the budget in euros) or sent to the API (in cents).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProjectForm {
    pub title: String,
    /// Slug of one of the partnership's two territories.
    pub territory: String,
    pub description: String,
    /// Euros, as typed ("12 500" or "12 500,00").
    pub budget: String,
}

#[derive(Clone, Debug)]
pub struct NewProject {
    pub title: String,
    pub territory: String,
    pub description: String,
    pub budget_cents: Cents,
}

impl TryFrom<&ProjectForm> for NewProject {
    type Error = FieldErrors;

    fn try_from(f: &ProjectForm) -> Result<NewProject, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = line(&mut errors, "title", &f.title, 200, true);
        let territory = line(&mut errors, "territory", &f.territory, 100, true);
        let description = paragraphs(&mut errors, "description", &f.description, 10_000, true);
        let budget_cents = euros(&mut errors, "budget", &f.budget);
        errors.check()?;
        Ok(NewProject {
            title,
            territory,
            description,
            budget_cents,
        })
    }
}

/// A project's next step: chosen (open), completed or withdrawn, with how it was decided.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StatusForm {
    pub status: String,
    /// Who decided and how ("chosen by the multi-stakeholder platform on ...").
    pub decision: String,
    /// YYYY-MM-DD; today when empty.
    pub decided_on: String,
}

#[derive(Clone, Debug)]
pub struct StatusChange {
    pub status: ProjectStatus,
    pub decision: String,
    pub decided_on: Option<NaiveDate>,
}

impl TryFrom<&StatusForm> for StatusChange {
    type Error = FieldErrors;

    fn try_from(f: &StatusForm) -> Result<StatusChange, FieldErrors> {
        let mut errors = FieldErrors::new();
        let status = domain::STATUSES
            .into_iter()
            .find(|s| s.to_value() == f.status.trim());
        if status.is_none() {
            errors.add("status", FieldError::new("choice"));
        }
        let decision = paragraphs(&mut errors, "decision", &f.decision, 2_000, true);
        let decided_on = date(&mut errors, "decided_on", &f.decided_on, false);
        errors.check()?;
        Ok(StatusChange {
            status: status.unwrap_or(ProjectStatus::Proposed),
            decision,
            decided_on,
        })
    }
}

/// News of a project.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReportForm {
    pub title: String,
    pub body: String,
    /// YYYY-MM-DD; today when empty.
    pub reported_on: String,
}

#[derive(Clone, Debug)]
pub struct NewReport {
    pub title: String,
    pub body: String,
    pub reported_on: Option<NaiveDate>,
}

impl TryFrom<&ReportForm> for NewReport {
    type Error = FieldErrors;

    fn try_from(f: &ReportForm) -> Result<NewReport, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = line(&mut errors, "title", &f.title, 200, true);
        let body = paragraphs(&mut errors, "body", &f.body, 10_000, true);
        let reported_on = date(&mut errors, "reported_on", &f.reported_on, false);
        errors.check()?;
        Ok(NewReport {
            title,
            body,
            reported_on,
        })
    }
}

/// A disbursement as typed (the proof comes as the form's file).
#[derive(Clone, Debug, Default, Serialize)]
pub struct DisbursementForm {
    pub amount: String,
    pub paid_on: String,
    pub memo: String,
}

#[derive(Clone, Debug)]
pub struct NewDisbursement {
    pub amount_cents: Cents,
    pub paid_on: NaiveDate,
    pub memo: String,
}

impl NewDisbursement {
    /// The fields, with the day it was paid no later than `today`.
    pub fn parse(f: &DisbursementForm, today: NaiveDate) -> Result<NewDisbursement, FieldErrors> {
        let mut errors = FieldErrors::new();
        let amount_cents = euros(&mut errors, "amount", &f.amount);
        let paid_on = date(&mut errors, "paid_on", &f.paid_on, true);
        if paid_on.is_some_and(|d| d > today) {
            errors.add("paid_on", FieldError::new("not-in-future"));
        }
        let memo = line(&mut errors, "memo", &f.memo, 300, true);
        errors.check()?;
        Ok(NewDisbursement {
            amount_cents,
            paid_on: paid_on.unwrap_or(today),
            memo,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_needs_its_fields_and_a_real_budget() {
        let e = NewProject::try_from(&ProjectForm {
            budget: "douze".into(),
            ..Default::default()
        })
        .unwrap_err();
        for f in ["title", "territory", "description", "budget"] {
            assert!(e.0.contains_key(f), "{f}: {e:?}");
        }
        let p = NewProject::try_from(&ProjectForm {
            title: " Citerne ".into(),
            territory: "sidi-bibi".into(),
            description: "Une citerne\r\npour l'école".into(),
            budget: "12 500,50".into(),
        })
        .unwrap();
        assert_eq!(p.title, "Citerne");
        assert_eq!(p.budget_cents, Cents(1_250_050));
        assert_eq!(p.description, "Une citerne\npour l'école");
    }

    #[test]
    fn a_disbursement_is_positive_and_not_in_the_future() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let e = NewDisbursement::parse(
            &DisbursementForm {
                amount: "-5".into(),
                paid_on: "2026-12-01".into(),
                memo: String::new(),
            },
            today,
        )
        .unwrap_err();
        for f in ["amount", "paid_on", "memo"] {
            assert!(e.0.contains_key(f), "{f}: {e:?}");
        }
        let d = NewDisbursement::parse(
            &DisbursementForm {
                amount: "1 200".into(),
                paid_on: "2026-11-29".into(),
                memo: "Facture 14".into(),
            },
            today,
        )
        .unwrap();
        assert_eq!(d.amount_cents, Cents(120_000));
    }
}
