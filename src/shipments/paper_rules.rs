//! Which papers a shipment needs, a pure rule over its exporters: the commercial invoice and
//! the packing list for the whole shipment; per exporter (producer) its proof of origin
//! (declaration on the invoice or EUR.1, see [`super::domain::origin_proof`]) and a health or
//! phytosanitary certificate when one of its products' categories needs one. Merged with what
//! was recorded: a paper no longer required stays listed as not needed.

use chrono::NaiveDate;
use entity::ProducerId;
use entity::shipment_paper::{PaperKind, PaperStatus};
use serde::Serialize;

use super::domain::origin_proof;
use crate::money::Cents;

/// The producer id of a paper of the whole shipment (the invoice, the packing list).
pub const WHOLE: ProducerId = ProducerId(0);

/// Every kind, in the order papers are listed.
pub const KINDS: [PaperKind; 6] = [
    PaperKind::CommercialInvoice,
    PaperKind::PackingList,
    PaperKind::OriginDeclaration,
    PaperKind::Eur1,
    PaperKind::HealthCertificate,
    PaperKind::PhytosanitaryCertificate,
];

/// A kind's stored name (and URL segment).
pub fn kind_name(kind: PaperKind) -> &'static str {
    match kind {
        PaperKind::CommercialInvoice => "commercial_invoice",
        PaperKind::PackingList => "packing_list",
        PaperKind::OriginDeclaration => "origin_declaration",
        PaperKind::Eur1 => "eur1",
        PaperKind::HealthCertificate => "health_certificate",
        PaperKind::PhytosanitaryCertificate => "phytosanitary_certificate",
    }
}

/// Reads a kind's stored name.
pub fn parse_kind(name: &str) -> Option<PaperKind> {
    KINDS.into_iter().find(|k| kind_name(*k) == name.trim())
}

/// Papers Passerelle prints itself from the contents: ready (obtained) as soon as the contents
/// are known. The others are obtained from the authorities and recorded by a coordinator.
pub fn generated(kind: PaperKind) -> bool {
    matches!(
        kind,
        PaperKind::CommercialInvoice | PaperKind::PackingList | PaperKind::OriginDeclaration
    )
}

/// What the rule needs to know of one exporter in a shipment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exporter {
    pub producer_id: ProducerId,
    /// Declared value of its goods of preferential origin in the shipment.
    pub value: Cents,
    pub approved_exporter: bool,
    /// One of its products' categories needs a health certificate.
    pub health: bool,
    /// One of its products' categories needs a phytosanitary certificate.
    pub phytosanitary: bool,
}

/// A paper: its kind and the exporter it is for ([`WHOLE`] for the whole shipment).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Need {
    pub kind: PaperKind,
    pub producer_id: ProducerId,
}

/// The papers these exporters' goods need: none for an empty shipment.
pub fn required(exporters: &[Exporter]) -> Vec<Need> {
    if exporters.is_empty() {
        return Vec::new();
    }
    let whole = |kind| Need {
        kind,
        producer_id: WHOLE,
    };
    let mut out = vec![
        whole(PaperKind::CommercialInvoice),
        whole(PaperKind::PackingList),
    ];
    for e in exporters {
        let of = |kind| Need {
            kind,
            producer_id: e.producer_id,
        };
        // Goods of no preferential origin enter without a proof (and without the preference).
        if e.value > Cents::ZERO {
            out.push(of(origin_proof(e.value, e.approved_exporter)));
        }
        if e.health {
            out.push(of(PaperKind::HealthCertificate));
        }
        if e.phytosanitary {
            out.push(of(PaperKind::PhytosanitaryCertificate));
        }
    }
    out
}

/// A paper as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub need: Need,
    pub status: PaperStatus,
    pub reference: String,
    pub obtained_on: Option<NaiveDate>,
    pub has_file: bool,
}

