//! The pages' data: texts already picked in the visitor's language.

use crate::money::Cents;
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use entity::territory::TerritoryKind;
use sea_orm::{ActiveEnum, Iterable};

use super::domain::{COUNTRIES, country_name, pillars_of};
use super::input::TerritoryForm;
use super::partnership_input::PartnershipForm;
use super::service::{NetworkFull, PartnershipFull, TerritoryPage};
use crate::web::choice::Choice;
use crate::web::i18n::Lang;
use entity::territory;

#[derive(Serialize)]
pub struct TerritoryRef {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub country_name: String,
    pub region: String,
    pub coresponsibility: bool,
}

impl TerritoryRef {
    pub fn new(t: &territory::Model, lang: Lang) -> Self {
        TerritoryRef {
            slug: t.slug.clone(),
            name: t.name.clone(),
            country: t.country.clone(),
            country_name: country_name(lang, &t.country),
            region: t.region.clone(),
            coresponsibility: t.coresponsibility,
        }
    }
}

#[derive(Serialize)]
pub struct PartnershipCard {
    pub slug: String,
    pub name: String,
    pub belgian: TerritoryRef,
    pub partner: TerritoryRef,
    pub since: i32,
    pub pillars: Vec<&'static str>,
    pub illustrative: bool,
    pub description: String,
    pub belgian_offers: String,
    pub partner_offers: String,
    pub community_fund_cents: Cents,
}

impl PartnershipCard {
    pub fn new(
        f: &PartnershipFull,
        lang: Lang,
        funds: &HashMap<entity::PartnershipId, Cents>,
    ) -> Self {
        let p = &f.partnership;
        let l = lang.code();
        PartnershipCard {
            slug: p.slug.clone(),
            name: p.name.clone(),
            belgian: TerritoryRef::new(&f.belgian, lang),
            partner: TerritoryRef::new(&f.partner, lang),
            since: p.since_year,
            pillars: pillars_of(p).iter().map(|p| p.as_str()).collect(),
            illustrative: p.illustrative,
            description: p.description.pick(l).to_owned(),
            belgian_offers: p.belgian_offers.pick(l).to_owned(),
            partner_offers: p.partner_offers.pick(l).to_owned(),
            community_fund_cents: funds.get(&p.id).copied().unwrap_or_default(),
        }
    }
}

#[derive(Serialize)]
pub struct MemberRef {
    pub territory: TerritoryRef,
    pub joined: Option<i32>,
}

#[derive(Serialize)]
pub struct NetworkCard {
    pub slug: String,
    pub name: String,
    pub founded: Option<i32>,
    pub description: String,
    pub members: Vec<MemberRef>,
}

impl NetworkCard {
    pub fn new(n: &NetworkFull, lang: Lang) -> Self {
        NetworkCard {
            slug: n.network.slug.clone(),
            name: n.network.name.clone(),
            founded: n.network.founded_year,
            description: n.network.description.pick(lang.code()).to_owned(),
            members: n
                .members
                .iter()
                .map(|(m, t)| MemberRef {
                    territory: TerritoryRef::new(t, lang),
                    joined: m.joined_year,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct HomeView {
    pub partnerships: Vec<PartnershipCard>,
    pub networks: Vec<NetworkCard>,
}

#[derive(Serialize)]
pub struct PartnershipsView {
    pub partnerships: Vec<PartnershipCard>,
}

#[derive(Serialize)]
pub struct TerritoriesView {
    pub territories: Vec<TerritoryRef>,
}

#[derive(Serialize)]
pub struct TerritoryView {
    pub territory: TerritoryRef,
    pub kind: TerritoryKind,
    pub description: String,
    pub website: Option<String>,
    pub partnerships: Vec<PartnershipCard>,
    pub networks: Vec<(String, String)>,
    /// The criteria its citizens defined in SPIRAL groups, and the actions serving them.
    pub spiral: Vec<crate::network::spiral::CriterionView>,
    /// Its practice sheets: (title, slug).
    pub practices: Vec<(String, String)>,
}

impl TerritoryView {
    pub fn new(page: &TerritoryPage, lang: Lang) -> Self {
        let t = &page.territory;
        TerritoryView {
            territory: TerritoryRef::new(t, lang),
            kind: t.kind,
            description: t.description.pick(lang.code()).to_owned(),
            website: t.website.clone(),
            partnerships: page
                .partnerships
                .iter()
                .map(|p| PartnershipCard::new(p, lang, &page.funds))
                .collect(),
            networks: page
                .networks
                .iter()
                .map(|n| (n.slug.clone(), n.name.clone()))
                .collect(),
            spiral: Vec::new(),
            practices: Vec::new(),
        }
    }
}

#[derive(Serialize)]
pub struct PartnershipView {
    pub partnership: PartnershipCard,
    pub coordinators: Vec<String>,
    pub can_edit: bool,
    /// The practice sheets of both territories: (title, slug).
    pub practices: Vec<(String, String)>,
}

pub fn country_choices(lang: Lang) -> Vec<Choice> {
    COUNTRIES
        .iter()
        .map(|c| Choice {
            value: (*c).to_owned(),
            label: country_name(lang, c),
        })
        .collect()
}

pub fn kind_choices(lang: Lang) -> Vec<Choice> {
    TerritoryKind::iter()
        .map(|k| k.to_value())
        .map(|k| Choice {
            label: crate::web::i18n::translate(lang, &format!("kind-{k}"), &[]),
            value: k,
        })
        .collect()
}

pub fn territory_choices(territories: &[territory::Model], lang: Lang) -> Vec<Choice> {
    territories
        .iter()
        .map(|t| Choice {
            value: t.slug.clone(),
            label: format!("{} ({})", t.name, country_name(lang, &t.country)),
        })
        .collect()
}

#[derive(Serialize)]
pub struct TerritoryFormView {
    pub form: TerritoryForm,
    pub errors: BTreeMap<String, Vec<String>>,
    /// The slug being edited; none for a new territory.
    pub editing: Option<String>,
    pub countries: Vec<Choice>,
    pub kinds: Vec<Choice>,
}

#[derive(Serialize)]
pub struct CoordinatorRow {
    pub id: i64,
    pub display_name: String,
    pub email: String,
}

#[derive(Serialize)]
pub struct PartnershipFormView {
    pub form: PartnershipForm,
    pub errors: BTreeMap<String, Vec<String>>,
    pub editing: Option<String>,
    /// Admins edit every field; coordinators the presentation only.
    pub full: bool,
    pub territories: Vec<Choice>,
    pub coordinators: Vec<CoordinatorRow>,
    pub appoint_email: String,
}

#[derive(Serialize)]
pub struct AdminTerritoriesView {
    pub territories: Vec<TerritoryRef>,
}

#[derive(Serialize)]
pub struct AdminPartnershipsView {
    pub partnerships: Vec<PartnershipCard>,
}

#[derive(Serialize)]
pub struct AdminNetworksView {
    pub networks: Vec<NetworkCard>,
    pub territories: Vec<Choice>,
    pub errors: BTreeMap<String, Vec<String>>,
}
