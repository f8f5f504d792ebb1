//! The approval of a producer, as a small state machine: pending -> approved or rejected; a
//! rejected producer corrects its profile and asks again (-> pending). Approved is where the
//! workflow ends (its coordinators may still withdraw the approval). In every other state each
//! responsible person has something to do, possible now or shown with what it waits for.

use serde::Serialize;

use entity::producer::ProducerStatus::{self, Approved, Pending, Rejected};

/// Something a producer's profile lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    /// No presentation in any language.
    Description,
    /// Neither a contact email nor a phone.
    Contact,
    /// A cooperative without its ODCo registration number.
    OdcoNumber,
    Photo,
    Products,
}

impl Gap {
    /// Coordinators approve only a producer that says who it is and how to reach it; the rest
    /// is advice.
    pub fn blocks_approval(self) -> bool {
        matches!(self, Gap::Description | Gap::Contact)
    }

    pub fn code(self) -> &'static str {
        match self {
            Gap::Description => "description",
            Gap::Contact => "contact",
            Gap::OdcoNumber => "odco-number",
            Gap::Photo => "photo",
            Gap::Products => "products",
        }
    }
}

/// What blocks approval, from the profile alone.
pub fn blocking_gaps(p: &entity::producer::Model) -> Vec<Gap> {
    let mut out = Vec::new();
    if p.description.is_empty() {
        out.push(Gap::Description);
    }
    if p.contact_email.is_none() && p.contact_phone.is_none() {
        out.push(Gap::Contact);
    }
    out
}

/// Everything the profile lacks, given how many photos and listed products it has.
pub fn gaps(p: &entity::producer::Model, photos: u64, products: u64) -> Vec<Gap> {
    let mut out = blocking_gaps(p);
    if p.kind == entity::producer::ProducerKind::Cooperative && p.odco_number.is_none() {
        out.push(Gap::OdcoNumber);
    }
    if photos == 0 {
        out.push(Gap::Photo);
    }
    if products == 0 {
        out.push(Gap::Products);
    }
    out
}

/// Who acts on a producer's approval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Responsible {
    /// The partnership's coordinators (and admins).
    Coordinator,
    /// The producer's members.
    Member,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Approve,
    /// With a reason the members read.
    Reject,
    EditProfile,
    /// A rejected producer asks to be examined again.
    Resubmit,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::EditProfile => "edit_profile",
            Action::Resubmit => "resubmit",
        }
    }
}

/// An action someone may take, or could once `waiting_for` is filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub action: Action,
    pub by: Responsible,
    pub waiting_for: Vec<Gap>,
}

pub fn is_final(status: ProducerStatus) -> bool {
    status == Approved
}

/// What each responsible person can do on a producer in `status`, given what its profile lacks.
pub fn offers(status: ProducerStatus, gaps: &[Gap]) -> Vec<Offer> {
    let blocking: Vec<Gap> = gaps
        .iter()
        .copied()
        .filter(|g| g.blocks_approval())
        .collect();
    let offer = |action, by, waiting_for: &[Gap]| Offer {
        action,
        by,
        waiting_for: waiting_for.to_vec(),
    };
    match status {
        Pending => vec![
            offer(Action::Approve, Responsible::Coordinator, &blocking),
            offer(Action::Reject, Responsible::Coordinator, &[]),
            offer(Action::EditProfile, Responsible::Member, &[]),
        ],
        Rejected => vec![
            offer(Action::Resubmit, Responsible::Member, &blocking),
            offer(Action::EditProfile, Responsible::Member, &[]),
            offer(Action::Approve, Responsible::Coordinator, &blocking),
        ],
        Approved => vec![
            offer(Action::EditProfile, Responsible::Member, &[]),
            offer(Action::Reject, Responsible::Coordinator, &[]),
        ],
    }
}

/// Where an action leads: the status after it, or `None` when it does not apply in `status`.
pub fn after(status: ProducerStatus, action: Action) -> Option<ProducerStatus> {
    match (status, action) {
        (Pending | Rejected, Action::Approve) => Some(Approved),
        (Pending | Approved, Action::Reject) => Some(Rejected),
        (Rejected, Action::Resubmit) => Some(Pending),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::Iterable;

    use super::*;

    #[test]
    fn every_state_but_the_last_gives_each_responsible_person_something_to_do() {
        for gaps in [vec![], vec![Gap::Description, Gap::Contact, Gap::Photo]] {
            for status in ProducerStatus::iter().filter(|s| !is_final(*s)) {
                let offered = offers(status, &gaps);
                for who in [Responsible::Coordinator, Responsible::Member] {
                    assert!(
                        offered.iter().any(|o| o.by == who),
                        "{status:?}: nothing for {who:?}"
                    );
                }
                // And someone can move it on once the profile is complete.
                assert!(
                    offers(status, &[])
                        .iter()
                        .any(|o| o.waiting_for.is_empty() && after(status, o.action).is_some()),
                    "{status:?} is stuck"
                );
            }
        }
    }

    #[test]
    fn approval_waits_for_a_presentation_and_a_contact_only() {
        let offered = offers(Pending, &[Gap::Contact, Gap::Photo, Gap::OdcoNumber]);
        let approve = offered
            .iter()
            .find(|o| o.action == Action::Approve)
            .unwrap();
        assert_eq!(approve.waiting_for, [Gap::Contact]);
        let reject = offered.iter().find(|o| o.action == Action::Reject).unwrap();
        assert!(reject.waiting_for.is_empty(), "refusing never waits");
    }

    #[test]
    fn every_offered_action_leads_somewhere_or_edits() {
        for status in ProducerStatus::iter() {
            for o in offers(status, &[]) {
                assert!(
                    o.action == Action::EditProfile || after(status, o.action).is_some(),
                    "{status:?}: {:?}",
                    o.action
                );
            }
        }
        assert_eq!(after(Approved, Action::Approve), None);
        assert_eq!(after(Rejected, Action::Resubmit), Some(Pending));
    }
}
