//! Who is on the other end of a request, for login throttling. Behind a reverse proxy every
//! connection comes from the proxy, so the address is read from `X-Forwarded-For` — but only when
//! the connection comes from a proxy named in `MAGISTRA_TRUSTED_PROXIES`; anyone else could write
//! whatever address they like in that header.

use std::net::IpAddr;

/// The client's address: the peer itself, unless the peer is a trusted proxy, in which case the
/// right-most address of `X-Forwarded-For` that is not itself a trusted proxy (proxies append, so
/// what a client wrote on the left cannot be trusted).
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let Some(header) = forwarded_for else { return peer };
    for entry in header.rsplit(',') {
        match entry.trim().parse::<IpAddr>() {
            Ok(address) if trusted_proxies.contains(&address) => continue,
            Ok(address) => return address,
            // A garbled entry: what lies left of it cannot be trusted either.
            Err(_) => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn a_direct_client_is_its_own_address_whatever_it_claims() {
        let trusted = [ip("10.0.0.1")];
        assert_eq!(client_address(ip("198.51.100.4"), Some("203.0.113.7"), &trusted), ip("198.51.100.4"));
        assert_eq!(client_address(ip("198.51.100.4"), Some("203.0.113.7"), &[]), ip("198.51.100.4"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_address_counts() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        assert_eq!(client_address(ip("10.0.0.1"), Some("203.0.113.7"), &trusted), ip("203.0.113.7"));
        // A client that forges the header only adds entries on the left.
        assert_eq!(client_address(ip("10.0.0.1"), Some("1.2.3.4, 203.0.113.7"), &trusted), ip("203.0.113.7"));
        // Two proxies in a row.
        assert_eq!(client_address(ip("10.0.0.1"), Some("203.0.113.7, 10.0.0.2"), &trusted), ip("203.0.113.7"));
        // No header, or nothing usable in it: the proxy's own address.
        assert_eq!(client_address(ip("10.0.0.1"), None, &trusted), ip("10.0.0.1"));
        assert_eq!(client_address(ip("10.0.0.1"), Some("n'importe quoi"), &trusted), ip("10.0.0.1"));
    }
}
