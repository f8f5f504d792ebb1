//! Products as producers type them: parsing and one message per field.

use super::*;

fn product() -> ProductInput {
    ProductInput {
        name: TextInput::One("Huile d'argan alimentaire".into()),
        category: "oils".into(),
        unit: TextInput::One("250 ml".into()),
        case_size: NumberInput::Number(12),
        weight_grams: NumberInput::Number(480),
        price_cents: NumberInput::Number(1250),
        vat_rate_bp: NumberInput::Number(600),
        ..Default::default()
    }
}

#[test]
fn a_valid_product_defaults_to_one_case_made_to_order() {
    let p = NewProduct::parse(product(), FieldErrors::new(), "price_cents").unwrap();
    assert_eq!((p.min_cases, p.stock), (1, None));
    assert_eq!(p.name.pick("ar"), "Huile d'argan alimentaire");
    assert_eq!(p.unit.pick("ar"), "250 ml", "one unit is the French one");
    assert_eq!(p.unit_reference(), "250 ml");
}

#[test]
fn a_unit_is_written_per_language() {
    let units: BTreeMap<String, String> = [
        ("fr", "bouteille de 250 ml"),
        ("ar", "زجاجة 250 مل"),
        ("nl", "fles van 250 ml"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let input = ProductInput {
        unit: TextInput::PerLanguage(units.clone()),
        ..product()
    };
    let p = NewProduct::parse(input, FieldErrors::new(), "price_cents").unwrap();
    assert_eq!(p.unit.pick("ar"), "زجاجة 250 مل");
    assert_eq!(
        p.unit.pick("en"),
        "bouteille de 250 ml",
        "falls back to French"
    );
    // `unit_i18n` (what GET returns) replaces `unit` when both are sent back.
    let input = ProductInput {
        unit: TextInput::One("زجاجة 250 مل".into()),
        unit_i18n: Some(units),
        ..product()
    };
    let p = NewProduct::parse(input, FieldErrors::new(), "price_cents").unwrap();
    assert_eq!(p.unit_reference(), "bouteille de 250 ml");
    // Only Arabic: it is also the reference text.
    let form = ProductForm {
        unit_ar: "برطمان 250 غ".into(),
        ..Default::default()
    };
    let (input, _) = form.into_input();
    let mut errors = FieldErrors::new();
    let unit = line_per_language(&mut errors, "unit", &input.unit, UNIT_MAX);
    assert!(errors.is_empty());
    assert_eq!(unit.pick("fr"), "برطمان 250 غ");
}

#[test]
fn an_older_form_with_one_unit_field_still_works() {
    let form = ProductForm {
        unit: "pot de 200 g".into(),
        unit_nl: "pot van 200 g".into(),
        ..Default::default()
    };
    let (input, _) = form.into_input();
    assert_eq!(
        input.unit.map(),
        [
            ("fr".to_owned(), "pot de 200 g".to_owned()),
            ("nl".to_owned(), "pot van 200 g".to_owned())
        ]
        .into()
    );
}

#[test]
fn bad_products_get_one_message_per_field() {
    let bad = ProductInput {
        name: TextInput::PerLanguage(BTreeMap::new()),
        category: "weapons".into(),
        case_size: NumberInput::Number(0),
        price_cents: NumberInput::Number(-5),
        vat_rate_bp: NumberInput::Number(1900),
        stock: NumberInput::Text("lots".into()),
        weight_grams: NumberInput::Missing,
        unit: TextInput::One("x".repeat(41)),
        ..Default::default()
    };
    let e = NewProduct::parse(bad, FieldErrors::new(), "price").unwrap_err();
    let mut fields: Vec<&str> = e.0.keys().map(String::as_str).collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "case_size",
            "category",
            "name",
            "price",
            "stock",
            "unit",
            "vat_rate_bp",
            "weight_grams"
        ]
    );
    let absurd = ProductInput {
        price_cents: NumberInput::Number(PRICE_MAX_CENTS + 1),
        ..product()
    };
    assert!(
        NewProduct::parse(absurd, FieldErrors::new(), "price_cents")
            .unwrap_err()
            .0
            .contains_key("price_cents")
    );
    // Per language: the field of that language; none at all: the unit is required.
    let long_ar = ProductInput {
        unit: TextInput::PerLanguage(
            [
                ("ar".to_owned(), "ز".repeat(41)),
                ("fr".to_owned(), "pot".into()),
            ]
            .into(),
        ),
        ..product()
    };
    let e = NewProduct::parse(long_ar, FieldErrors::new(), "price_cents").unwrap_err();
    assert!(e.0.contains_key("unit_ar"), "{:?}", e.0.keys());
    let none = ProductInput {
        unit: TextInput::PerLanguage(BTreeMap::new()),
        ..product()
    };
    let e = NewProduct::parse(none, FieldErrors::new(), "price_cents").unwrap_err();
    assert_eq!(e.0["unit"][0].code, "required");
}

#[test]
fn a_customs_code_has_six_to_ten_digits_and_a_case_tare_is_grams() {
    let with = |hs: &str, tare: &str| ProductInput {
        hs_code: Some(hs.into()),
        case_tare_grams: NumberInput::Text(tare.into()),
        ..product()
    };
    let p =
        NewProduct::parse(with("1515.90 00", "600"), FieldErrors::new(), "price_cents").unwrap();
    assert_eq!(p.hs_code.as_deref(), Some("15159000"));
    assert_eq!(p.case_tare_grams, Some(600));
    let p = NewProduct::parse(with(" ", ""), FieldErrors::new(), "price_cents").unwrap();
    assert_eq!((p.hs_code, p.case_tare_grams), (None, None));
    for bad in ["1515", "15159000001", "HS1515"] {
        let e = NewProduct::parse(with(bad, "-1"), FieldErrors::new(), "price_cents").unwrap_err();
        assert_eq!(e.0["hs_code"][0].code, "hs-code", "{bad}");
        assert!(e.0.contains_key("case_tare_grams"));
    }
}
