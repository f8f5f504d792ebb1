//! The demo's content, in the four languages. Place names and partnerships are real unless
//! marked illustrative; the people and organisations behind the accounts are invented.

use entity::I18nText;
use entity::territory::TerritoryKind;

fn tx(fr: &str, nl: &str, en: &str, ar: &str) -> I18nText {
    [("fr", fr), ("nl", nl), ("en", en), ("ar", ar)]
        .into_iter()
        .collect()
}

pub struct DemoTerritory {
    pub slug: &'static str,
    pub name: &'static str,
    pub country: &'static str,
    pub region: &'static str,
    pub kind: TerritoryKind,
    pub coresponsibility: bool,
    pub website: Option<&'static str>,
    pub description: I18nText,
}

pub fn territories() -> Vec<DemoTerritory> {
    vec![
        DemoTerritory {
            slug: "schaerbeek",
            name: "Schaerbeek",
            country: "BE",
            region: "Bruxelles-Capitale",
            kind: TerritoryKind::Municipality,
            coresponsibility: false,
            website: Some("https://www.1030.be"),
            description: tx(
                "Commune de la Région de Bruxelles-Capitale, partenaire d'Al Hoceima depuis 2003 dans le programme de coopération internationale communale.",
                "Gemeente in het Brussels Hoofdstedelijk Gewest, sinds 2003 partner van Al Hoceima in het programma voor internationale gemeentelijke samenwerking.",
                "Municipality of the Brussels-Capital Region, partner of Al Hoceima since 2003 in the international municipal cooperation programme.",
                "بلدية في منطقة بروكسل العاصمة، شريكة للحسيمة منذ 2003 في برنامج التعاون الدولي بين البلديات.",
            ),
        },
        DemoTerritory {
            slug: "al-hoceima",
            name: "Al Hoceima",
            country: "MA",
            region: "Tanger-Tétouan-Al Hoceima",
            kind: TerritoryKind::Municipality,
            coresponsibility: true,
            website: None,
            description: tx(
                "Ville du Rif sur la Méditerranée, membre du réseau TOGETHER, au bord du parc national d'Al Hoceima.",
                "Stad in de Rif aan de Middellandse Zee, lid van het TOGETHER-netwerk, aan de rand van het nationaal park van Al Hoceima.",
                "City of the Rif on the Mediterranean, member of the TOGETHER network, next to Al Hoceima National Park.",
                "مدينة في الريف على البحر الأبيض المتوسط، عضو في شبكة TOGETHER، بجوار المنتزه الوطني للحسيمة.",
            ),
        },
        DemoTerritory {
            slug: "jette",
            name: "Jette",
            country: "BE",
            region: "Bruxelles-Capitale",
            kind: TerritoryKind::Municipality,
            coresponsibility: false,
            website: Some("https://www.jette.be"),
            description: tx(
                "Commune du nord-ouest de Bruxelles, partenaire de Sidi Bibi depuis 2010. En 2014, Jette a accueilli la rencontre qui a défini le modèle de partenariat à trois piliers.",
                "Gemeente in het noordwesten van Brussel, sinds 2010 partner van Sidi Bibi. In 2014 ontving Jette de bijeenkomst die het partnerschapsmodel met drie pijlers vastlegde.",
                "Municipality in north-west Brussels, partner of Sidi Bibi since 2010. In 2014 Jette hosted the meeting that set out the three-pillar partnership model.",
                "بلدية في شمال غرب بروكسل، شريكة لسيدي بيبي منذ 2010. احتضنت جيت سنة 2014 اللقاء الذي وضع نموذج الشراكة ذي الركائز الثلاث.",
            ),
        },
        DemoTerritory {
            slug: "sidi-bibi",
            name: "Sidi Bibi",
            country: "MA",
            region: "Souss-Massa (Chtouka-Aït Baha)",
            kind: TerritoryKind::Municipality,
            coresponsibility: false,
            website: None,
            description: tx(
                "Commune rurale de la province de Chtouka-Aït Baha, dans l'aire de l'IGP Argane et de la réserve de biosphère de l'arganeraie.",
                "Plattelandsgemeente in de provincie Chtouka-Aït Baha, in het gebied van de BGA Argane en het biosfeerreservaat van het arganbos.",
                "Rural municipality of Chtouka-Aït Baha province, inside the Argane PGI area and the argan forest biosphere reserve.",
                "جماعة قروية في إقليم اشتوكة آيت باها، داخل منطقة البيان الجغرافي المحمي أركان ومحمية المحيط الحيوي لشجر الأركان.",
            ),
        },
        DemoTerritory {
            slug: "braine-l-alleud",
            name: "Braine-l'Alleud",
            country: "BE",
            region: "Wallonie (Brabant wallon)",
            kind: TerritoryKind::Municipality,
            coresponsibility: true,
            website: Some("https://www.braine-lalleud.be"),
            description: tx(
                "Commune du Brabant wallon, territoire de coresponsabilité (SPIRAL) et membre du réseau TOGETHER.",
                "Gemeente in Waals-Brabant, territorium van gedeelde verantwoordelijkheid (SPIRAL) en lid van het TOGETHER-netwerk.",
                "Municipality of Walloon Brabant, a territory of co-responsibility (SPIRAL) and member of the TOGETHER network.",
                "بلدية في برابانت الوالونية، إقليم للمسؤولية المشتركة (SPIRAL) وعضو في شبكة TOGETHER.",
            ),
        },
        DemoTerritory {
            slug: "tafraout-ammelne",
            name: "Tafraout-Ammelne",
            country: "MA",
            region: "Souss-Massa (Tiznit)",
            kind: TerritoryKind::Municipality,
            coresponsibility: true,
            website: None,
            description: tx(
                "Vallée de l'Ammelne et pays de Tafraout dans l'Anti-Atlas : amandiers, arganiers, villages de pierre rose.",
                "De Ammelne-vallei en het land van Tafraout in de Anti-Atlas: amandelbomen, arganbomen, dorpen van roze steen.",
                "The Ammelne valley and Tafraout country in the Anti-Atlas: almond trees, argan trees, villages of pink stone.",
                "وادي أملن وبلاد تافراوت في الأطلس الصغير: أشجار اللوز والأركان وقرى الحجر الوردي.",
            ),
        },
        DemoTerritory {
            slug: "kairouan",
            name: "Kairouan",
            country: "TN",
            region: "Kairouan",
            kind: TerritoryKind::Municipality,
            coresponsibility: true,
            website: None,
            description: tx(
                "Ville de Tunisie centrale, membre du réseau TOGETHER.",
                "Stad in Centraal-Tunesië, lid van het TOGETHER-netwerk.",
                "City of central Tunisia, member of the TOGETHER network.",
                "مدينة في وسط تونس، عضو في شبكة TOGETHER.",
            ),
        },
        DemoTerritory {
            slug: "charleroi",
            name: "Charleroi",
            country: "BE",
            region: "Wallonie (Hainaut)",
            kind: TerritoryKind::Municipality,
            coresponsibility: true,
            website: Some("https://www.charleroi.be"),
            description: tx(
                "Ville du Hainaut, membre du réseau TOGETHER, qui partage son expérience du Plan de cohésion sociale.",
                "Stad in Henegouwen, lid van het TOGETHER-netwerk, die haar ervaring met het Plan voor sociale cohesie deelt.",
                "City of Hainaut, member of the TOGETHER network, sharing its experience of the Social Cohesion Plan.",
                "مدينة في إقليم إينو، عضو في شبكة TOGETHER، تتقاسم تجربتها في مخطط التماسك الاجتماعي.",
            ),
        },
        DemoTerritory {
            slug: "pro-senectute-vaud",
            name: "Pro Senectute Vaud",
            country: "CH",
            region: "Vaud",
            kind: TerritoryKind::Organisation,
            coresponsibility: true,
            website: None,
            description: tx(
                "Organisation vaudoise au service des personnes âgées, connue pour ses « quartiers solidaires ».",
                "Organisatie in het kanton Vaud ten dienste van ouderen, bekend om haar 'solidaire wijken'.",
                "Organisation serving older people in the canton of Vaud, known for its 'solidarity neighbourhoods'.",
                "منظمة في كانتون فود في خدمة المسنين، معروفة بـ«الأحياء التضامنية».",
            ),
        },
        DemoTerritory {
            slug: "arbaa-sahel",
            name: "Arbaa Sahel",
            country: "MA",
            region: "Souss-Massa (Tiznit)",
            kind: TerritoryKind::Platform,
            coresponsibility: true,
            website: None,
            description: tx(
                "Plateforme multi-acteurs du territoire d'Arbaa Sahel, membre du réseau TOGETHER.",
                "Platform van meerdere actoren van het grondgebied Arbaa Sahel, lid van het TOGETHER-netwerk.",
                "Multi-stakeholder platform of the Arbaa Sahel territory, member of the TOGETHER network.",
                "منصة متعددة الفاعلين لتراب أربعاء الساحل، عضو في شبكة TOGETHER.",
            ),
        },
    ]
}

