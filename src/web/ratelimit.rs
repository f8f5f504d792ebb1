//! Who the client is behind reverse proxies: the address the login and sign-up limits
//! ([`super::limiter`]) count attempts by.

use std::net::IpAddr;

/// The reverse proxies in front of the server, whose `X-Forwarded-For` entries are believed.
/// Each proxy appends the address it received the request from, so the client's address is the
/// entry added by the outermost trusted proxy, never the leftmost one (which the client writes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TrustedProxies {
    /// No proxy: the peer is the client.
    #[default]
    None,
    /// This many proxies in a row in front of the server.
    Count(usize),
    /// Proxies known by address or network (`10.0.0.0/8`, `::1`).
    List(Vec<IpNet>),
}

/// An address or a network in CIDR notation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn parse(s: &str) -> Option<Self> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(IpNet { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) if self.addr.is_ipv4() => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => return false,
            },
            other => other,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl TrustedProxies {
    /// `PASSERELLE_TRUSTED_PROXIES`: a number of proxies, or a list of their addresses or
    /// networks separated by commas or spaces.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(TrustedProxies::None);
        }
        if let Ok(n) = s.parse::<usize>() {
            return match n {
                0 => Ok(TrustedProxies::None),
                1..=10 => Ok(TrustedProxies::Count(n)),
                _ => Err(format!("'{n}' proxies: at most 10")),
            };
        }
        s.split([',', ' '])
            .filter(|p| !p.is_empty())
            .map(|p| IpNet::parse(p).ok_or_else(|| format!("'{p}' is not an address or network")))
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies::List)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        match self {
            TrustedProxies::List(nets) => nets.iter().any(|n| n.contains(ip)),
            _ => false,
        }
    }

    /// The client's address from the peer's and the `X-Forwarded-For` entries (oldest first).
    pub fn client(&self, peer: Option<IpAddr>, forwarded: &[&str]) -> String {
        let peer_text = || {
            peer.map(|p| p.to_string())
                .unwrap_or_else(|| "unknown".into())
        };
        match self {
            TrustedProxies::None => peer_text(),
            TrustedProxies::Count(n) => match forwarded.len() {
                0 => peer_text(),
                len => forwarded[len.saturating_sub(*n)].to_owned(),
            },
            TrustedProxies::List(_) => {
                if !peer.is_some_and(|p| self.trusts(p)) {
                    return peer_text();
                }
                // From the nearest hop outwards: the first address that is not one of ours.
                forwarded
                    .iter()
                    .rev()
                    .find(|hop| hop.parse::<IpAddr>().map_or(true, |ip| !self.trusts(ip)))
                    .or(forwarded.first())
                    .map(|hop| (*hop).to_owned())
                    .unwrap_or_else(peer_text)
            }
        }
    }
}

/// The client's address: the peer, or the address the trusted proxies recorded for it.
pub fn client_ip(req: &actix_web::HttpRequest, proxies: &TrustedProxies) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    if *proxies == TrustedProxies::None {
        return proxies.client(peer, &[]);
    }
    let values: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    let hops: Vec<&str> = values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    proxies.client(peer, &hops)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_cannot_choose_its_address_behind_proxies() {
        let peer = Some("10.0.0.2".parse().unwrap());
        // The client wrote 6.6.6.6; the first proxy added 1.2.3.4, the second 10.0.0.1.
        let hops = ["6.6.6.6", "1.2.3.4", "10.0.0.1"];
        assert_eq!(TrustedProxies::None.client(peer, &hops), "10.0.0.2");
        assert_eq!(TrustedProxies::Count(1).client(peer, &hops), "10.0.0.1");
        assert_eq!(TrustedProxies::Count(2).client(peer, &hops), "1.2.3.4");
        assert_eq!(TrustedProxies::Count(5).client(peer, &hops), "6.6.6.6");
        assert_eq!(TrustedProxies::Count(2).client(peer, &[]), "10.0.0.2");
        let list = TrustedProxies::parse("10.0.0.0/24, ::1").unwrap();
        assert_eq!(list.client(peer, &hops), "1.2.3.4");
        assert_eq!(
            list.client(Some("7.7.7.7".parse().unwrap()), &hops),
            "7.7.7.7",
            "a peer that is not a proxy is the client"
        );
        assert_eq!(list.client(peer, &["10.0.0.9"]), "10.0.0.9");
        assert_eq!(list.client(peer, &[]), "10.0.0.2");
    }

    #[test]
    fn proxies_are_a_count_or_addresses() {
        assert_eq!(TrustedProxies::parse("").unwrap(), TrustedProxies::None);
        assert_eq!(
            TrustedProxies::parse("2").unwrap(),
            TrustedProxies::Count(2)
        );
        assert!(TrustedProxies::parse("11").is_err());
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.local").is_err());
        let l = TrustedProxies::parse("192.168.0.0/16 fd00::/8").unwrap();
        assert!(l.trusts("192.168.3.4".parse().unwrap()));
        assert!(l.trusts("::ffff:192.168.3.4".parse().unwrap()));
        assert!(l.trusts("fd12::1".parse().unwrap()));
        assert!(!l.trusts("192.169.0.1".parse().unwrap()));
        assert!(
            IpNet::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
    }
}
