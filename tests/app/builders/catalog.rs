//! A partnership's catalogue as the demo has it for Jette – Sidi Bibi: two cooperatives with the
//! same member, their four products in four languages.

use serde_json::{Value, json};

use super::{Partnership, Producer};
use crate::helpers::TestApp;

/// The member of both [`Cooperatives`] (password [`super::PASSWORD`]).
pub const COOPERATIVES_MEMBER: &str = "producer@example.org";

/// Tifawin (argan oils and amlou) and Achbaro (honey), approved, with their products.
pub struct Cooperatives {
    /// [`COOPERATIVES_MEMBER`]'s bearer token.
    pub token: String,
    pub tifawin: Producer,
}

fn four(fr: &str, nl: &str, en: &str, ar: &str) -> Value {
    json!({"fr": fr, "nl": nl, "en": en, "ar": ar})
}

impl TestApp {
    /// The cooperatives Tifawin and Achbaro in the partner territory of `partnership`, both with
    /// [`COOPERATIVES_MEMBER`] (a new account, address confirmed) as member, approved by its
    /// coordinator, with the demo's products: culinary argan oil (14.90 €, 180 in stock),
    /// cosmetic argan oil (12.50 €, 21% VAT, 120 in stock), amlou (7.90 €, no stock kept) and
    /// euphorbia honey (12.00 €, 96 in stock), all 12 to a case.
    pub async fn cooperatives(&self, partnership: &Partnership) -> Cooperatives {
        let token = self.account(COOPERATIVES_MEMBER).await;
        let tifawin = self
            .approved_producer_with(
                partnership,
                &token,
                json!({"name": "Coopérative féminine Tifawin", "women_led": true,
                       "labels": ["argane_pgi", "fair_trade"], "odco_number": "SB-2009-0150",
                       "description": "Soixante femmes de Sidi Bibi concassent les noix d'argan à la main."}),
            )
            .await;
        let achbaro = self
            .approved_producer_with(
                partnership,
                &token,
                json!({"name": "Coopérative apicole Achbaro", "odco_number": "SB-2014-0302",
                       "description": "Ruches sédentaires dans l'arganeraie de Chtouka."}),
            )
            .await;
        for (producer, name, fields) in [
            (
                tifawin.id,
                "Huile d'argan alimentaire",
                json!({"name": four("Huile d'argan alimentaire", "Culinaire arganolie",
                                    "Culinary argan oil", "زيت أركان للطبخ"),
                       "description": {"fr": "Amandons torréfiés, goût de noisette, IGP Argane, 250 ml.",
                                       "en": "Roasted kernels, hazelnut taste, Argane PGI, 250 ml."},
                       "unit": four("bouteille de 250 ml", "fles van 250 ml", "250 ml bottle",
                                    "قنينة 250 مل"),
                       "stock": 180}),
            ),
            (
                tifawin.id,
                "Huile d'argan cosmétique",
                json!({"name": four("Huile d'argan cosmétique", "Cosmetische arganolie",
                                    "Cosmetic argan oil", "زيت أركان تجميلي"),
                       "description": {"fr": "Amandons non torréfiés, pressée à froid, 100 ml.",
                                       "en": "Unroasted kernels, cold-pressed, 100 ml."},
                       "category": "cosmetics",
                       "unit": four("flacon de 100 ml", "flesje van 100 ml", "100 ml bottle",
                                    "قارورة 100 مل"),
                       "weight_grams": 220, "price_cents": 1250, "vat_rate_bp": 2100,
                       "stock": 120}),
            ),
            (
                tifawin.id,
                "Amlou",
                json!({"name": four("Amlou", "Amlou", "Amlou", "أملو"),
                       "description": {"fr": "Pâte d'amandes grillées, huile d'argan et miel, 250 g.",
                                       "en": "Roasted almond paste with argan oil and honey, 250 g."},
                       "category": "preserves",
                       "unit": four("pot de 250 g", "pot van 250 g", "250 g jar", "برطمان 250 غ"),
                       "weight_grams": 400, "price_cents": 790, "stock": null}),
            ),
            (
                achbaro.id,
                "Miel d'euphorbe",
                json!({"name": four("Miel d'euphorbe", "Wolfsmelkhoning", "Euphorbia honey",
                                    "عسل الدغموس"),
                       "description": {"fr": "Miel ambré au goût poivré, pot de 500 g.",
                                       "en": "Amber honey with a peppery taste, 500 g jar."},
                       "category": "honey",
                       "unit": four("pot de 500 g", "pot van 500 g", "500 g jar", "برطمان 500 غ"),
                       "weight_grams": 700, "price_cents": 1200, "stock": 96}),
            ),
        ] {
            self.product_with(producer, &token, name, fields).await;
        }
        Cooperatives { token, tifawin }
    }
}