/// A paper as the shipment's page and the API list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Paper {
    #[serde(skip)]
    pub need: Need,
    /// Needed by the contents now (else recorded earlier and no longer needed).
    pub required: bool,
    /// Printed by Passerelle from the contents.
    pub generated: bool,
    pub status: PaperStatus,
    pub reference: String,
    pub obtained_on: Option<NaiveDate>,
    pub has_file: bool,
}

impl Paper {
    /// Required and still to be obtained: it holds the export clearance.
    pub fn missing(&self) -> bool {
        self.required && self.status == PaperStatus::ToPrepare
    }
}

/// The required papers with what was recorded of them (generated ones are obtained), then
/// the recorded papers no longer required.
pub fn papers(required: &[Need], recorded: &[Recorded]) -> Vec<Paper> {
    let find = |n: &Need| recorded.iter().find(|r| r.need == *n);
    let mut out: Vec<Paper> = required
        .iter()
        .map(|n| {
            let r = find(n);
            let obtained =
                generated(n.kind) || r.is_some_and(|r| r.status == PaperStatus::Obtained);
            Paper {
                need: *n,
                required: true,
                generated: generated(n.kind),
                status: if obtained {
                    PaperStatus::Obtained
                } else {
                    PaperStatus::ToPrepare
                },
                reference: r.map(|r| r.reference.clone()).unwrap_or_default(),
                obtained_on: r.and_then(|r| r.obtained_on),
                has_file: r.is_some_and(|r| r.has_file),
            }
        })
        .collect();
    for r in recorded.iter().filter(|r| !required.contains(&r.need)) {
        out.push(Paper {
            need: r.need,
            required: false,
            generated: generated(r.need.kind),
            status: r.status,
            reference: r.reference.clone(),
            obtained_on: r.obtained_on,
            has_file: r.has_file,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn exporter(id: i64, euros: i64) -> Exporter {
        Exporter {
            producer_id: ProducerId(id),
            value: Cents(euros * 100),
            approved_exporter: false,
            health: false,
            phytosanitary: false,
        }
    }

    fn kinds(needs: &[Need], id: i64) -> Vec<PaperKind> {
        needs
            .iter()
            .filter(|n| n.producer_id == ProducerId(id))
            .map(|n| n.kind)
            .collect()
    }

    #[test]
    fn each_exporter_needs_its_proof_of_origin_and_its_certificates() {
        assert!(required(&[]).is_empty());
        let mut honey = exporter(2, 7_000);
        honey.health = true;
        let mut herbs = exporter(3, 9_000);
        herbs.approved_exporter = true;
        herbs.phytosanitary = true;
        let needs = required(&[exporter(1, 6_000), honey, herbs]);
        assert_eq!(
            kinds(&needs, 0),
            [PaperKind::CommercialInvoice, PaperKind::PackingList]
        );
        assert_eq!(kinds(&needs, 1), [PaperKind::OriginDeclaration]);
        assert_eq!(
            kinds(&needs, 2),
            [PaperKind::Eur1, PaperKind::HealthCertificate]
        );
        assert_eq!(
            kinds(&needs, 3),
            [
                PaperKind::OriginDeclaration,
                PaperKind::PhytosanitaryCertificate
            ]
        );
        for k in KINDS {
            assert_eq!(parse_kind(kind_name(k)), Some(k));
        }
        assert_eq!(parse_kind("passport"), None);
    }

    #[test]
    fn recorded_papers_no_longer_required_are_listed_as_not_needed() {
        let eur1 = Need {
            kind: PaperKind::Eur1,
            producer_id: ProducerId(1),
        };
        let recorded = [Recorded {
            need: eur1,
            status: PaperStatus::Obtained,
            reference: "A 123456".into(),
            obtained_on: NaiveDate::from_ymd_opt(2026, 12, 5),
            has_file: false,
        }];
        let now = required(&[exporter(1, 9_000)]);
        let listed = papers(&now, &recorded);
        assert_eq!(listed.len(), 3);
        assert!(listed.iter().all(|p| p.required && !p.missing()));
        assert_eq!(listed[2].reference, "A 123456");
        // Its order removed: a declaration is enough, the EUR.1 is kept as not needed.
        let listed = papers(&required(&[exporter(1, 100)]), &recorded);
        let last = listed.last().unwrap();
        assert_eq!((last.need, last.required), (eur1, false));
        assert!(listed.iter().all(|p| !p.missing()));
        // Not recorded: missing.
        let listed = papers(&now, &[]);
        assert_eq!(listed.iter().filter(|p| p.missing()).count(), 1);
    }

    proptest! {
        #[test]
        fn only_certificates_and_eur1_can_be_missing_and_each_once(
            rows in proptest::collection::vec((0i64..20_000, any::<bool>(), any::<bool>(), any::<bool>()), 0..8)
        ) {
            let exporters: Vec<Exporter> = rows.iter().enumerate().map(|(i, r)| Exporter {
                producer_id: ProducerId(i as i64 + 1),
                value: Cents(r.0 * 100),
                approved_exporter: r.1,
                health: r.2,
                phytosanitary: r.3,
            }).collect();
            let needs = required(&exporters);
            let listed = papers(&needs, &[]);
            let mut seen = std::collections::HashSet::new();
            for p in &listed {
                prop_assert!(seen.insert(p.need));
                prop_assert_eq!(p.missing(), !generated(p.need.kind));
            }
            let origin = needs.iter().filter(|n| matches!(n.kind, PaperKind::Eur1 | PaperKind::OriginDeclaration)).count();
            // An exporter sending nothing (value 0) has no origin to prove.
            prop_assert_eq!(origin, exporters.iter().filter(|e| e.value > Cents::ZERO).count());
        }

        /// Each exporter proves the origin of its own goods: a declaration on the invoice up to
        /// EUR 6,000.00 (included), an EUR.1 from 6,000.01, a declaration at any value for an
        /// approved exporter — whatever the shipment's total and its other exporters; none for
        /// an exporter sending no originating goods.
        #[test]
        fn each_exporter_proves_origin_by_its_own_value_at_the_6000_euro_boundary(
            rows in proptest::collection::vec((0usize..6, any::<bool>(), any::<bool>()), 1..8)
        ) {
            const VALUES: [i64; 6] = [0, 599_999, 600_000, 600_001, 600_100, 5_000_000];
            let exporters: Vec<Exporter> = rows.iter().enumerate().map(|(i, r)| Exporter {
                producer_id: ProducerId(i as i64 + 1),
                value: Cents(VALUES[r.0]),
                approved_exporter: r.1,
                health: r.2,
                phytosanitary: false,
            }).collect();
            let needs = required(&exporters);
            for e in &exporters {
                let proofs: Vec<PaperKind> = kinds(&needs, e.producer_id.get())
                    .into_iter()
                    .filter(|k| matches!(k, PaperKind::Eur1 | PaperKind::OriginDeclaration))
                    .collect();
                // No originating goods: no proof (and no preference).
                if e.value == Cents::ZERO {
                    prop_assert!(proofs.is_empty(), "{:?}", e);
                    continue;
                }
                let expected = if e.approved_exporter || e.value <= Cents(600_000) {
                    PaperKind::OriginDeclaration
                } else {
                    PaperKind::Eur1
                };
                prop_assert_eq!(proofs, vec![expected], "{:?}", e);
                // The declaration is printed on the invoice: nothing to obtain; an EUR.1 is.
                let listed = papers(&needs, &[]);
                let missing = listed
                    .iter()
                    .any(|p| p.need.producer_id == e.producer_id && p.need.kind == PaperKind::Eur1 && p.missing());
                prop_assert_eq!(missing, expected == PaperKind::Eur1);
            }
        }
    }
}
