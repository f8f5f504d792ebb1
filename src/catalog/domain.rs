//! The catalogue's rules: categories, labels, VAT rates, the price breakdown, search terms.

use crate::money::Cents;
use serde::Serialize;

use crate::money::split_cents;

pub const CATEGORIES: [&str; 11] = [
    "oils",
    "spices_herbs",
    "dates_dried_fruit",
    "nuts",
    "honey",
    "grains_couscous",
    "preserves",
    "tea_infusions",
    "cosmetics",
    "crafts",
    "textiles",
];

pub const LABELS: [&str; 6] = [
    "argane_pgi",
    "saffron_taliouine_pdo",
    "majhoul_dates_pgi",
    "organic",
    "fair_trade",
    "handmade",
];

/// Belgian VAT rates in basis points: 6% most food, 12% some goods, 21% cosmetics and crafts.
pub const VAT_RATES: [i32; 3] = [600, 1200, 2100];

/// Bounds that catch typing mistakes (a price of 1,000,000 € for a bottle of oil).
pub const PRICE_MAX_CENTS: i64 = 500_000;
pub const CASE_SIZE_MAX: i32 = 500;
pub const WEIGHT_MAX_GRAMS: i32 = 100_000;
pub const STOCK_MAX: i32 = 1_000_000;
/// The shares a partnership may set: together at most 60% of the price without VAT.
pub const SHARES_MAX_BP: i32 = 6000;

/// How one unit's consumer price splits, to the cent: the parts add up to the price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PriceBreakdown {
    #[schema(value_type = i64)]
    pub price_cents: Cents,
    /// What the producer receives.
    #[schema(value_type = i64)]
    pub producer_cents: Cents,
    /// Estimated transport from the partner territory.
    #[schema(value_type = i64)]
    pub transport_cents: Cents,
    /// Buying group and platform costs.
    #[schema(value_type = i64)]
    pub costs_cents: Cents,
    /// The partnership's community fund.
    #[schema(value_type = i64)]
    pub community_fund_cents: Cents,
    /// Belgian VAT included in the price.
    #[schema(value_type = i64)]
    pub vat_cents: Cents,
}

/// VAT contained in a VAT-inclusive price, rounded half up: 10.60 € at 6% holds 0.60 €.
pub fn vat_included(price_cents: Cents, vat_rate_bp: i32) -> Cents {
    let rate = i128::from(vat_rate_bp.max(0));
    let price = i128::from(price_cents.get());
    Cents(((price * rate * 2 + (10_000 + rate)) / (2 * (10_000 + rate))) as i64)
}

/// Splits a consumer price: VAT first, then the rest by the partnership's shares
/// (transport, costs, fund) with the producer receiving what remains.
pub fn price_breakdown(
    price_cents: Cents,
    vat_rate_bp: i32,
    transport_bp: i32,
    costs_bp: i32,
    fund_bp: i32,
) -> PriceBreakdown {
    let vat = vat_included(price_cents, vat_rate_bp);
    let net = price_cents - vat;
    let shares = [transport_bp, costs_bp, fund_bp].map(|s| i64::from(s.clamp(0, 10_000)));
    let producer_bp = (10_000 - shares.iter().sum::<i64>()).max(0);
    let parts = split_cents(net, &[producer_bp, shares[0], shares[1], shares[2]]);
    PriceBreakdown {
        price_cents,
        producer_cents: parts[0],
        transport_cents: parts[1],
        costs_cents: parts[2],
        community_fund_cents: parts[3],
        vat_cents: vat,
    }
}

/// Text reduced to lowercase ASCII words (accents and scripts transliterated), so that the
/// documents and the queries meet in the same form on SQLite and PostgreSQL.
pub fn normalize(text: &str) -> String {
    slug::slugify(text).replace('-', " ")
}

/// The words of a search query, at most 8, each of letters and digits only.
pub fn search_terms(q: &str) -> Vec<String> {
    normalize(q)
        .split_whitespace()
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_owned)
        .collect()
}

