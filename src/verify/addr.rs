//! Addresses no mail server on the Internet can be reached at (RFC 6890's
//! special-purpose registries, the parts that are not globally reachable).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why `ip` cannot be a public mail server, or `None` when it can.
pub(crate) fn special(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => special_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => special_v4(v4),
            None => special_v6(v6),
        },
    }
}

fn special_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        (127, _, _) => "loopback",
        (10, _, _) | (192, 168, _) => "private",
        (172, 16..=31, _) => "private",
        (0, _, _) => "\"this network\"",
        (169, 254, _) => "link-local",
        (100, 64..=127, _) => "shared address space (carrier-grade NAT)",
        (192, 0, 0) => "IETF protocol assignment",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (198, 18..=19, _) => "benchmarking",
        (224..=239, _, _) => "multicast",
        (240..=255, _, _) => "reserved",
        _ => return None,
    })
}

fn special_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    Some(if ip.is_loopback() {
        "loopback"
    } else if ip.is_unspecified() {
        "unspecified"
    } else if s[0] & 0xfe00 == 0xfc00 {
        "private (unique local)"
    } else if s[0] & 0xffc0 == 0xfe80 {
        "link-local"
    } else if s[0] & 0xff00 == 0xff00 {
        "multicast"
    } else if s[0] == 0x2001 && s[1] == 0x0db8 {
        "documentation"
    } else if s[0] == 0x0100 && s[1..4] == [0, 0, 0] {
        "discard-only"
    } else if s[0] & 0xe000 != 0x2000 {
        // Outside 2000::/3, the only global unicast space allocated.
        "reserved"
    } else {
        return None;
    })
}

/// The DNSBL query name of `ip` under `zone` (RFC 5782 §2.1, §2.4): IPv4
/// octets reversed, IPv6 as 32 reversed nibbles.
pub(crate) fn dnsbl_name(ip: IpAddr, zone: &str) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, d] = v4.octets();
            format!("{d}.{c}.{b}.{a}.{zone}")
        }
        IpAddr::V6(v6) => {
            let mut name = String::with_capacity(64 + zone.len());
            for byte in v6.octets().iter().rev() {
                for nibble in [byte & 0x0f, byte >> 4] {
                    name.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
                    name.push('.');
                }
            }
            name.push_str(zone);
            name
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_names_follow_rfc_5782() {
        let v4: IpAddr = "192.0.2.99".parse().unwrap();
        assert_eq!(dnsbl_name(v4, "bl.example"), "99.2.0.192.bl.example");
        let v6: IpAddr = "2001:db8:1:2::ab".parse().unwrap();
        assert_eq!(
            dnsbl_name(v6, "bl.example"),
            "b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl.example"
        );
    }

    #[test]
    fn special_purpose_addresses() {
        for (ip, want) in [
            ("127.0.0.1", Some("loopback")),
            ("10.0.0.1", Some("private")),
            ("172.31.255.1", Some("private")),
            ("172.32.0.1", None),
            (
                "100.64.0.1",
                Some("shared address space (carrier-grade NAT)"),
            ),
            ("203.0.113.9", Some("documentation")),
            ("93.184.215.14", None),
            ("::1", Some("loopback")),
            ("fd00::1", Some("private (unique local)")),
            ("::ffff:10.1.2.3", Some("private")),
            ("2a00:1450:4001::1b", None),
        ] {
            assert_eq!(special(ip.parse().unwrap()), want, "{ip}");
        }
    }
}