impl TestApp {
    /// A catalogue to search and filter: the [`Cooperatives`] of Jette – Sidi Bibi with, in the
    /// same partnership, Tigmi n'Ammelne's almonds and almond amlou of Tafraout, and in
    /// Schaerbeek – Al Hoceima (the other partnership) Tinouar's four products (prickly pear
    /// oil and jam, almonds of the Rif, olive oil). Ten products, six of them in Jette – Sidi
    /// Bibi, four in Al Hoceima, three of a producer labelled Argane PGI.
    pub async fn catalogue(&self) {
        let partnership = self.partnership().await;
        let token = self.cooperatives(&partnership).await.token;
        let tigmi = self
            .approved_producer_named(&partnership, &token, "Coopérative Tigmi n'Ammelne")
            .await;
        for (name, fields) in [
            (
                "Amlou aux amandes de Tafraout",
                json!({"name": four("Amlou aux amandes de Tafraout", "Amlou met amandelen uit Tafraout",
                                    "Amlou with Tafraout almonds", "أملو بلوز تافراوت"),
                       "description": {"fr": "250 g.", "en": "250 g."}, "category": "preserves",
                       "unit": "pot de 250 g", "weight_grams": 400, "price_cents": 820,
                       "stock": null}),
            ),
            (
                "Amandes de Tafraout",
                json!({"name": four("Amandes de Tafraout", "Amandelen uit Tafraout",
                                    "Tafraout almonds", "لوز تافراوت"),
                       "description": {"fr": "Petites amandes très parfumées, sachet de 1 kg.",
                                       "en": "Small, very fragrant almonds, 1 kg bag."},
                       "category": "nuts", "unit": "sachet de 1 kg", "case_size": 10,
                       "weight_grams": 1030, "price_cents": 1650, "stock": 150}),
            ),
        ] {
            self.product_with(tigmi.id, &token, name, fields).await;
        }
        let other = self.other_partnership().await;
        let (tinouar, token) = self
            .approved_producer(&other, "producer.al-hoceima@example.org")
            .await;
        for (name, fields) in [
            (
                "Huile de pépins de figue de Barbarie",
                json!({"description": {"fr": "Pressée à froid, 30 ml."}, "category": "cosmetics",
                       "unit": "flacon de 30 ml", "weight_grams": 90, "price_cents": 3200,
                       "vat_rate_bp": 2100, "stock": 60}),
            ),
            (
                "Confiture de figue de Barbarie",
                json!({"description": {"fr": "Fruits Dellahia et sucre de canne, 250 g."},
                       "category": "preserves", "unit": "pot de 250 g", "weight_grams": 380,
                       "price_cents": 550, "stock": null}),
            ),
            (
                "Amandes décortiquées",
                json!({"description": {"fr": "Amandes du Rif, récolte de l'année, sachet de 500 g."},
                       "category": "nuts", "unit": "sachet de 500 g", "case_size": 10,
                       "weight_grams": 520, "price_cents": 890, "stock": 400}),
            ),
            (
                "Huile d'olive vierge extra",
                json!({"description": {"fr": "Picholine marocaine, bouteille de 1 l."},
                       "unit": "bouteille de 1 l", "case_size": 6, "weight_grams": 1450,
                       "price_cents": 1150, "stock": 240}),
            ),
        ] {
            self.product_with(tinouar.id, &token, name, fields).await;
        }
    }
}
