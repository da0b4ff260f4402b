//! A ceiling on what visitors may ask, per address. The programme is public (art. 129): anyone may
//! read it without logging in, so anyone could also ask it thousands of times a second and take
//! the server's time from the magistrates. Requests without a login are counted per client address
//! in a token bucket: `burst` at once, refilled at `per_second`; beyond, a `RATE_LIMITED` error
//! that says how many seconds to wait. Logged-in callers are not counted here (their cost is bounded by their own rights and by
//! the query limits).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many requests a visitor's address may make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VisitorRate {
    /// Requests per second, over time.
    pub per_second: u32,
    /// Requests at once, after a quiet moment.
    pub burst: u32,
}

impl Default for VisitorRate {
    /// A browser opening the public programme makes a handful of requests; a person paging through
    /// it, one or two a second.
    fn default() -> Self {
        Self { per_second: 10, burst: 60 }
    }
}

/// Addresses kept before the full buckets are forgotten (a full bucket is as good as none); if that
/// is not enough, the half seen least recently is forgotten too: memory and time stay bounded
/// whatever the number of addresses a visitor has, and the addresses being held back right now
/// stay held back.
const ADDRESSES_KEPT: usize = 10_000;

/// The bucket an address counts in: an IPv6 address by its /64, which one person or household
/// usually holds whole (counting each of its addresses apart would give them billions of bursts).
/// An IPv4 client seen through an IPv6 socket (`::ffff:a.b.c.d`) counts as its IPv4 address.
fn bucket_of(client: IpAddr) -> IpAddr {
    match client.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::from(segments)
        }
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of every visitor's address.
pub struct VisitorLimit {
    rate: VisitorRate,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl VisitorLimit {
    pub fn new(rate: VisitorRate) -> Self {
        Self { rate, buckets: Mutex::new(HashMap::new()) }
    }

    /// Counts one request from `client` at `now`: `Ok` if it may go on, else how long to wait.
    pub fn admit(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let rate = f64::from(self.rate.per_second.max(1));
        let burst = f64::from(self.rate.burst.max(1));
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= ADDRESSES_KEPT {
            buckets.retain(|_, b| b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst);
            if buckets.len() >= ADDRESSES_KEPT {
                forget_least_recent_half(&mut buckets);
            }
        }
        let bucket = buckets.entry(bucket_of(client)).or_insert(Bucket { tokens: burst, at: now });
        let refilled = now.saturating_duration_since(bucket.at).as_secs_f64() * rate;
        bucket.tokens = (bucket.tokens + refilled).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }
}

/// Forgets the buckets seen before the median moment of the ones kept.
fn forget_least_recent_half(buckets: &mut HashMap<IpAddr, Bucket>) {
    let mut seen: Vec<Instant> = buckets.values().map(|b| b.at).collect();
    let middle = seen.len() / 2;
    let (_, median, _) = seen.select_nth_unstable(middle);
    let median = *median;
    buckets.retain(|_, b| b.at > median);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(last: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, last])
    }

    #[test]
    fn a_burst_is_admitted_then_refused_until_the_bucket_refills() {
        let limit = VisitorLimit::new(VisitorRate { per_second: 2, burst: 3 });
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limit.admit(address(1), start), Ok(()));
        }
        assert_eq!(limit.admit(address(1), start), Err(Duration::from_millis(500)));
        assert!(limit.admit(address(1), start + Duration::from_millis(499)).is_err());
        assert_eq!(limit.admit(address(1), start + Duration::from_millis(1000)), Ok(()));
    }

    #[test]
    fn each_address_has_its_own_bucket() {
        let limit = VisitorLimit::new(VisitorRate { per_second: 1, burst: 1 });
        let now = Instant::now();
        assert_eq!(limit.admit(address(1), now), Ok(()));
        assert!(limit.admit(address(1), now).is_err());
        assert_eq!(limit.admit(address(2), now), Ok(()));
    }

    #[test]
    fn the_addresses_of_one_ipv6_network_share_a_bucket() {
        let limit = VisitorLimit::new(VisitorRate { per_second: 1, burst: 1 });
        let now = Instant::now();
        let first: IpAddr = "2001:db8:1:2::1".parse().unwrap_or(address(9));
        let same_network: IpAddr = "2001:db8:1:2:ffff::7".parse().unwrap_or(address(9));
        let other_network: IpAddr = "2001:db8:1:3::1".parse().unwrap_or(address(9));
        assert_eq!(limit.admit(first, now), Ok(()));
        assert!(limit.admit(same_network, now).is_err());
        assert_eq!(limit.admit(other_network, now), Ok(()));
    }

    #[test]
    fn an_ipv4_client_seen_through_an_ipv6_socket_keeps_its_own_bucket() {
        let limit = VisitorLimit::new(VisitorRate { per_second: 1, burst: 1 });
        let now = Instant::now();
        let mapped = |last: u8| IpAddr::from(std::net::Ipv4Addr::new(192, 0, 2, last).to_ipv6_mapped());
        assert_eq!(limit.admit(mapped(1), now), Ok(()));
        assert!(limit.admit(address(1), now).is_err(), "the same client, however it arrives");
        assert_eq!(limit.admit(mapped(2), now), Ok(()), "another IPv4 client is not its neighbour");
    }

    #[test]
    fn the_buckets_kept_stay_bounded_whatever_the_number_of_addresses() {
        let limit = VisitorLimit::new(VisitorRate { per_second: 1, burst: 5 });
        let now = Instant::now();
        for n in 0..(ADDRESSES_KEPT as u32 + 500) {
            let [_, b, c, d] = n.to_be_bytes();
            assert_eq!(limit.admit(IpAddr::from([10, b, c, d]), now), Ok(()));
        }
        let kept = limit.buckets.lock().map(|b| b.len()).unwrap_or(usize::MAX);
        assert!(kept <= ADDRESSES_KEPT, "{kept} buckets kept");
    }

    #[test]
    fn an_address_held_back_stays_held_back_when_many_others_arrive() {
        let limit = VisitorLimit::new(VisitorRate { per_second: 1, burst: 1 });
        let start = Instant::now();
        let mut now = start;
        for n in 0..(ADDRESSES_KEPT as u32 + 500) {
            now = start + Duration::from_micros(u64::from(n));
            let [_, b, c, d] = n.to_be_bytes();
            let _ = limit.admit(IpAddr::from([10, b, c, d]), now);
            if n % 1000 == 0 && n < 9000 {
                let _ = limit.admit(address(1), now);
            }
        }
        assert!(limit.admit(address(1), now).is_err(), "the busy address kept its empty bucket");
    }

    #[test]
    fn a_quiet_address_gets_its_burst_back_and_no_more() {
        let limit = VisitorLimit::new(VisitorRate { per_second: 10, burst: 2 });
        let start = Instant::now();
        assert_eq!(limit.admit(address(1), start), Ok(()));
        let later = start + Duration::from_secs(3600);
        assert_eq!(limit.admit(address(1), later), Ok(()));
        assert_eq!(limit.admit(address(1), later), Ok(()));
        assert!(limit.admit(address(1), later).is_err());
    }
}
