//! The address guard: refuses URLs that point into loopback, private, link-local (cloud metadata),
//! CGNAT and other non-public address space, unless `allow_private_addresses` is set.
//!
//! Decision: names are checked inside a custom reqwest DNS resolver, on the addresses the
//! connection will actually use, so a name that rebinds to 127.0.0.1 between a check and the
//! connect cannot slip through. IP-literal hosts never reach a resolver, and `localhost` is
//! refused by name, so both are checked before the request is sent. A name is refused when ANY
//! of its addresses is non-public rather than filtered down to the public ones: mixed answers are
//! a red flag, and the error says which address tripped it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Names that override DNS in this crate's tests: `treat_as_public` makes the guard accept a
/// loopback test server under a public-looking name; without it the name "rebinds" to a blocked
/// address.
#[cfg(test)]
#[derive(Debug, Clone)]
pub(crate) struct TestHost {
    pub(crate) addrs: Vec<IpAddr>,
    pub(crate) treat_as_public: bool,
}

/// What kind of non-public address this is, or `None` when it is public.
pub(crate) fn non_public_kind(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(ip) => v4_kind(ip),
        IpAddr::V6(ip) => v6_kind(ip),
    }
}

fn v4_kind(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, _, _] = ip.octets();
    if ip.is_unspecified() || a == 0 {
        Some("unspecified")
    } else if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private")
    } else if ip.is_link_local() {
        Some("link-local")
    } else if a == 100 && (64..128).contains(&b) {
        Some("shared (CGNAT)")
    } else if ip.is_broadcast() {
        Some("broadcast")
    } else if ip.is_multicast() {
        Some("multicast")
    } else if a >= 240 {
        Some("reserved")
    } else {
        None
    }
}

fn v6_kind(ip: Ipv6Addr) -> Option<&'static str> {
    let segments = ip.segments();
    if ip.is_unspecified() {
        Some("unspecified")
    } else if ip.is_loopback() {
        Some("loopback")
    } else if let Some(v4) = ip.to_ipv4_mapped() {
        // ::ffff:10.0.0.1 reaches 10.0.0.1.
        v4_kind(v4)
    } else if segments[..6] == [0, 0, 0, 0, 0, 0] {
        // Deprecated IPv4-compatible ::a.b.c.d.
        v4_kind(Ipv4Addr::from_bits(ip.to_bits() as u32)).or(Some("reserved"))
    } else if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        // NAT64 64:ff9b::/96 embeds the IPv4 address it reaches.
        v4_kind(Ipv4Addr::from_bits(ip.to_bits() as u32))
    } else if segments[0] & 0xfe00 == 0xfc00 {
        Some("unique local")
    } else if segments[0] & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if segments[0] & 0xffc0 == 0xfec0 {
        Some("site-local")
    } else if ip.is_multicast() {
        Some("multicast")
    } else {
        None
    }
}

const HINT: &str = "set allow_private_addresses = true to allow";

/// Checks a URL's host before any connection: IP literals and `localhost` names. Returns why it
/// is refused.
pub(crate) fn check_host(url: &Url) -> Result<(), String> {
    match url.host() {
        Some(Host::Ipv4(ip)) => check_literal(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => check_literal(IpAddr::V6(ip)),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if name == "localhost" || name.ends_with(".localhost") {
                Err(format!("{name} is a loopback name; {HINT}"))
            } else {
                Ok(())
            }
        }
        None => Ok(()),
    }
}

fn check_literal(ip: IpAddr) -> Result<(), String> {
    match non_public_kind(ip) {
        Some(kind) => Err(format!("{ip} is a {kind} address; {HINT}")),
        None => Ok(()),
    }
}

/// A name resolved to a non-public address; travels through reqwest's error chain and is turned
/// back into `FetchError::Blocked`.
#[derive(Debug)]
pub(crate) struct BlockedAddress {
    pub(crate) host: String,
    pub(crate) ip: IpAddr,
    pub(crate) kind: &'static str,
}

impl std::fmt::Display for BlockedAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} resolves to {} address {}; {HINT}",
            self.host, self.kind, self.ip
        )
    }
}

impl std::error::Error for BlockedAddress {}

/// The resolver reqwest uses: system DNS, then the guard on every address.
#[derive(Debug, Clone)]
pub(crate) struct GuardedResolver {
    pub(crate) allow_private: bool,
    #[cfg(test)]
    pub(crate) test_hosts: std::collections::HashMap<String, TestHost>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let allow_private = self.allow_private;
        #[cfg(test)]
        let test_host = self.test_hosts.get(&host).cloned();
        Box::pin(async move {
            #[cfg(test)]
            if let Some(test_host) = test_host {
                let addrs: Vec<SocketAddr> = test_host
                    .addrs
                    .iter()
                    .map(|ip| SocketAddr::new(*ip, 0))
                    .collect();
                let allow_private = allow_private || test_host.treat_as_public;
                return guard_addrs(host, addrs, allow_private);
            }
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            guard_addrs(host, addrs, allow_private)
        })
    }
}

fn guard_addrs(
    host: String,
    addrs: Vec<SocketAddr>,
    allow_private: bool,
) -> Result<Addrs, Box<dyn std::error::Error + Send + Sync>> {
    if !allow_private {
        for addr in &addrs {
            if let Some(kind) = non_public_kind(addr.ip()) {
                return Err(Box::new(BlockedAddress {
                    host,
                    ip: addr.ip(),
                    kind,
                }));
            }
        }
    }
    Ok(Box::new(addrs.into_iter()))
}

#[cfg(test)]
mod tests;
