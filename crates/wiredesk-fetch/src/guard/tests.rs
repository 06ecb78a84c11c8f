//! Which addresses and names the guard refuses, and what it says.

use std::net::IpAddr;

use url::Url;

use super::{check_host, non_public_kind};

#[track_caller]
fn kind(ip: &str) -> Option<&'static str> {
    non_public_kind(ip.parse::<IpAddr>().unwrap())
}

#[test]
fn ipv4_ranges() {
    assert_eq!(kind("127.0.0.1"), Some("loopback"));
    assert_eq!(kind("127.255.0.9"), Some("loopback"));
    assert_eq!(kind("10.0.0.1"), Some("private"));
    assert_eq!(kind("172.16.0.1"), Some("private"));
    assert_eq!(kind("172.31.255.255"), Some("private"));
    assert_eq!(kind("172.32.0.1"), None);
    assert_eq!(kind("192.168.1.1"), Some("private"));
    assert_eq!(kind("169.254.169.254"), Some("link-local"));
    assert_eq!(kind("100.64.0.1"), Some("shared (CGNAT)"));
    assert_eq!(kind("100.127.255.255"), Some("shared (CGNAT)"));
    assert_eq!(kind("100.128.0.1"), None);
    assert_eq!(kind("0.0.0.0"), Some("unspecified"));
    assert_eq!(kind("0.1.2.3"), Some("unspecified"));
    assert_eq!(kind("224.0.0.1"), Some("multicast"));
    assert_eq!(kind("255.255.255.255"), Some("broadcast"));
    assert_eq!(kind("240.0.0.1"), Some("reserved"));
    assert_eq!(kind("8.8.8.8"), None);
    assert_eq!(kind("149.154.167.99"), None);
}

#[test]
fn ipv6_ranges() {
    assert_eq!(kind("::1"), Some("loopback"));
    assert_eq!(kind("::"), Some("unspecified"));
    assert_eq!(kind("fc00::1"), Some("unique local"));
    assert_eq!(kind("fd12:3456::1"), Some("unique local"));
    assert_eq!(kind("fe80::1"), Some("link-local"));
    assert_eq!(kind("fec0::1"), Some("site-local"));
    assert_eq!(kind("ff02::1"), Some("multicast"));
    assert_eq!(kind("::ffff:127.0.0.1"), Some("loopback"));
    assert_eq!(kind("::ffff:10.1.2.3"), Some("private"));
    assert_eq!(kind("::ffff:169.254.169.254"), Some("link-local"));
    assert_eq!(kind("::ffff:8.8.8.8"), None);
    assert_eq!(kind("::127.0.0.1"), Some("loopback"));
    assert_eq!(kind("64:ff9b::10.0.0.1"), Some("private"));
    assert_eq!(kind("64:ff9b::8.8.8.8"), None);
    assert_eq!(kind("2001:4860:4860::8888"), None);
}

#[track_caller]
fn check(url: &str) -> Result<(), String> {
    check_host(&Url::parse(url).unwrap())
}

#[test]
fn literal_hosts_and_localhost_names() {
    let refused = check("http://127.0.0.1:8080/x").unwrap_err();
    assert_eq!(
        refused,
        "127.0.0.1 is a loopback address; set allow_private_addresses = true to allow"
    );
    assert!(
        check("http://[::1]/")
            .unwrap_err()
            .contains("::1 is a loopback address")
    );
    assert!(
        check("http://[::ffff:7f00:1]/")
            .unwrap_err()
            .contains("loopback")
    );
    // The URL parser turns decimal and hex forms into the dotted address first.
    assert!(
        check("http://2130706433/")
            .unwrap_err()
            .contains("127.0.0.1")
    );
    assert!(check("http://0x7f.1/").unwrap_err().contains("127.0.0.1"));
    assert!(
        check("http://LOCALHOST./")
            .unwrap_err()
            .contains("localhost is a loopback name")
    );
    assert!(
        check("http://api.localhost/")
            .unwrap_err()
            .contains("loopback name")
    );
    assert_eq!(check("https://t.me/s/durov"), Ok(()));
    assert_eq!(check("https://93.184.215.14/"), Ok(()));
    assert_eq!(check("https://localhost.example.com/"), Ok(()));
}
