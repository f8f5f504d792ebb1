//! What coordinators and members type for groups, pickups, invitations and baskets (JSON bodies
//! and HTML forms), parsed into checked values with one message per field. Campaigns: `campaign_input`.
use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrors};
use crate::web::forms::line as text;

/// Most units of one product one member may ask for.
pub const MAX_QUANTITY: i64 = 500;

/// A pickup point as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PickupInput {
    pub name: String,
    pub address: String,
    pub opening_hours: String,
}

/// A new group (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct GroupInput {
    pub name: String,
    /// The partnership's slug.
    pub partnership: String,
    /// The slug of the partnership's Belgian territory.
    pub territory: String,
    pub description: String,
    pub pickup_point: PickupInput,
}

/// The same as an HTML form (flat fields).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct GroupForm {
    pub name: String,
    pub partnership: String,
    pub description: String,
    pub pickup_name: String,
    pub pickup_address: String,
    pub pickup_hours: String,
}

impl From<GroupForm> for GroupInput {
    fn from(f: GroupForm) -> Self {
        GroupInput {
            name: f.name,
            partnership: f.partnership,
            territory: String::new(),
            description: f.description,
            pickup_point: PickupInput {
                name: f.pickup_name,
                address: f.pickup_address,
                opening_hours: f.pickup_hours,
            },
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewPickup {
    pub name: String,
    pub address: String,
    pub opening_hours: String,
}

#[derive(Clone, Debug)]
pub struct NewGroup {
    pub name: String,
    pub partnership: String,
    /// None: the partnership's Belgian territory.
    pub territory: Option<String>,
    pub description: String,
    pub pickup: NewPickup,
}

impl NewPickup {
    pub fn parse(p: &PickupInput, errors: &mut FieldErrors, prefix: &str) -> NewPickup {
        NewPickup {
            name: text(errors, &format!("{prefix}name"), &p.name, 120, true),
            address: text(errors, &format!("{prefix}address"), &p.address, 240, true),
            opening_hours: text(
                errors,
                &format!("{prefix}opening_hours"),
                &p.opening_hours,
                240,
                false,
            ),
        }
    }
}

impl TryFrom<GroupInput> for NewGroup {
    type Error = FieldErrors;

    fn try_from(g: GroupInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text(&mut errors, "name", &g.name, 120, true);
        let partnership = text(&mut errors, "partnership", &g.partnership, 120, true);
        let description = text(&mut errors, "description", &g.description, 4000, false);
        let pickup = NewPickup::parse(&g.pickup_point, &mut errors, "pickup_point.");
        let territory = Some(g.territory.trim().to_owned()).filter(|t| !t.is_empty());
        errors.check()?;
        Ok(NewGroup {
            name,
            partnership,
            territory,
            description,
            pickup,
        })
    }
}

/// An invitation (API body and form).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct InviteInput {
    pub email: String,
    /// member (default) or coordinator.
    pub role: Option<String>,
}
/// A basket line as sent (API body): quantity 0 removes the line.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BasketInput {
    pub quantity: i64,
    pub tolerance: i64,
}

/// One product of the whole basket as the campaign page's form sends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasketAsk {
    pub product_id: entity::ProductId,
    pub quantity: i64,
    pub tolerance: i64,
}

/// The campaign page's one form: `quantity[<product id>]` and `tolerance[<product id>]` for every
/// product on offer (an empty field is 0). Field errors are named as the form's fields.
pub fn basket_from_form(
    form: &std::collections::BTreeMap<String, String>,
) -> Result<Vec<BasketAsk>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut asks: std::collections::BTreeMap<i64, BasketAsk> = std::collections::BTreeMap::new();
    for (k, v) in form {
        let Some((kind, id)) = k
            .split_once('[')
            .and_then(|(kind, rest)| Some((kind, rest.strip_suffix(']')?.parse::<i64>().ok()?)))
        else {
            continue;
        };
        if kind != "quantity" && kind != "tolerance" {
            continue;
        }
        let n = match v.trim() {
            "" => 0,
            s => match s.parse::<i64>() {
                Ok(n) => n,
                Err(_) => {
                    errors.add(k, FieldError::new("number"));
                    continue;
                }
            },
        };
        let a = asks.entry(id).or_insert(BasketAsk {
            product_id: entity::ProductId(id),
            quantity: 0,
            tolerance: 0,
        });
        if kind == "quantity" {
            a.quantity = n;
        } else {
            a.tolerance = n;
        }
    }
    errors.check()?;
    Ok(asks.into_values().collect())
}

/// A checked basket line for a product of case size `case_size`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasketLine {
    pub quantity: i32,
    pub tolerance: i32,
}

impl BasketLine {
    /// Quantities from 0 to 500; a tolerance only with a quantity, and below one case (more
    /// could never be used to complete a case).
    pub fn parse(quantity: i64, tolerance: i64, case_size: i32) -> Result<BasketLine, FieldErrors> {
        let mut errors = FieldErrors::new();
        if !(0..=MAX_QUANTITY).contains(&quantity) {
            errors.add(
                "quantity",
                FieldError::new("range")
                    .with("min", 0)
                    .with("max", MAX_QUANTITY),
            );
        }
        let most = i64::from(case_size.max(1) - 1);
        if tolerance < 0 || tolerance > most {
            errors.add(
                "tolerance",
                FieldError::new("range").with("min", 0).with("max", most),
            );
        } else if tolerance > 0 && quantity == 0 {
            errors.add("tolerance", FieldError::new("tolerance-without-quantity"));
        }
        errors.check()?;
        Ok(BasketLine {
            quantity: quantity as i32,
            tolerance: tolerance as i32,
        })
    }
}

/// What a producer can supply, or what arrived, per product (API body).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct UnitsInput {
    pub lines: Vec<UnitsLine>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct UnitsLine {
    pub product_id: i64,
    pub units: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basket_lines_refuse_absurd_quantities_and_idle_tolerances() {
        assert!(BasketLine::parse(4, 2, 6).is_ok());
        let e = BasketLine::parse(-1, 0, 6).unwrap_err();
        assert!(e.0.contains_key("quantity"));
        let e = BasketLine::parse(0, 2, 6).unwrap_err();
        assert_eq!(e.0["tolerance"][0].code, "tolerance-without-quantity");
        let e = BasketLine::parse(3, 6, 6).unwrap_err();
        assert_eq!(e.0["tolerance"][0].code, "range");
        assert!(BasketLine::parse(501, 0, 6).is_err());
    }

    #[test]
    fn the_whole_basket_form_is_read_per_product() {
        let form: std::collections::BTreeMap<String, String> = [
            ("quantity[12]", "4"),
            ("tolerance[12]", "2"),
            ("quantity[13]", ""),
            ("csrf_token", "x"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let asks = basket_from_form(&form).unwrap();
        assert_eq!(
            asks,
            [
                BasketAsk {
                    product_id: entity::ProductId(12),
                    quantity: 4,
                    tolerance: 2
                },
                BasketAsk {
                    product_id: entity::ProductId(13),
                    quantity: 0,
                    tolerance: 0
                }
            ]
        );
        let bad: std::collections::BTreeMap<String, String> =
            [("quantity[12]".to_owned(), "deux".to_owned())].into();
        assert!(
            basket_from_form(&bad)
                .unwrap_err()
                .0
                .contains_key("quantity[12]")
        );
    }
}
