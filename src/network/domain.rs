//! The words of the exchange of practices: the pillars, the topics territories help each other
//! with, and who a support request reaches.

use RecipientReason::{Expertise, Partner};
pub use entity::support_recipient::RecipientReason;

/// The three pillars of a partnership.
pub const PILLARS: [&str; 3] = ["practices", "tourism", "trade"];

/// Topics of practice sheets, expertise and support requests.
pub const TOPICS: [&str; 14] = [
    "social_cohesion",
    "citizen_participation",
    "waste",
    "water",
    "seniors",
    "youth",
    "women_cooperatives",
    "bookkeeping",
    "agriculture",
    "tourism",
    "culture",
    "education",
    "health",
    "energy",
];

pub fn is_topic(t: &str) -> bool {
    TOPICS.contains(&t)
}

/// The word a topic is indexed under in the search text.
pub fn topic_word(t: &str) -> String {
    format!("topic{}", t.replace('_', ""))
}

/// The territories a request reaches: the requester's partners first, then every network
/// territory that declared the topic (neither the requester nor one of its partners), each once,
/// in a stable order.
pub fn recipients(
    requester: i64,
    partners: &[i64],
    experts: &[i64],
) -> Vec<(i64, RecipientReason)> {
    let mut out: Vec<(i64, RecipientReason)> = Vec::new();
    for p in partners {
        if *p != requester && !out.iter().any(|(t, _)| t == p) {
            out.push((*p, Partner));
        }
    }
    let mut experts: Vec<i64> = experts.to_vec();
    experts.sort_unstable();
    for e in experts {
        if e != requester && !out.iter().any(|(t, _)| *t == e) {
            out.push((e, Expertise));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_reaches_partners_first_then_experts_once() {
        // Requester 7, partner 3; experts 3 (also a partner), 9, 7 (itself), 5.
        assert_eq!(
            recipients(7, &[3], &[3, 9, 7, 5]),
            [(3, Partner), (5, Expertise), (9, Expertise)]
        );
        assert!(recipients(7, &[], &[]).is_empty());
    }

    #[test]
    fn topics_index_as_single_words() {
        assert_eq!(topic_word("women_cooperatives"), "topicwomencooperatives");
        assert!(is_topic("waste") && !is_topic("magic"));
    }
}
