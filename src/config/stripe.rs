//! Card payments through Stripe Checkout, and how long places stay held for a traveller who pays.

use super::ConfigError;
use super::vars::Vars;
use crate::security::Secret;

#[derive(Clone, Debug)]
pub struct StripeConfig {
    pub secret_key: Secret<String>,
    pub webhook_secret: Secret<String>,
    /// The API's address (a local stub in tests); none: Stripe itself.
    pub api_base: Option<String>,
    /// How long a Checkout session stays open (at least 30 minutes, as Stripe requires).
    pub checkout_minutes: i64,
}

/// Both Stripe secrets or neither.
pub(super) fn stripe(
    vars: &Vars<impl Fn(&str) -> Option<String>>,
) -> Result<Option<StripeConfig>, ConfigError> {
    Ok(
        match (
            vars.get("STRIPE_SECRET_KEY"),
            vars.get("STRIPE_WEBHOOK_SECRET"),
        ) {
            (None, None) => None,
            (Some(_), None) => {
                return Err(ConfigError::new(
                    "STRIPE_WEBHOOK_SECRET",
                    "must be set with STRIPE_SECRET_KEY",
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError::new(
                    "STRIPE_SECRET_KEY",
                    "must be set with STRIPE_WEBHOOK_SECRET",
                ));
            }
            (Some(secret_key), Some(webhook_secret)) => {
                let api_base = vars.get("STRIPE_API_BASE");
                if let Some(b) = &api_base
                    && url::Url::parse(b).is_err()
                {
                    return Err(ConfigError::new(
                        "STRIPE_API_BASE",
                        format!("'{b}' is not a URL"),
                    ));
                }
                let minutes: i64 = vars.within(
                    "PASSERELLE_CHECKOUT_MINUTES",
                    60,
                    "a number of minutes",
                    30..=1440,
                    "must be between 30 and 1440 (Stripe's limits)",
                )?;
                Some(StripeConfig {
                    secret_key: Secret::new(secret_key),
                    webhook_secret: Secret::new(webhook_secret),
                    api_base,
                    checkout_minutes: minutes,
                })
            }
        },
    )
}

/// Longer than a Checkout session, so a payment under way never outlives its hold.
pub(super) fn hold_minutes(
    vars: &Vars<impl Fn(&str) -> Option<String>>,
    stripe: Option<&StripeConfig>,
) -> Result<i64, ConfigError> {
    let hold_minutes: i64 = vars.parse("PASSERELLE_HOLD_MINUTES", 75, "a number of minutes")?;
    let checkout = stripe.map(|s| s.checkout_minutes).unwrap_or(30);
    if hold_minutes <= checkout || hold_minutes > 7 * 24 * 60 {
        return Err(ConfigError::new(
            "PASSERELLE_HOLD_MINUTES",
            format!(
                "must be longer than a Checkout session ({checkout} minutes) and at most a week"
            ),
        ));
    }
    Ok(hold_minutes)
}
