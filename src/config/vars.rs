//! Reading and checking one environment variable: text, parsed values, booleans, per-minute rates.

use super::ConfigError;

/// Reads variables through a lookup function, so tests can pass a map instead of the process environment.
pub(super) struct Vars<F: Fn(&str) -> Option<String>>(pub(super) F);

impl<F: Fn(&str) -> Option<String>> Vars<F> {
    pub(super) fn get(&self, var: &str) -> Option<String> {
        (self.0)(var)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    pub(super) fn parse<T: std::str::FromStr>(
        &self,
        var: &'static str,
        default: T,
        expected: &str,
    ) -> Result<T, ConfigError> {
        match self.get(var) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| ConfigError::new(var, format!("'{v}' is not {expected}"))),
        }
    }

    /// A number that must lie in `range`, else `message` names the limits.
    pub(super) fn within<T: std::str::FromStr + PartialOrd>(
        &self,
        var: &'static str,
        default: T,
        expected: &str,
        range: std::ops::RangeInclusive<T>,
        message: &str,
    ) -> Result<T, ConfigError> {
        let n = self.parse(var, default, expected)?;
        if !range.contains(&n) {
            return Err(ConfigError::new(var, message));
        }
        Ok(n)
    }

    /// A rate per minute of at least 1.
    pub(super) fn rate(
        &self,
        var: &'static str,
        default: u32,
        expected: &str,
    ) -> Result<u32, ConfigError> {
        let n: u32 = self.parse(var, default, expected)?;
        if n == 0 {
            return Err(ConfigError::new(var, "must be at least 1"));
        }
        Ok(n)
    }

    pub(super) fn bool(&self, var: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.get(var).map(|v| v.to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
            Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
            Some(v) => Err(ConfigError::new(
                var,
                format!("'{v}' is not a boolean (use true or false)"),
            )),
        }
    }
}
