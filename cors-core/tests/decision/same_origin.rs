//! `is_same_origin`: when a request's `Origin` is the server's own.

use cors_core::glue::is_same_origin;

#[test]
fn same_origin_detection() {
    let same: [(&[u8], &str, &str); 7] = [
        (b"https://api.example.com", "https", "api.example.com"),
        (b"https://api.example.com", "https", "api.example.com:443"),
        (b"http://api.example.com", "http", "api.example.com:80"),
        (b"http://localhost:8080", "http", "localhost:8080"),
        (b"https://api.example.com", "https", "API.example.com"),
        (b"http://[::1]:8080", "http", "[::1]:8080"),
        (b"http://[::1]", "http", "[::1]:80"),
    ];
    for (origin, scheme, host) in same {
        assert!(
            is_same_origin(origin, scheme, host),
            "{} {scheme} {host}",
            origin.escape_ascii()
        );
    }
    let different: [(&[u8], &str, &str); 11] = [
        (b"https://app.example.com", "https", "api.example.com"),
        (b"http://api.example.com", "https", "api.example.com"),
        (b"https://api.example.com", "http", "api.example.com"),
        (b"http://localhost", "http", "127.0.0.1"),
        (b"http://a.com:8080", "http", "a.com"),
        (b"http://a.com", "http", "a.com:8080"),
        (b"https://api.example.com/", "https", "api.example.com"),
        (
            b"https://api.example.com.evil.net",
            "https",
            "api.example.com",
        ),
        (b"null", "https", "api.example.com"),
        (b"", "https", "api.example.com"),
        (b"https:/api.example.com", "https", "api.example.com"),
    ];
    for (origin, scheme, host) in different {
        assert!(
            !is_same_origin(origin, scheme, host),
            "{} {scheme} {host}",
            origin.escape_ascii()
        );
    }
}
