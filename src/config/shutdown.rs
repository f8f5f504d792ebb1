//! How an instance stops: the drain (answering "not ready" while still serving) and the
//! deadline for what is in flight.

use std::time::Duration;

use super::ConfigError;
use super::vars::Vars;
use crate::shutdown::ShutdownSettings;

pub(super) fn settings(
    vars: &Vars<impl Fn(&str) -> Option<String>>,
) -> Result<ShutdownSettings, ConfigError> {
    // Five seconds: a proxy checking every second and taking a server out after two failures
    // has done so, with room to spare.
    let drain: u64 = vars.within(
        "PASSERELLE_SHUTDOWN_DRAIN_SECONDS",
        5,
        "a number of seconds",
        0..=300,
        "must be between 0 and 300",
    )?;
    let deadline: u64 = vars.within(
        "PASSERELLE_SHUTDOWN_SECONDS",
        30,
        "a number of seconds",
        1..=3600,
        "must be between 1 and 3600",
    )?;
    Ok(ShutdownSettings {
        drain: Duration::from_secs(drain),
        deadline: Duration::from_secs(deadline),
    })
}
