//! The demo's producers and products (DOMAIN.md): invented cooperatives with realistic goods.

use crate::money::Cents;
use entity::I18nText;
use entity::producer::ProducerKind;

fn tx(fr: &str, nl: &str, en: &str, ar: &str) -> I18nText {
    [("fr", fr), ("nl", nl), ("en", en), ("ar", ar)]
        .into_iter()
        .collect()
}

fn fr_en(fr: &str, en: &str) -> I18nText {
    [("fr", fr), ("en", en)].into_iter().collect()
}

pub struct DemoProduct {
    pub name: I18nText,
    pub description: I18nText,
    pub category: &'static str,
    /// What one unit is, per language.
    pub unit: I18nText,
    pub case_size: i32,
    pub min_cases: i32,
    pub weight_grams: i32,
    pub price_cents: Cents,
    pub vat_rate_bp: i32,
    pub stock: Option<i32>,
    /// Customs code (HS), printed on the shipment's papers.
    pub hs_code: Option<&'static str>,
    /// Packaging of one case, in grams.
    pub case_tare_grams: Option<i32>,
}

impl DemoProduct {
    /// The product with its customs code and the packaging of a case.
    fn customs(self, hs_code: &'static str, case_tare_grams: Option<i32>) -> DemoProduct {
        DemoProduct {
            hs_code: Some(hs_code),
            case_tare_grams,
            ..self
        }
    }
}

pub struct DemoProducer {
    pub partnership: &'static str,
    pub territory: &'static str,
    pub name: &'static str,
    pub kind: ProducerKind,
    pub women_led: bool,
    pub labels: &'static [&'static str],
    pub odco_number: Option<&'static str>,
    pub description: I18nText,
    pub products: Vec<DemoProduct>,
}

#[expect(clippy::too_many_arguments, reason = "a table of demo products")]
fn product(
    name: I18nText,
    description: I18nText,
    category: &'static str,
    unit: I18nText,
    case_size: i32,
    weight_grams: i32,
    price_cents: Cents,
    vat_rate_bp: i32,
    stock: Option<i32>,
) -> DemoProduct {
    DemoProduct {
        name,
        description,
        category,
        unit,
        case_size,
        min_cases: 1,
        weight_grams,
        price_cents,
        vat_rate_bp,
        stock,
        hs_code: None,
        case_tare_grams: None,
    }
}