pub struct DemoPartnership {
    pub slug: &'static str,
    pub name: &'static str,
    pub belgian: &'static str,
    pub partner: &'static str,
    pub since: i32,
    pub illustrative: bool,
    /// Invented accounts with valid check digits.
    pub iban: &'static str,
    pub description: I18nText,
    pub belgian_offers: I18nText,
    pub partner_offers: I18nText,
    /// The data controller and its town hall's address.
    pub controller: (&'static str, &'static str),
}

pub fn partnerships() -> Vec<DemoPartnership> {
    vec![
        DemoPartnership {
            slug: "schaerbeek-al-hoceima",
            controller: ("Commune de Schaerbeek", "Place Colignon 1, 1030 Schaerbeek"),
            iban: "BE75001012345651",
            name: "Schaerbeek – Al Hoceima",
            belgian: "schaerbeek",
            partner: "al-hoceima",
            since: 2003,
            illustrative: false,
            description: tx(
                "Un des plus anciens partenariats de la coopération communale belgo-marocaine : gestion des déchets, état civil, et aujourd'hui commerce et tourisme solidaires.",
                "Een van de oudste Belgisch-Marokkaanse gemeentelijke partnerschappen: afvalbeheer, burgerlijke stand, en vandaag solidaire handel en toerisme.",
                "One of the oldest Belgian–Moroccan municipal partnerships: waste management, civil registry, and now solidarity trade and tourism.",
                "من أقدم الشراكات البلدية البلجيكية المغربية: تدبير النفايات والحالة المدنية، واليوم التجارة والسياحة التضامنيتان.",
            ),
            belgian_offers: tx(
                "Un groupe d'achat (GAS Josaphat), des méthodes de gestion des déchets, des visiteurs.",
                "Een aankoopgroep (GAS Josaphat), methodes voor afvalbeheer, bezoekers.",
                "A buying group (GAS Josaphat), waste-management methods, visitors.",
                "مجموعة شراء (GAS Josaphat)، وطرق لتدبير النفايات، وزوار.",
            ),
            partner_offers: tx(
                "Coopératives de figue de Barbarie, d'amandes et d'huile d'olive ; séjours dans le parc national.",
                "Coöperaties voor cactusvijgen, amandelen en olijfolie; verblijven in het nationaal park.",
                "Prickly-pear, almond and olive-oil cooperatives; stays in the national park.",
                "تعاونيات للتين الشوكي واللوز وزيت الزيتون؛ إقامات في المنتزه الوطني.",
            ),
        },
        DemoPartnership {
            slug: "jette-sidi-bibi",
            controller: ("Commune de Jette", "Place Cardinal Mercier 1, 1090 Jette"),
            iban: "BE57063098765435",
            name: "Jette – Sidi Bibi",
            belgian: "jette",
            partner: "sidi-bibi",
            since: 2010,
            illustrative: false,
            description: tx(
                "Partenariat au cœur de l'arganeraie : l'huile d'argan des coopératives féminines rejoint les groupes d'achat jettois.",
                "Partnerschap in het hart van het arganbos: de arganolie van vrouwencoöperaties vindt haar weg naar de aankoopgroepen van Jette.",
                "A partnership in the heart of the argan forest: argan oil from women's cooperatives reaches Jette's buying groups.",
                "شراكة في قلب غابة الأركان: زيت الأركان من التعاونيات النسائية يصل إلى مجموعات الشراء في جيت.",
            ),
            belgian_offers: tx(
                "Le GAC Jette, des formations, des visiteurs.",
                "De GAC Jette, opleidingen, bezoekers.",
                "The GAC Jette buying group, trainings, visitors.",
                "مجموعة الشراء GAC Jette، وتكوينات، وزوار.",
            ),
            partner_offers: tx(
                "Huile d'argan alimentaire et cosmétique, amlou, miel ; un séjour de six jours dans la réserve de biosphère.",
                "Culinaire en cosmetische arganolie, amlou, honing; een verblijf van zes dagen in het biosfeerreservaat.",
                "Culinary and cosmetic argan oil, amlou, honey; a six-day stay in the biosphere reserve.",
                "زيت الأركان الغذائي والتجميلي، أملو، عسل؛ إقامة لستة أيام في محمية المحيط الحيوي.",
            ),
        },
        DemoPartnership {
            slug: "braine-l-alleud-tafraout-ammelne",
            controller: (
                "Commune de Braine-l'Alleud",
                "Grand-Place Baudouin Ier 3, 1420 Braine-l'Alleud",
            ),
            iban: "BE56363123456788",
            name: "Braine-l'Alleud – Tafraout-Ammelne",
            belgian: "braine-l-alleud",
            partner: "tafraout-ammelne",
            since: 2015,
            illustrative: true,
            description: tx(
                "Jumelage illustratif entre deux territoires de coresponsabilité du réseau TOGETHER.",
                "Illustratief partnerschap tussen twee territoria van gedeelde verantwoordelijkheid uit het TOGETHER-netwerk.",
                "An illustrative pairing of two co-responsibility territories of the TOGETHER network.",
                "شراكة توضيحية بين إقليمين للمسؤولية المشتركة من شبكة TOGETHER.",
            ),
            belgian_offers: tx(
                "L'expérience SPIRAL et un groupe d'achat.",
                "De SPIRAL-ervaring en een aankoopgroep.",
                "SPIRAL experience and a buying group.",
                "تجربة SPIRAL ومجموعة شراء.",
            ),
            partner_offers: tx(
                "Argan, plantes aromatiques, amlou et amandes de Tafraout ; randonnées dans la vallée de l'Ammelne.",
                "Argan, kruiden, amlou en amandelen uit Tafraout; wandelingen in de Ammelne-vallei.",
                "Argan, herbs, amlou and Tafraout almonds; hikes in the Ammelne valley.",
                "الأركان والأعشاب العطرية والأملو ولوز تافراوت؛ جولات مشي في وادي أملن.",
            ),
        },
    ]
}

pub struct DemoNetwork {
    pub slug: &'static str,
    pub name: &'static str,
    pub founded: Option<i32>,
    pub description: I18nText,
    pub members: Vec<&'static str>,
}

pub fn networks() -> Vec<DemoNetwork> {
    vec![DemoNetwork {
        slug: "together",
        name: "TOGETHER",
        founded: Some(2013),
        description: tx(
            "Réseau international des territoires de coresponsabilité, qui partagent la méthode SPIRAL.",
            "Internationaal netwerk van territoria van gedeelde verantwoordelijkheid, die de SPIRAL-methode delen.",
            "International network of territories of co-responsibility sharing the SPIRAL method.",
            "شبكة دولية لأقاليم المسؤولية المشتركة التي تتقاسم منهجية SPIRAL.",
        ),
        members: vec![
            "braine-l-alleud",
            "charleroi",
            "kairouan",
            "al-hoceima",
            "arbaa-sahel",
            "tafraout-ammelne",
            "pro-senectute-vaud",
        ],
    }]
}
