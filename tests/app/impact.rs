//! The impact dashboard: every figure recomputed here from the raw rows (ledger, campaigns and
//! shares, bookings, sheets, requests), the pages in four languages with their charts, the CSV
//! and the JSON, and clean errors for bad input.

use passerelle::money::Cents;
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use entity::booking::BookingStatus::{self, Cancelled, Confirmed, Expired, Held};
use entity::campaign::CampaignState;
use entity::departure::DepartureStatus;
use entity::ledger_entry::LedgerKind;
use entity::trip::TripStatus;
use rand::{RngExt, SeedableRng};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Iterable, Set};
use serde_json::Value;

use crate::helpers::TestApp;

/// Test data written straight into the database, as the rest of the app would have.
struct Seed<'a> {
    db: &'a DatabaseConnection,
    now: DateTime<Utc>,
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s)
        .single()
        .expect("a valid test time")
}

impl Seed<'_> {
    async fn territory(&self, slug: &str, country: &str) -> i64 {
        entity::territory::ActiveModel {
            slug: Set(slug.into()),
            name: Set(slug.to_uppercase()),
            country: Set(country.into()),
            region: Set("Region".into()),
            kind: Set(entity::territory::TerritoryKind::Municipality),
            coresponsibility: Set(true),
            description: Set(Default::default()),
            website: Set(None),
            created_at: Set(self.now),
            updated_at: Set(self.now),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("territory")
        .id
    }

    async fn partnership(&self, slug: &str, belgian: i64, partner: i64) -> entity::PartnershipId {
        entity::partnership::ActiveModel {
            slug: Set(slug.into()),
            name: Set(format!("Partnership {slug}")),
            belgian_territory_id: Set(belgian),
            partner_territory_id: Set(partner),
            since_year: Set(2010),
            pillar_practices: Set(true),
            pillar_tourism: Set(true),
            pillar_trade: Set(true),
            illustrative: Set(false),
            description: Set(Default::default()),
            belgian_offers: Set(Default::default()),
            partner_offers: Set(Default::default()),
            transport_bp: Set(1000),
            costs_bp: Set(500),
            fund_bp: Set(300),
            iban: Set(None),
            bic: Set(None),
            account_name: Set(None),
            created_at: Set(self.now),
            updated_at: Set(self.now),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("partnership")
        .id
    }

    async fn user(&self, email: &str) -> i64 {
        entity::user::ActiveModel {
            email: Set(email.into()),
            password_hash: Set("x".into()),
            display_name: Set(email.into()),
            locale: Set("fr".into()),
            email_verified_at: Set(Some(self.now)),
            session_epoch: Set(0),
            created_at: Set(self.now),
            updated_at: Set(self.now),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("user")
        .id
    }

    async fn group(
        &self,
        slug: &str,
        partnership: entity::PartnershipId,
        territory: i64,
    ) -> entity::GroupId {
        entity::consumer_group::ActiveModel {
            slug: Set(slug.into()),
            name: Set(slug.into()),
            partnership_id: Set(partnership),
            territory_id: Set(territory),
            description: Set(String::new()),
            iban: Set(None),
            bic: Set(None),
            account_name: Set(None),
            created_by: Set(None),
            created_at: Set(self.now),
            updated_at: Set(self.now),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("group")
        .id
    }

    /// A campaign in `state`, closed at `closed_at`, with a share for each of `members`.
    async fn campaign(
        &self,
        group: entity::GroupId,
        partnership: entity::PartnershipId,
        state: CampaignState,
        closed_at: Option<DateTime<Utc>>,
        members: &[i64],
    ) {
        let c = entity::campaign::ActiveModel {
            group_id: Set(group),
            partnership_id: Set(partnership),
            title: Set(format!("Order {}", state.as_str())),
            state: Set(state),
            opens_at: Set(self.now),
            closes_at: Set(closed_at.unwrap_or(self.now)),
            delivery_on: Set(self.now.date_naive()),
            pickup_point_id: Set(None),
            transport_cents: Set(Cents::ZERO),
            transport_split: Set("value".into()),
            fee_cents: Set(Cents::ZERO),
            min_total_cents: Set(None),
            revision: Set(1),
            note: Set(None),
            reminded_at: Set(None),
            closed_at: Set(closed_at),
            confirmed_at: Set(None),
            shipped_at: Set(None),
            delivered_at: Set(None),
            settled_at: Set(None),
            cancelled_at: Set(None),
            cancel_reason: Set(None),
            created_by: Set(None),
            created_at: Set(self.now),
            updated_at: Set(self.now),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("campaign");
        for m in members {
            entity::campaign_share::ActiveModel {
                campaign_id: Set(c.id),
                user_id: Set(*m),
                goods_cents: Set(Cents(1000)),
                vat_cents: Set(Cents(60)),
                vat_detail: Set(Default::default()),
                transport_cents: Set(Cents::ZERO),
                fee_cents: Set(Cents::ZERO),
                total_cents: Set(Cents(1000)),
                payment_request_id: Set(None),
                revision: Set(1),
                collected_at: Set(None),
                created_at: Set(self.now),
                updated_at: Set(self.now),
                ..Default::default()
            }
            .insert(self.db)
            .await
            .expect("share");
        }
    }

    async fn trip(
        &self,
        slug: &str,
        partnership: entity::PartnershipId,
        territory: i64,
    ) -> entity::TripId {
        entity::trip::ActiveModel {
            slug: Set(slug.into()),
            partnership_id: Set(partnership),
            territory_id: Set(territory),
            title: Set(Default::default()),
            description: Set(Default::default()),
            programme: Set(Default::default()),
            included: Set(Default::default()),
            not_included: Set(Default::default()),
            pre_departure: Set(Default::default()),
            languages: Set(Default::default()),
            accessibility: Set(String::new()),
            min_group: Set(1),
            max_group: Set(12),
            status: Set(TripStatus::Published),
            created_by: Set(None),
            created_at: Set(self.now),
            updated_at: Set(self.now),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("trip")
        .id
    }

    /// A departure starting on `starts_on` with bookings of (seats, status).
    async fn departure(
        &self,
        trip: entity::TripId,
        starts_on: NaiveDate,
        user: i64,
        bookings: &[(i32, BookingStatus)],
    ) {
        let d = entity::departure::ActiveModel {
            trip_id: Set(trip),
            starts_on: Set(starts_on),
            ends_on: Set(starts_on + chrono::Duration::days(5)),
            capacity: Set(20),
            seats_taken: Set(0),
            price_cents: Set(Cents(50_000)),
            deposit_bp: Set(3000),
            community_share_bp: Set(500),
            transport_cents: Set(Cents::ZERO),
            organisation_bp: Set(800),
            balance_due_on: Set(None),
            policy: Set(Default::default()),
            status: Set(DepartureStatus::Scheduled),
            confirmed_at: Set(None),
            cancelled_at: Set(None),
            created_at: Set(self.now),
            updated_at: Set(self.now),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("departure");
        for (i, (seats, status)) in bookings.iter().enumerate() {
            entity::booking::ActiveModel {
                reference: Set(format!("B{}-{i}", d.id)),
                departure_id: Set(d.id),
                user_id: Set(user),
                seats: Set(*seats),
                status: Set(*status),
                expires_at: Set(self.now),
                contact_name: Set("T".into()),
                contact_email: Set("t@example.org".into()),
                contact_phone: Set(None),
                dietary: Set(None),
                accessibility: Set(None),
                total_cents: Set(Cents::ZERO),
                deposit_cents: Set(Cents::ZERO),
                deposit_request_id: Set(None),
                balance_request_id: Set(None),
                refund_cents: Set(Cents::ZERO),
                confirmed_at: Set(None),
                cancelled_at: Set(None),
                cancel_reason: Set(None),
                created_at: Set(self.now),
                updated_at: Set(self.now),
                ..Default::default()
            }
            .insert(self.db)
            .await
            .expect("booking");
        }
    }

    async fn sheet(&self, slug: &str, territory: i64, created_at: DateTime<Utc>) {
        entity::practice_sheet::ActiveModel {
            slug: Set(slug.into()),
            territory_id: Set(territory),
            pillar: Set("practices".into()),
            topics: Set(Default::default()),
            title: Set(Default::default()),
            summary: Set(Default::default()),
            method: Set(Default::default()),
            results: Set(Default::default()),
            contacts: Set(String::new()),
            languages: Set(Default::default()),
            search_text: Set(String::new()),
            created_by: Set(None),
            created_at: Set(created_at),
            updated_at: Set(created_at),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("sheet");
    }

    async fn request(&self, territory: i64, created_at: DateTime<Utc>) {
        entity::support_request::ActiveModel {
            territory_id: Set(territory),
            topic: Set("waste".into()),
            title: Set("Help".into()),
            need: Set("Help".into()),
            deadline: Set(None),
            status: Set(entity::support_request::SupportStatus::Open),
            practice_sheet_id: Set(None),
            created_by: Set(None),
            resolved_at: Set(None),
            created_at: Set(created_at),
            updated_at: Set(created_at),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("request");
    }

    async fn ledger(
        &self,
        partnership: entity::PartnershipId,
        kind: LedgerKind,
        cents: i64,
        at: DateTime<Utc>,
    ) {
        entity::ledger_entry::ActiveModel {
            partnership_id: Set(partnership),
            payment_request_id: Set(None),
            kind: Set(kind),
            amount_cents: Set(Cents(cents)),
            method: Set("bank".into()),
            memo: Set("test".into()),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(self.db)
        .await
        .expect("ledger entry");
    }
}

/// Two partnerships sharing the Belgian territory (Jette with Sidi Bibi and with Kairouan).
async fn two_partnerships(
    seed: &Seed<'_>,
) -> (entity::PartnershipId, entity::PartnershipId, [i64; 3]) {
    let jette = seed.territory("jette", "BE").await;
    let sidi = seed.territory("sidi-bibi", "MA").await;
    let kairouan = seed.territory("kairouan", "TN").await;
    let a = seed.partnership("jette-sidi-bibi", jette, sidi).await;
    let b = seed.partnership("jette-kairouan", jette, kairouan).await;
    (a, b, [jette, sidi, kairouan])
}

/// Money sums per (partnership, month) recomputed from every raw ledger row.
#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
struct Money {
    producers: i64,
    hosts: i64,
    fund_in: i64,
    fund_out: i64,
}

impl Money {
    fn add(&mut self, o: &Money) {
        self.producers += o.producers;
        self.hosts += o.hosts;
        self.fund_in += o.fund_in;
        self.fund_out += o.fund_out;
    }

    fn check(&self, json: &Value, what: &str) {
        assert_eq!(json["producers_cents"], self.producers, "producers, {what}");
        assert_eq!(json["hosts_cents"], self.hosts, "hosts, {what}");
        assert_eq!(
            json["fund_collected_cents"], self.fund_in,
            "fund in, {what}"
        );
        assert_eq!(
            json["fund_disbursed_cents"], self.fund_out,
            "fund out, {what}"
        );
        assert_eq!(
            json["fund_balance_cents"],
            self.fund_in - self.fund_out,
            "balance, {what}"
        );
    }
}

async fn raw_ledger(db: &DatabaseConnection) -> BTreeMap<(entity::PartnershipId, String), Money> {
    let mut out: BTreeMap<(entity::PartnershipId, String), Money> = BTreeMap::new();
    for e in entity::ledger_entry::Entity::find()
        .all(db)
        .await
        .expect("ledger rows")
    {
        let m = out
            .entry((e.partnership_id, e.created_at.format("%Y-%m").to_string()))
            .or_default();
        match e.kind {
            LedgerKind::Producer => m.producers += e.amount_cents.get(),
            LedgerKind::Other => m.hosts += e.amount_cents.get(),
            LedgerKind::CommunityFund => m.fund_in += e.amount_cents.get(),
            LedgerKind::FundDisbursed => m.fund_out -= e.amount_cents.get(),
            _ => {}
        }
    }
    out
}

fn sum_where(
    raw: &BTreeMap<(entity::PartnershipId, String), Money>,
    keep: impl Fn(entity::PartnershipId, &str) -> bool,
) -> Money {
    let mut m = Money::default();
    for ((p, period), v) in raw {
        if keep(*p, period) {
            m.add(v);
        }
    }
    m
}

fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{},{:02}", cents.abs() / 100, cents.abs() % 100)
}

#[tokio::test]
async fn impact_totals_equal_the_sums_of_the_ledger_rows() {
    let app = TestApp::spawn().await;
    let seed = Seed {
        db: &app.db,
        now: app.clock_now(),
    };
    let (a, b, _) = two_partnerships(&seed).await;
    let c = {
        let x = seed.territory("charleroi", "BE").await;
        let y = seed.territory("tafraout", "MA").await;
        seed.partnership("charleroi-tafraout", x, y).await
    };
    let slugs = [
        (a, "jette-sidi-bibi"),
        (b, "jette-kairouan"),
        (c, "charleroi-tafraout"),
    ];
    let kinds: Vec<LedgerKind> = LedgerKind::iter().collect();
    // A few random scenarios, each adding rows to the same books and checked in full.
    for case in 0..3u64 {
        let mut rng = rand::rngs::StdRng::seed_from_u64(0x1a9 + case);
        for _ in 0..60 {
            let (pid, _) = slugs[rng.random_range(0..slugs.len())];
            let kind = kinds[rng.random_range(0..kinds.len())];
            let y = rng.random_range(2024..=2026);
            let m = rng.random_range(1..=12u32);
            // Edges of months (UTC) as well as their middle.
            let when = match rng.random_range(0..3) {
                0 => at(y, m, 1, 0, 0, 0),
                1 => {
                    let last = NaiveDate::from_ymd_opt(y + i32::from(m == 12), m % 12 + 1, 1)
                        .and_then(|d| d.pred_opt())
                        .map(|d| d.day())
                        .unwrap_or(28);
                    at(y, m, last, 23, 59, 59)
                }
                _ => at(
                    y,
                    m,
                    rng.random_range(1..=28),
                    rng.random_range(0..24),
                    30,
                    0,
                ),
            };
            let cents = match kind {
                LedgerKind::FundDisbursed | LedgerKind::Refunded => -rng.random_range(1..500_000),
                _ if rng.random_range(0..6) == 0 => -rng.random_range(1..20_000),
                _ => rng.random_range(1..500_000),
            };
            seed.ledger(pid, kind, cents, when).await;
        }
        let raw = raw_ledger(&app.db).await;
        for year in 2024..=2026 {
            let (status, net) = app
                .get_json(&format!("/api/v1/impact?year={year}"), None)
                .await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(net["year"], year);
            assert!(net["partnership"].is_null());
            let months = net["months"].as_array().expect("months");
            assert_eq!(months.len(), 12);
            for (i, mj) in months.iter().enumerate() {
                let period = format!("{year}-{:02}", i + 1);
                assert_eq!(mj["period"], period.as_str());
                sum_where(&raw, |_, p| p == period).check(mj, &format!("network {period}"));
            }
            let years = net["years"].as_array().expect("years");
            assert_eq!(
                years
                    .iter()
                    .map(|y| y["period"].clone())
                    .collect::<Vec<_>>(),
                vec!["2024", "2025", "2026"]
            );
            for yj in years {
                let y = yj["period"].as_str().expect("period").to_owned();
                sum_where(&raw, |_, p| p.starts_with(&y)).check(yj, &format!("network {y}"));
            }
            sum_where(&raw, |_, _| true).check(&net["totals"], "network totals");
            let rows = net["partnerships"].as_array().expect("partnerships");
            assert_eq!(rows.len(), 3);
            for (pid, slug) in slugs {
                let row = rows
                    .iter()
                    .find(|r| r["slug"] == slug)
                    .expect("a row per partnership");
                sum_where(&raw, |p, _| p == pid).check(row, &format!("row {slug}"));
                let (status, one) = app
                    .get_json(
                        &format!("/api/v1/partnerships/{slug}/impact?year={year}"),
                        None,
                    )
                    .await;
                assert_eq!(status, StatusCode::OK);
                assert_eq!(one["partnership"]["slug"], slug);
                assert!(one.get("partnerships").is_none());
                for (i, mj) in one["months"].as_array().expect("months").iter().enumerate() {
                    let period = format!("{year}-{:02}", i + 1);
                    sum_where(&raw, |p, m| p == pid && m == period)
                        .check(mj, &format!("{slug} {period}"));
                }
                for yj in one["years"].as_array().expect("years") {
                    let y = yj["period"].as_str().expect("period").to_owned();
                    sum_where(&raw, |p, m| p == pid && m.starts_with(&y))
                        .check(yj, &format!("{slug} {y}"));
                }
                sum_where(&raw, |p, _| p == pid).check(&one["totals"], &format!("{slug} totals"));
            }
        }
        // The CSV says the same, in euros with decimal commas.
        let res = app.get("/impact.csv?year=2025&lang=en").await;
        assert_eq!(res.status(), StatusCode::OK);
        let body = res.text().await.expect("csv");
        let lines: Vec<&str> = body.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 1 + 12 + 3);
        for line in &lines[1..] {
            let cells: Vec<&str> = line.split(';').collect();
            let period = cells[0];
            let m = sum_where(&raw, |_, p| p.starts_with(period));
            assert_eq!(cells[1], "network");
            assert_eq!(cells[2], euros(m.producers), "{period}");
            assert_eq!(cells[3], euros(m.hosts), "{period}");
            assert_eq!(cells[4], euros(m.fund_in), "{period}");
            assert_eq!(cells[5], euros(m.fund_out), "{period}");
            assert_eq!(cells[6], euros(m.fund_in - m.fund_out), "{period}");
        }
    }
}

#[tokio::test]
async fn campaigns_households_stays_and_travellers_count_the_records() {
    let app = TestApp::spawn().await;
    let seed = Seed {
        db: &app.db,
        now: app.clock_now(),
    };
    let (a, b, [jette, sidi, kairouan]) = two_partnerships(&seed).await;
    let users: Vec<i64> = {
        let mut v = Vec::new();
        for i in 0..5 {
            v.push(seed.user(&format!("household{i}@example.org")).await);
        }
        v
    };
    let ga = seed.group("gac-jette", a, jette).await;
    let gb = seed.group("gac-jette-2", b, jette).await;
    let march = Some(at(2025, 3, 14, 18, 0, 0));
    // March 2025 in A: two orders that went ahead (households 0,1 and 1,2).
    seed.campaign(ga, a, CampaignState::Closed, march, &users[0..2])
        .await;
    seed.campaign(ga, a, CampaignState::Settled, march, &users[1..3])
        .await;
    // Not counted: cancelled, and still open.
    seed.campaign(ga, a, CampaignState::Cancelled, march, &users[3..4])
        .await;
    seed.campaign(ga, a, CampaignState::Open, None, &users[4..5])
        .await;
    // July 2025 in B: household 0 again (the network counts it once), and household 4.
    // Midnight UTC on July 1st is July (months are UTC).
    seed.campaign(
        gb,
        b,
        CampaignState::Delivered,
        Some(at(2025, 7, 1, 0, 0, 0)),
        &[users[0], users[4]],
    )
    .await;
    // 2026 in A.
    seed.campaign(
        ga,
        a,
        CampaignState::Confirmed,
        Some(at(2026, 1, 31, 23, 59, 59)),
        &users[0..1],
    )
    .await;

    let trip = seed.trip("argan-stay", a, sidi).await;
    let may = NaiveDate::from_ymd_opt(2025, 5, 10).expect("date");
    seed.departure(
        trip,
        may,
        users[0],
        &[(2, Confirmed), (3, Confirmed), (4, Held)],
    )
    .await;
    // Only cancelled or expired bookings: not a stay.
    seed.departure(trip, may, users[1], &[(2, Cancelled), (1, Expired)])
        .await;
    let trip_b = seed.trip("kairouan-stay", b, kairouan).await;
    seed.departure(
        trip_b,
        NaiveDate::from_ymd_opt(2025, 12, 31).expect("date"),
        users[2],
        &[(1, Confirmed)],
    )
    .await;

    // Jette's sheet counts for both partnerships, once for the network.
    seed.sheet("jette-sheet", jette, at(2025, 2, 3, 9, 0, 0))
        .await;
    seed.sheet("sidi-sheet", sidi, at(2025, 2, 28, 23, 0, 0))
        .await;
    seed.request(kairouan, at(2025, 2, 1, 0, 0, 0)).await;
    seed.request(jette, at(2025, 11, 5, 10, 0, 0)).await;

    let (_, net) = app.get_json("/api/v1/impact?year=2025", None).await;
    let month = |j: &Value, m: usize| j["months"][m - 1].clone();
    assert_eq!(month(&net, 3)["campaigns"], 2);
    assert_eq!(month(&net, 3)["households"], 3);
    assert_eq!(month(&net, 7)["campaigns"], 1);
    assert_eq!(month(&net, 7)["households"], 2);
    assert_eq!(month(&net, 5)["stays"], 1);
    assert_eq!(month(&net, 5)["travellers"], 5);
    assert_eq!(month(&net, 12)["stays"], 1);
    assert_eq!(month(&net, 12)["travellers"], 1);
    assert_eq!(month(&net, 2)["practice_sheets"], 2);
    assert_eq!(month(&net, 2)["support_requests"], 1);
    assert_eq!(month(&net, 11)["support_requests"], 1);
    let y2025 = &net["years"][0];
    assert_eq!(y2025["period"], "2025");
    assert_eq!(y2025["campaigns"], 3);
    assert_eq!(y2025["households"], 4, "households 0, 1, 2 and 4");
    assert_eq!(y2025["stays"], 2);
    assert_eq!(y2025["travellers"], 6);
    assert_eq!(y2025["practice_sheets"], 2);
    assert_eq!(y2025["support_requests"], 2);
    assert_eq!(net["years"][1]["campaigns"], 1);
    assert_eq!(net["years"][1]["households"], 1);
    assert_eq!(net["totals"]["campaigns"], 4);
    assert_eq!(net["totals"]["households"], 4);
    assert_eq!(net["totals"]["travellers"], 6);
    assert_eq!(net["totals"]["practice_sheets"], 2);

    let (_, pa) = app
        .get_json(
            "/api/v1/partnerships/jette-sidi-bibi/impact?year=2025",
            None,
        )
        .await;
    assert_eq!(pa["totals"]["campaigns"], 3);
    assert_eq!(pa["totals"]["households"], 3);
    assert_eq!(pa["totals"]["stays"], 1);
    assert_eq!(pa["totals"]["travellers"], 5);
    assert_eq!(
        pa["totals"]["practice_sheets"], 2,
        "Jette's and Sidi Bibi's"
    );
    assert_eq!(pa["totals"]["support_requests"], 1, "Jette's");
    assert_eq!(month(&pa, 7)["campaigns"], 0);
    let (_, pb) = app
        .get_json("/api/v1/partnerships/jette-kairouan/impact?year=2025", None)
        .await;
    assert_eq!(pb["totals"]["campaigns"], 1);
    assert_eq!(pb["totals"]["households"], 2);
    assert_eq!(pb["totals"]["travellers"], 1);
    assert_eq!(pb["totals"]["practice_sheets"], 1, "Jette's");
    assert_eq!(
        pb["totals"]["support_requests"], 2,
        "Kairouan's and Jette's"
    );
    // The network's table agrees with each partnership's page.
    for (slug, one) in [("jette-sidi-bibi", &pa), ("jette-kairouan", &pb)] {
        let row = net["partnerships"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["slug"] == slug)
            .expect("row")
            .clone();
        for k in [
            "campaigns",
            "households",
            "stays",
            "travellers",
            "practice_sheets",
            "support_requests",
        ] {
            assert_eq!(row[k], one["totals"][k], "{slug} {k}");
        }
    }
    let _ = (a, b);
}

/// Some activity in 2026 so that every chart has bars.
async fn lively(app: &TestApp) {
    let seed = Seed {
        db: &app.db,
        now: app.clock_now(),
    };
    let (a, b, _) = two_partnerships(&seed).await;
    for m in 1..=12 {
        seed.ledger(
            a,
            LedgerKind::Producer,
            10_000 * i64::from(m),
            at(2026, m, 10, 12, 0, 0),
        )
        .await;
        seed.ledger(
            b,
            LedgerKind::CommunityFund,
            1_000,
            at(2026, m, 11, 12, 0, 0),
        )
        .await;
    }
    seed.ledger(a, LedgerKind::FundDisbursed, -500, at(2025, 6, 1, 0, 0, 0))
        .await;
}

fn rect_x(body: &str, period: &str) -> f64 {
    let marker = format!("data-period=\"{period}\" x=\"");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("a bar for {period}"))
        + marker.len();
    let end = body[start..].find('"').expect("closing quote");
    body[start..start + end].parse().expect("a number")
}

#[tokio::test]
async fn the_impact_pages_render_charts_and_tables_in_all_four_languages() {
    let app = TestApp::spawn().await;
    app.clock.set(at(2026, 11, 29, 12, 0, 0));
    lively(&app).await;
    for path in ["/impact", "/partnerships/jette-sidi-bibi/impact"] {
        for (lang, dir, word) in [
            ("fr", "ltr", "Arrivé aux producteurs"),
            ("nl", "ltr", "Bij producenten aangekomen"),
            ("en", "ltr", "Reached producers"),
            ("ar", "rtl", "وصل إلى المنتجين"),
        ] {
            let res = app
                .client
                .get(app.url(path))
                .header("cookie", format!("lang={lang}"))
                .send()
                .await
                .expect("GET");
            assert_eq!(res.status(), StatusCode::OK, "{path} in {lang}");
            let body = res.text().await.expect("body");
            assert!(body.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")));
            assert!(body.contains(word), "{path} in {lang}");
            assert!(!body.contains("Unknown localization"), "{path} in {lang}");
            assert!(body.contains("<svg class=\"chart\" role=\"img\" aria-labelledby=\""));
            assert!(body.contains("<title id=\"m-money-title\">"));
            assert!(body.contains("<desc id=\"m-money-desc\">"));
            assert!(body.contains("<table class=\"table impact-table\">"));
            assert!(body.contains("<caption id=\"m-money-table-caption\">"));
            assert!(
                body.contains("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"m-money-table-caption\">"),
                "tables reachable by keyboard"
            );
            assert!(!body.contains("<script"), "no JavaScript");
            assert!(!body.contains("style=\""), "no inline styles (CSP)");
            // The year shown by default is this year (the app's clock), by month.
            let (jan, dec) = (rect_x(&body, "2026-01"), rect_x(&body, "2026-12"));
            if lang == "ar" {
                assert!(jan > dec, "the first month on the right in Arabic");
                assert!(body.contains("text-anchor=\"start\""));
            } else {
                assert!(jan < dec, "the first month on the left in {lang}");
                assert!(body.contains("text-anchor=\"end\""));
            }
            // Years with data are charted and linked.
            assert!(body.contains("data-period=\"2025\""));
            assert!(body.contains(&format!("href=\"{path}?year=2025\"")));
        }
    }
    let (_, body) = app.page("/impact?year=2025&lang=en").await;
    assert!(body.contains("href=\"/partnerships/jette-sidi-bibi/impact?year=2025\""));
    assert!(body.contains("aria-current=\"page\">2025<"));
    let (_, body) = app.page("/partnerships/jette-sidi-bibi?lang=en").await;
    assert!(body.contains("href=\"/partnerships/jette-sidi-bibi/impact\""));
    assert!(
        body.contains("href=\"/impact\""),
        "the footer links the network's impact"
    );
}

#[tokio::test]
async fn the_impact_csv_opens_in_belgian_excel() {
    let app = TestApp::spawn().await;
    lively(&app).await;
    let res = app
        .get("/partnerships/jette-sidi-bibi/impact.csv?year=2026&lang=fr")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/csv")
    );
    let bytes = res.bytes().await.expect("body");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Période;Partenariat;Part des producteurs, acquise (EUR);Aux hôtes et services locaux (EUR);\
         Fonds collecté (EUR);Fonds versé (EUR);Solde du fonds (EUR);Commandes groupées;Ménages;\
         Séjours;Voyageurs;Fiches pratiques;Demandes d’appui;Arrivé aux producteurs, versé (EUR);\
         Encore dû aux producteurs (EUR)"
    );
    let periods: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(';').next().unwrap_or(""))
        .collect();
    let mut expected: Vec<String> = (1..=12).map(|m| format!("2026-{m:02}")).collect();
    expected.extend(["2025".to_owned(), "2026".to_owned()]);
    assert_eq!(periods, expected);
    assert_eq!(
        lines[3],
        "2026-03;jette-sidi-bibi;300,00;0,00;0,00;0,00;0,00;0;0;0;0;0;0;0,00;300,00"
    );
    assert!(lines[13].starts_with("2025;jette-sidi-bibi;0,00;0,00;0,00;5,00;-5,00;"));
    assert!(lines[14].starts_with("2026;jette-sidi-bibi;7800,00;"));
    let res = app.get("/impact.csv?year=2026&lang=nl").await;
    let text = res.text().await.expect("csv");
    assert!(text.contains("\n2026-01;netwerk;100,00;0,00;10,00;"));
}

#[tokio::test]
async fn bad_years_and_unknown_partnerships_get_clean_errors() {
    let app = TestApp::spawn().await;
    lively(&app).await;
    for path in [
        "/impact?year=abc",
        "/impact?year=99999",
        "/impact?year=1850",
        "/impact.csv?year=20x6",
        "/partnerships/jette-sidi-bibi/impact?year=-1",
    ] {
        let (status, body) = app.page(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            body.contains("Donnez une année entre 2000 et 2100"),
            "the reason, in the page's language: {path}"
        );
    }
    for path in [
        "/partnerships/nowhere/impact",
        "/partnerships/nowhere/impact.csv",
    ] {
        let (status, _) = app.page(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let res = app.get("/api/v1/impact?year=abc").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let problem: Value = res.json().await.expect("problem");
    assert_eq!(problem["status"], 400);
    let res = app.get("/api/v1/partnerships/nowhere/impact").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    // A town's website may fetch the figures from its own origin.
    let res = app.get("/api/v1/partnerships/jette-sidi-bibi/impact").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let (_, spec) = app.get_json("/api/v1/openapi.json", None).await;
    assert!(spec["paths"]["/api/v1/impact"]["get"].is_object());
    assert!(spec["paths"]["/api/v1/partnerships/{slug}/impact"]["get"].is_object());
}

#[tokio::test]
async fn the_impact_page_runs_the_same_number_of_queries_whatever_the_data() {
    let app = TestApp::spawn().await;
    lively(&app).await;
    let queries = |app: &TestApp| app.state.metrics.db_queries.get();
    let count = |path: &'static str| {
        let app = &app;
        async move {
            let before = queries(app);
            let (status, _) = app.page(path).await;
            assert_eq!(status, StatusCode::OK);
            queries(app) - before
        }
    };
    let small = (
        count("/impact?year=2026").await,
        count("/partnerships/jette-sidi-bibi/impact").await,
    );
    let seed = Seed {
        db: &app.db,
        now: app.clock_now(),
    };
    for i in 0..5 {
        let x = seed.territory(&format!("be-{i}"), "BE").await;
        let y = seed.territory(&format!("ma-{i}"), "MA").await;
        let p = seed.partnership(&format!("p-{i}"), x, y).await;
        for m in 1..=12 {
            seed.ledger(p, LedgerKind::Producer, 100, at(2023 + i, m, 2, 0, 0, 0))
                .await;
        }
        seed.sheet(&format!("sheet-{i}"), x, at(2024, 1, 1, 0, 0, 0))
            .await;
    }
    let large = (
        count("/impact?year=2026").await,
        count("/partnerships/jette-sidi-bibi/impact").await,
    );
    assert_eq!(small, large);
    assert!(small.0 <= 11, "{} queries", small.0);
}