pub fn producers() -> Vec<DemoProducer> {
    vec![
        DemoProducer {
            partnership: "schaerbeek-al-hoceima",
            territory: "al-hoceima",
            name: "Coopérative Tinouar",
            kind: ProducerKind::Cooperative,
            women_led: true,
            labels: &["handmade"],
            odco_number: Some("AH-2016-0412"),
            description: fr_en(
                "Coopérative de femmes qui cueillent et transforment la figue de Barbarie (variété Dellahia) dans la région d'Al Hoceima.",
                "A women's cooperative picking and processing prickly pears (Dellahia variety) around Al Hoceima.",
            ),
            products: vec![
                product(
                    tx(
                        "Huile de pépins de figue de Barbarie",
                        "Cactusvijgenpitolie",
                        "Prickly pear seed oil",
                        "زيت بذور التين الشوكي",
                    ),
                    fr_en(
                        "Pressée à froid, 30 ml : environ 30 kg de fruits par flacon.",
                        "Cold-pressed, 30 ml: about 30 kg of fruit per bottle.",
                    ),
                    "cosmetics",
                    tx(
                        "flacon de 30 ml",
                        "flesje van 30 ml",
                        "30 ml bottle",
                        "قارورة 30 مل",
                    ),
                    12,
                    90,
                    Cents(3200),
                    2100,
                    Some(60),
                )
                .customs("330499", None),
                product(
                    tx(
                        "Confiture de figue de Barbarie",
                        "Cactusvijgenjam",
                        "Prickly pear jam",
                        "مربى التين الشوكي",
                    ),
                    fr_en(
                        "Fruits Dellahia et sucre de canne, 250 g.",
                        "Dellahia fruit and cane sugar, 250 g.",
                    ),
                    "preserves",
                    tx("pot de 250 g", "pot van 250 g", "250 g jar", "برطمان 250 غ"),
                    12,
                    380,
                    Cents(550),
                    600,
                    None,
                )
                .customs("200799", None),
            ],
        },
        DemoProducer {
            partnership: "schaerbeek-al-hoceima",
            territory: "al-hoceima",
            name: "Coopérative Amandier du Rif",
            kind: ProducerKind::Cooperative,
            women_led: false,
            labels: &[],
            odco_number: Some("AH-2011-0087"),
            description: fr_en(
                "Amandiers de montagne cultivés sans irrigation dans le Rif.",
                "Mountain almond trees grown without irrigation in the Rif.",
            ),
            products: vec![
                product(
                    tx(
                        "Amandes décortiquées",
                        "Gepelde amandelen",
                        "Shelled almonds",
                        "لوز مقشر",
                    ),
                    fr_en(
                        "Amandes du Rif, récolte de l'année, sachet de 500 g.",
                        "Rif almonds, this year's harvest, 500 g bag.",
                    ),
                    "nuts",
                    tx(
                        "sachet de 500 g",
                        "zakje van 500 g",
                        "500 g bag",
                        "كيس 500 غ",
                    ),
                    10,
                    520,
                    Cents(890),
                    600,
                    Some(400),
                )
                .customs("080212", None),
            ],
        },
        DemoProducer {
            partnership: "schaerbeek-al-hoceima",
            territory: "al-hoceima",
            name: "Coopérative Zitoun Nekor",
            kind: ProducerKind::Cooperative,
            women_led: false,
            labels: &["organic"],
            odco_number: None,
            description: fr_en(
                "Oliviers de la vallée du Nekor, huile extraite à froid au moulin de la coopérative.",
                "Olive groves of the Nekor valley, oil cold-extracted at the cooperative's mill.",
            ),
            products: vec![
                product(
                    tx(
                        "Huile d'olive vierge extra",
                        "Extra vierge olijfolie",
                        "Extra virgin olive oil",
                        "زيت زيتون بكر ممتاز",
                    ),
                    fr_en(
                        "Picholine marocaine, bouteille de 1 l.",
                        "Moroccan Picholine, 1 l bottle.",
                    ),
                    "oils",
                    tx(
                        "bouteille de 1 l",
                        "fles van 1 l",
                        "1 l bottle",
                        "قنينة 1 لتر",
                    ),
                    6,
                    1450,
                    Cents(1150),
                    600,
                    Some(240),
                )
                .customs("150920", Some(800)),
            ],
        },
        DemoProducer {
            partnership: "jette-sidi-bibi",
            territory: "sidi-bibi",
            name: "Coopérative féminine Tifawin",
            kind: ProducerKind::Cooperative,
            women_led: true,
            labels: &["argane_pgi", "fair_trade"],
            odco_number: Some("SB-2009-0150"),
            description: fr_en(
                "Soixante femmes de Sidi Bibi concassent les noix d'argan à la main ; la coopérative leur assure un revenu régulier.",
                "Sixty women of Sidi Bibi crack argan nuts by hand; the cooperative gives them a regular income.",
            ),
            products: vec![
                product(
                    tx(
                        "Huile d'argan alimentaire",
                        "Culinaire arganolie",
                        "Culinary argan oil",
                        "زيت أركان للطبخ",
                    ),
                    fr_en(
                        "Amandons torréfiés, goût de noisette, IGP Argane, 250 ml.",
                        "Roasted kernels, hazelnut taste, Argane PGI, 250 ml.",
                    ),
                    "oils",
                    tx(
                        "bouteille de 250 ml",
                        "fles van 250 ml",
                        "250 ml bottle",
                        "قنينة 250 مل",
                    ),
                    12,
                    480,
                    Cents(1490),
                    600,
                    Some(180),
                )
                .customs("151590", Some(600)),
                product(
                    tx(
                        "Huile d'argan cosmétique",
                        "Cosmetische arganolie",
                        "Cosmetic argan oil",
                        "زيت أركان تجميلي",
                    ),
                    fr_en(
                        "Amandons non torréfiés, pressée à froid, 100 ml.",
                        "Unroasted kernels, cold-pressed, 100 ml.",
                    ),
                    "cosmetics",
                    tx(
                        "flacon de 100 ml",
                        "flesje van 100 ml",
                        "100 ml bottle",
                        "قارورة 100 مل",
                    ),
                    12,
                    220,
                    Cents(1250),
                    2100,
                    Some(120),
                )
                .customs("330499", None),
                product(
                    tx("Amlou", "Amlou", "Amlou", "أملو"),
                    fr_en(
                        "Pâte d'amandes grillées, huile d'argan et miel, 250 g.",
                        "Roasted almond paste with argan oil and honey, 250 g.",
                    ),
                    "preserves",
                    tx("pot de 250 g", "pot van 250 g", "250 g jar", "برطمان 250 غ"),
                    12,
                    400,
                    Cents(790),
                    600,
                    None,
                )
                .customs("200819", None),
            ],
        },
        DemoProducer {
            partnership: "jette-sidi-bibi",
            territory: "sidi-bibi",
            name: "Coopérative apicole Achbaro",
            kind: ProducerKind::Cooperative,
            women_led: false,
            labels: &[],
            odco_number: Some("SB-2014-0302"),
            description: fr_en(
                "Ruches sédentaires dans l'arganeraie de Chtouka.",
                "Hives kept in the argan forest of Chtouka.",
            ),
            products: vec![
                product(
                    tx(
                        "Miel d'euphorbe",
                        "Wolfsmelkhoning",
                        "Euphorbia honey",
                        "عسل الدغموس",
                    ),
                    fr_en(
                        "Miel ambré au goût poivré, pot de 500 g.",
                        "Amber honey with a peppery taste, 500 g jar.",
                    ),
                    "honey",
                    tx("pot de 500 g", "pot van 500 g", "500 g jar", "برطمان 500 غ"),
                    12,
                    700,
                    Cents(1200),
                    600,
                    Some(96),
                )
                .customs("040900", Some(500)),
            ],
        },
        DemoProducer {
            partnership: "braine-l-alleud-tafraout-ammelne",
            territory: "tafraout-ammelne",
            name: "Coopérative Tigmi n'Ammelne",
            kind: ProducerKind::Cooperative,
            women_led: true,
            labels: &["argane_pgi", "handmade"],
            odco_number: None,
            description: fr_en(
                "Argan, plantes aromatiques et amlou de la vallée de l'Ammelne.",
                "Argan, herbs and amlou from the Ammelne valley.",
            ),
            products: vec![
                product(
                    tx(
                        "Thym sauvage séché",
                        "Gedroogde wilde tijm",
                        "Dried wild thyme",
                        "زعتر بري مجفف",
                    ),
                    fr_en(
                        "Cueilli sur les pentes de l'Anti-Atlas, sachet de 50 g.",
                        "Picked on the slopes of the Anti-Atlas, 50 g bag.",
                    ),
                    "spices_herbs",
                    tx("sachet de 50 g", "zakje van 50 g", "50 g bag", "كيس 50 غ"),
                    20,
                    60,
                    Cents(450),
                    600,
                    Some(200),
                )
                .customs("091099", None),
                product(
                    tx(
                        "Amlou aux amandes de Tafraout",
                        "Amlou met amandelen uit Tafraout",
                        "Amlou with Tafraout almonds",
                        "أملو بلوز تافراوت",
                    ),
                    fr_en("250 g.", "250 g."),
                    "preserves",
                    tx("pot de 250 g", "pot van 250 g", "250 g jar", "برطمان 250 غ"),
                    12,
                    400,
                    Cents(820),
                    600,
                    None,
                )
                .customs("200819", None),
            ],
        },
        DemoProducer {
            partnership: "braine-l-alleud-tafraout-ammelne",
            territory: "tafraout-ammelne",
            name: "Coopérative Amandes de Tafraout",
            kind: ProducerKind::Cooperative,
            women_led: false,
            labels: &[],
            odco_number: None,
            description: fr_en(
                "Les amandiers de Tafraout fleurissent en février ; la coopérative vend ses amandes en coque et décortiquées.",
                "Tafraout's almond trees blossom in February; the cooperative sells almonds in shell and shelled.",
            ),
            products: vec![
                product(
                    tx(
                        "Amandes de Tafraout",
                        "Amandelen uit Tafraout",
                        "Tafraout almonds",
                        "لوز تافراوت",
                    ),
                    fr_en(
                        "Petites amandes très parfumées, sachet de 1 kg.",
                        "Small, very fragrant almonds, 1 kg bag.",
                    ),
                    "nuts",
                    tx("sachet de 1 kg", "zak van 1 kg", "1 kg bag", "كيس 1 كلغ"),
                    10,
                    1030,
                    Cents(1650),
                    600,
                    Some(150),
                )
                .customs("080212", Some(300)),
            ],
        },
    ]
}
