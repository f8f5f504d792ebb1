//! The demo a newcomer sees on first run: the partnerships of shared/DOMAIN.md, the TOGETHER
//! network, and one account per role. Loaded only into an empty database, in one transaction.

mod catalog;
mod data;
mod groups;
mod history;
mod payouts;
mod practices;
mod shipments;
mod trips;

use chrono::{DateTime, Utc};
use entity::{network, network_membership, partnership, producer, product, territory, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use crate::accounts::domain::NewAccount;
use crate::accounts::service as accounts;
use crate::config::Config;
use crate::security::{Grant, Role};
use crate::web::i18n::Lang;

pub const DEMO_DOMAIN: &str = "demo.passerelle.test";

#[derive(Default)]
pub struct DemoReport {
    pub loaded: bool,
    /// (email, what the account is for)
    pub accounts: Vec<(String, String)>,
    pub password: String,
}

crate::debug_redacted!(DemoReport { loaded, accounts; password });

pub fn print_accounts(report: &DemoReport) {
    println!(
        "Demo data loaded. Demo accounts (password: {}):",
        report.password
    );
    for (email, what) in &report.accounts {
        println!("  {email:<66} {what}");
    }
}

/// Loads the demo when the database holds no account and no territory; otherwise changes nothing.
pub async fn load_if_empty(
    db: &DatabaseConnection,
    config: &Config,
    now: DateTime<Utc>,
) -> anyhow::Result<DemoReport> {
    // The demo records payments for bookings: the purposes' handlers must be in place.
    crate::startup::wire_payment_purposes();
    let hash = accounts::hash_password(config.demo_password.expose().clone())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let txn = crate::db::begin_write(db).await?;
    let empty = user::Entity::find().count(&txn).await? == 0
        && territory::Entity::find().count(&txn).await? == 0;
    if !empty {
        return Ok(DemoReport::default());
    }
    let mut report = DemoReport {
        loaded: true,
        password: config.demo_password.expose().clone(),
        ..Default::default()
    };
    let mut territory_ids = std::collections::HashMap::new();
    for t in data::territories() {
        let m = territory::ActiveModel {
            slug: Set(t.slug.into()),
            name: Set(t.name.into()),
            country: Set(t.country.into()),
            region: Set(t.region.into()),
            kind: Set(t.kind),
            coresponsibility: Set(t.coresponsibility),
            description: Set(t.description),
            website: Set(t.website.map(Into::into)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        territory_ids.insert(t.slug, m.id);
    }
    let id_of = |slug: &str| {
        territory_ids
            .get(slug)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("demo data names an unknown territory {slug}"))
    };
    let admin = insert_account(
        &txn,
        &hash,
        &format!("admin@{DEMO_DOMAIN}"),
        "Admin Passerelle",
        Lang::Fr,
        now,
    )
    .await?;
    accounts::grant(&txn, admin.id, Grant::admin(), now)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    report.accounts.push((admin.email, "admin".into()));
    let mut partnership_ids = std::collections::HashMap::new();
    for p in data::partnerships() {
        let m = partnership::ActiveModel {
            slug: Set(p.slug.into()),
            name: Set(p.name.into()),
            belgian_territory_id: Set(id_of(p.belgian)?),
            partner_territory_id: Set(id_of(p.partner)?),
            since_year: Set(p.since),
            pillar_practices: Set(true),
            pillar_tourism: Set(true),
            pillar_trade: Set(true),
            illustrative: Set(p.illustrative),
            iban: Set(Some(p.iban.to_owned())),
            bic: Set(None),
            account_name: Set(Some(format!("Partenariat {}", p.name))),
            description: Set(p.description),
            belgian_offers: Set(p.belgian_offers),
            partner_offers: Set(p.partner_offers),
            controller_name: Set(p.controller.0.into()),
            controller_contact: Set(p.controller.1.into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        partnership_ids.insert(p.slug, m.id);
        let email = format!("coordinator.{}@{DEMO_DOMAIN}", p.slug);
        let coordinator = insert_account(
            &txn,
            &hash,
            &email,
            &format!("Coordination {}", p.name),
            Lang::Fr,
            now,
        )
        .await?;
        accounts::grant(
            &txn,
            coordinator.id,
            Grant::new(Role::PartnershipCoordinator, m.id),
            now,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        report
            .accounts
            .push((email, format!("partnership_coordinator of {}", p.name)));
    }
    load_producers(&txn, &hash, &id_of, &partnership_ids, &mut report, now).await?;
    for n in data::networks() {
        let m = network::ActiveModel {
            slug: Set(n.slug.into()),
            name: Set(n.name.into()),
            founded_year: Set(n.founded),
            description: Set(n.description),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for member in n.members {
            network_membership::ActiveModel {
                network_id: Set(m.id),
                territory_id: Set(id_of(member)?),
                joined_year: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    let to_close = groups::load(
        &txn,
        &hash,
        &partnership_ids,
        config.demo_history,
        &mut report,
        now,
    )
    .await?;
    trips::load(&txn, &hash, &partnership_ids, &id_of, &mut report, now).await?;
    practices::load(&txn, &id_of, now).await?;
    // A year of history: fund projects, past stays, sheets and requests over the months.
    let projects = history::projects::fund_projects(&txn, &partnership_ids, &id_of, now).await?;
    if config.demo_history {
        let traveller = user::Entity::find()
            .filter(user::Column::Email.eq(format!("traveller@{DEMO_DOMAIN}")))
            .one(&txn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the demo traveller"))?;
        history::stays::stays(&txn, &traveller, &projects, now).await?;
        history::exchanges::exchanges(&txn, &id_of, now).await?;
        history::projects::complete_projects(&txn, &projects).await?;
    }
    txn.commit().await?;
    groups::close_past(db, &to_close).await?;
    let storage = crate::media::storage::Storage::from_config(config)?;
    shipments::load(db, &storage, now).await?;
    payouts::pay_producers(db, now).await?;
    if config.demo_history {
        history::disbursements::disbursements(db, &storage, &projects, now).await?;
    }
    Ok(report)
}

/// The demo account with this address, signed in with its roles (the demo acts through the
/// services as its people would).
async fn person(db: &DatabaseConnection, email: &str) -> anyhow::Result<crate::security::AuthUser> {
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo account {email}"))?;
    crate::security::session_user(db, u.id, u.session_epoch)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .ok_or_else(|| anyhow::anyhow!("the demo account {email} signed in"))
}

async fn insert_account(
    txn: &sea_orm::DatabaseTransaction,
    hash: &str,
    email: &str,
    name: &str,
    locale: Lang,
    now: DateTime<Utc>,
) -> anyhow::Result<user::Model> {
    let account = NewAccount {
        email: email.into(),
        password: String::new(),
        display_name: name.into(),
        locale,
    };
    let mut u = accounts::insert_user(txn, &account, hash.to_owned(), now)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // Demo addresses are documented and reserved (.test): treat them as verified.
    let mut active: user::ActiveModel = u.clone().into();
    active.email_verified_at = Set(Some(now));
    u = active.update(txn).await?;
    Ok(u)
}

/// The demo producers, approved, with one producer account per partnership.
async fn load_producers(
    txn: &sea_orm::DatabaseTransaction,
    hash: &str,
    territory_id: &dyn Fn(&str) -> anyhow::Result<i64>,
    partnership_ids: &std::collections::HashMap<&str, entity::PartnershipId>,
    report: &mut DemoReport,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut accounts_by_partnership: std::collections::HashMap<&str, user::Model> =
        Default::default();
    for d in catalog::producers() {
        let partnership_id = *partnership_ids.get(d.partnership).ok_or_else(|| {
            anyhow::anyhow!("demo producer of unknown partnership {}", d.partnership)
        })?;
        let account = match accounts_by_partnership.get(d.partnership) {
            Some(a) => a.clone(),
            None => {
                let email = format!("producer.{}@{DEMO_DOMAIN}", d.partnership);
                let a = insert_account(
                    txn,
                    hash,
                    &email,
                    &format!("Producteurs {}", d.partnership),
                    Lang::Fr,
                    now,
                )
                .await?;
                report.accounts.push((
                    email,
                    format!("producer_member of the producers of {}", d.partnership),
                ));
                accounts_by_partnership.insert(d.partnership, a.clone());
                a
            }
        };
        let slug = crate::territories::domain::Slug::from_name(d.name)
            .ok_or_else(|| anyhow::anyhow!("demo producer {} has no slug", d.name))?;
        let p = producer::ActiveModel {
            slug: Set(slug.as_str().to_owned()),
            name: Set(d.name.into()),
            kind: Set(d.kind),
            partnership_id: Set(partnership_id),
            territory_id: Set(territory_id(d.territory)?),
            description: Set(d.description),
            odco_number: Set(d.odco_number.map(Into::into)),
            women_led: Set(d.women_led),
            labels: Set(producer::Labels(
                d.labels.iter().map(|l| (*l).to_owned()).collect(),
            )),
            // An invented address of the reserved .test domain: demo producers can be reached.
            contact_email: Set(Some(format!(
                "contact@{}.demo.passerelle.test",
                slug.as_str()
            ))),
            contact_phone: Set(None),
            // Invented bank details (a RIB of 24 digits) for the payouts.
            bank_holder: Set(Some(d.name.into())),
            bank_account: Set(Some(format!(
                "181810{:018}",
                slug.as_str().bytes().map(u64::from).sum::<u64>()
            ))),
            bank_bic: Set(Some("BCPOMAMC".into())),
            bank_name: Set(Some("Banque Populaire".into())),
            status: Set(entity::producer::ProducerStatus::Approved),
            review_note: Set(None),
            reviewed_at: Set(Some(now)),
            reviewed_by: Set(None),
            created_by: Set(Some(account.id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        accounts::grant(txn, account.id, Grant::new(Role::ProducerMember, p.id), now)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for item in d.products {
            product::ActiveModel {
                producer_id: Set(p.id),
                search_text: Set(crate::catalog::service::search_text(
                    &item.name,
                    &item.description,
                    &item.unit,
                    d.name,
                )),
                sort_name: Set(crate::catalog::domain::normalize(item.name.pick("fr"))),
                name: Set(item.name),
                description: Set(item.description),
                category: Set(item.category.into()),
                unit: Set(item.unit.pick("fr").to_owned()),
                unit_i18n: Set(item.unit),
                case_size: Set(item.case_size),
                min_cases: Set(item.min_cases),
                weight_grams: Set(item.weight_grams),
                hs_code: Set(item.hs_code.map(Into::into)),
                case_tare_grams: Set(item.case_tare_grams),
                price_cents: Set(item.price_cents),
                vat_rate_bp: Set(item.vat_rate_bp),
                stock: Set(item.stock),
                archived_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}