/// An FTS5 query of `product_terms`: every term as a prefix of a word of the products' texts,
/// and the category, if any, as its own column (`search_text : ("argan"* AND "huile"*) AND
/// category : "oils"`), so FTS5 crosses the two lists itself. The terms are letters and digits
/// ([`search_terms`]); a quote in a category is doubled, as FTS5 strings escape it.
pub fn fts5_query(terms: &[String], category: &str) -> String {
    let words = terms
        .iter()
        .map(|t| format!("\"{t}\"*"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let mut query = format!("search_text : ({words})");
    if !category.is_empty() {
        query.push_str(&format!(
            " AND category : \"{}\"",
            category.replace('"', "\"\"")
        ));
    }
    query
}

/// A PostgreSQL tsquery of `terms_tsv`, read as it is (`::tsquery`, the terms being already
/// the lowercase letters and digits the stored vector holds): every term as a prefix, and a
/// known category ([`known_category`]) as its lexeme `#code` (`argan:* & huile:* & '#oils'`).
pub fn tsquery(terms: &[String], category: Option<&'static str>) -> String {
    let mut parts: Vec<String> = terms.iter().map(|t| format!("{t}:*")).collect();
    if let Some(code) = category {
        parts.push(format!("'#{code}'"));
    }
    parts.join(" & ")
}

/// `category` if it is one of [`CATEGORIES`] (their codes are lowercase letters and `_`).
pub fn known_category(category: &str) -> Option<&'static str> {
    CATEGORIES.iter().copied().find(|c| *c == category)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vat_is_taken_out_of_the_price() {
        assert_eq!(vat_included(Cents(1060), 600), Cents(60));
        assert_eq!(vat_included(Cents(1210), 2100), Cents(210));
        assert_eq!(vat_included(Cents(1), 600), Cents(0));
        assert_eq!(vat_included(Cents(999), 2100), Cents(173));
    }

    #[test]
    fn a_worked_breakdown() {
        // 12.50 € of culinary argan oil at 6% VAT; shares 12% / 8% / 3% of the price without VAT.
        let b = price_breakdown(Cents(1250), 600, 1200, 800, 300);
        assert_eq!(b.vat_cents, Cents(71));
        assert_eq!(
            (
                b.producer_cents,
                b.transport_cents,
                b.costs_cents,
                b.community_fund_cents
            ),
            (Cents(908), Cents(142), Cents(94), Cents(35))
        );
        assert_eq!(
            b.producer_cents
                + b.transport_cents
                + b.costs_cents
                + b.community_fund_cents
                + b.vat_cents,
            Cents(1250)
        );
    }

    proptest! {
        #[test]
        fn a_breakdown_always_adds_up_to_the_price(
            price in 1i64..=PRICE_MAX_CENTS,
            vat in prop::sample::select(VAT_RATES.to_vec()),
            t in 0i32..3000, c in 0i32..2000, f in 0i32..1000,
        ) {
            let b = price_breakdown(Cents(price), vat, t, c, f);
            prop_assert_eq!(b.producer_cents + b.transport_cents + b.costs_cents + b.community_fund_cents + b.vat_cents, Cents(price));
            prop_assert!(b.producer_cents >= Cents::ZERO && b.transport_cents >= Cents::ZERO && b.costs_cents >= Cents::ZERO && b.community_fund_cents >= Cents::ZERO);
        }
    }

    #[test]
    fn search_terms_are_plain_words() {
        assert_eq!(
            search_terms("  Huile d'ARGAN, bio!"),
            ["huile", "d", "argan", "bio"]
        );
        assert_eq!(
            search_terms("\"; DROP TABLE products; --"),
            ["drop", "table", "products"]
        );
        assert_eq!(
            fts5_query(&search_terms("amlou argan"), ""),
            "search_text : (\"amlou\"* AND \"argan\"*)"
        );
        assert_eq!(
            fts5_query(&search_terms("amlou"), "dates_dried_fruit"),
            "search_text : (\"amlou\"*) AND category : \"dates_dried_fruit\""
        );
        assert_eq!(
            fts5_query(&search_terms("amlou"), "a\" OR \"b"),
            "search_text : (\"amlou\"*) AND category : \"a\"\" OR \"\"b\""
        );
        assert_eq!(
            tsquery(&search_terms("amlou argan"), None),
            "amlou:* & argan:*"
        );
        assert_eq!(
            tsquery(&search_terms("amlou"), known_category("preserves")),
            "amlou:* & '#preserves'"
        );
        assert_eq!(
            tsquery(&search_terms("amlou"), known_category("x' | 'y")),
            "amlou:*",
            "not a category: no lexeme"
        );
        assert!(search_terms("   ").is_empty());
        assert_eq!(
            normalize("Amandes de Tafraout – Aït"),
            "amandes de tafraout ait"
        );
    }
}
