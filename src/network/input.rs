//! What coordinators type (JSON bodies), parsed into checked values.

use chrono::NaiveDate;
use entity::I18nText;
use serde::{Deserialize, Serialize};

use super::domain::{PILLARS, is_topic};
use crate::catalog::input::TextInput;
use crate::error::{FieldError, FieldErrors};
use crate::web::forms::{lang_texts, no_control_chars};

/// A practice sheet (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SheetInput {
    /// The slug of the territory that tells its practice.
    pub territory: String,
    /// practices, tourism or trade.
    pub pillar: String,
    pub topics: Vec<String>,
    pub title: TextInput,
    pub summary: TextInput,
    /// The method, step by step.
    pub method: TextInput,
    pub results: TextInput,
    pub contacts: String,
}

#[derive(Clone, Debug)]
pub struct NewSheet {
    pub territory: String,
    pub pillar: String,
    pub topics: Vec<String>,
    pub title: I18nText,
    pub summary: I18nText,
    pub method: I18nText,
    pub results: I18nText,
    pub contacts: String,
}

fn topics(errors: &mut FieldErrors, field: &str, given: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for t in given {
        let t = t.trim();
        if !is_topic(t) {
            errors.add(field, FieldError::new("unknown-topic").with("topic", t));
        } else if !out.iter().any(|o: &String| o == t) {
            out.push(t.to_owned());
        }
    }
    out
}

impl TryFrom<SheetInput> for NewSheet {
    type Error = FieldErrors;

    fn try_from(s: SheetInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = lang_texts(&mut errors, "title", &s.title.map(), 160);
        if title.is_empty() && !errors.0.contains_key("title") {
            errors.add("title", FieldError::new("required"));
        }
        let summary = lang_texts(&mut errors, "summary", &s.summary.map(), 2_000);
        if summary.is_empty() && !errors.0.contains_key("summary") {
            errors.add("summary", FieldError::new("required"));
        }
        let method = lang_texts(&mut errors, "method", &s.method.map(), 20_000);
        let results = lang_texts(&mut errors, "results", &s.results.map(), 10_000);
        let pillar = s.pillar.trim().to_owned();
        if !PILLARS.contains(&pillar.as_str()) {
            errors.add("pillar", FieldError::new("choice"));
        }
        let topics = topics(&mut errors, "topics", &s.topics);
        if topics.is_empty() && !errors.0.contains_key("topics") {
            errors.add("topics", FieldError::new("required"));
        }
        let contacts = s.contacts.trim().to_owned();
        if contacts.chars().count() > 2_000 {
            errors.add("contacts", FieldError::new("length").with("max", 2_000));
        }
        errors.check()?;
        Ok(NewSheet {
            territory: s.territory.trim().to_owned(),
            pillar,
            topics,
            title,
            summary,
            method,
            results,
            contacts,
        })
    }
}

/// The topics a territory can help with (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ExpertiseInput {
    pub topics: Vec<String>,
}

impl ExpertiseInput {
    pub fn parse(&self) -> Result<Vec<String>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let t = topics(&mut errors, "topics", &self.topics);
        errors.check()?;
        Ok(t)
    }
}

/// A support request (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RequestInput {
    /// The slug of the territory asking.
    pub territory: String,
    pub topic: String,
    pub title: String,
    pub need: String,
    /// YYYY-MM-DD, optional.
    pub deadline: Option<String>,
}

#[derive(Clone, Debug)]
pub struct NewRequest {
    pub territory: String,
    pub topic: String,
    pub title: String,
    pub need: String,
    pub deadline: Option<NaiveDate>,
}

impl NewRequest {
    pub fn parse(r: RequestInput, today: NaiveDate) -> Result<NewRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        if !is_topic(r.topic.trim()) {
            errors.add(
                "topic",
                FieldError::new("unknown-topic").with("topic", r.topic.trim()),
            );
        }
        let title = r.title.trim().to_owned();
        if title.is_empty() {
            errors.add("title", FieldError::new("required"));
        } else if title.chars().count() > 160 {
            errors.add("title", FieldError::new("length").with("max", 160));
        }
        no_control_chars(&mut errors, "title", &title);
        let need = r.need.trim().to_owned();
        if need.is_empty() {
            errors.add("need", FieldError::new("required"));
        } else if need.chars().count() > 10_000 {
            errors.add("need", FieldError::new("length").with("max", 10_000));
        }
        let deadline = match r.deadline.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => match crate::clock::parse_date(d) {
                Some(d) if d < today => {
                    errors.add("deadline", FieldError::new("in-the-past"));
                    None
                }
                Some(d) => Some(d),
                None => {
                    errors.add("deadline", FieldError::new("date"));
                    None
                }
            },
        };
        errors.check()?;
        Ok(NewRequest {
            territory: r.territory.trim().to_owned(),
            topic: r.topic.trim().to_owned(),
            title,
            need,
            deadline,
        })
    }
}
