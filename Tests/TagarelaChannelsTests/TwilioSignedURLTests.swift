import Testing

@testable import TagarelaChannels

/// The URL spellings Twilio's validator signs, compared with twilio-python 9.13.0 `remove_port(urlparse(url))`
/// and `add_port(urlparse(url))` run on CPython 3.11 for each URL below.
@Suite(.timeLimit(.minutes(3))) struct TwilioSignedURLTests {
    static let expectations: [(url: String, withoutPort: String, withPort: String)] = [
        ("https://example.com/hook?", "https://example.com/hook", "https://example.com:443/hook"),
        ("https://example.com/hook;", "https://example.com/hook", "https://example.com:443/hook"),
        ("https://example.com/a;b;", "https://example.com/a;b;", "https://example.com:443/a;b;"),
        ("https://example.com/a;/b", "https://example.com/a;/b", "https://example.com:443/a;/b"),
        ("HTTPS://Example.com/hook#frag", "https://Example.com/hook#frag", "https://Example.com:443/hook#frag"),
        ("https://example.com:8443/hook", "https://example.com/hook", "https://example.com:8443/hook"),
        ("https://user:pw@example.com:8443/hook", "https://user/hook", "https://user:pw@example.com:8443/hook"),
        ("https://example.com:0/hook", "https://example.com:0/hook", "https://example.com:0:443/hook"),
        ("http://example.com/hook", "http://example.com/hook", "http://example.com:80/hook"),
        (" https://example.com/ho\tok", "https://example.com/hook", "https://example.com:443/hook"),
        ("https://[::1]:8080/hook", "https://[/hook", "https://[::1]:8080/hook"),
        ("https://[::1]/hook", "https://[::1]/hook", "https://[::1]:443/hook"),
        ("https://example.com:/hook", "https://example.com:/hook", "https://example.com::443/hook"),
        ("https://example.com?x=1#a?b", "https://example.com?x=1#a?b", "https://example.com:443?x=1#a?b"),
        ("https:/hook", "https:///hook", "https://:443/hook"),
        ("example.com/hook", "example.com/hook", "//:80/example.com/hook"),
        (
            "https://example.com:0443/x?y=1&z=%20+", "https://example.com/x?y=1&z=%20+",
            "https://example.com:0443/x?y=1&z=%20+"
        ),
        ("wss://example.com/x", "wss://example.com/x", "wss://example.com:80/x"),
        ("https://exa mple.com/ x ", "https://exa mple.com/ x ", "https://exa mple.com:443/ x "),
    ]

    @Test func spellingsMatchTheReferenceLibrary() throws {
        for expectation in Self.expectations {
            let signed = try #require(TwilioSignedURL(expectation.url), "\(expectation.url)")
            #expect(signed.withoutPort == expectation.withoutPort, "\(expectation.url)")
            #expect(signed.withPort == expectation.withPort, "\(expectation.url)")
        }
    }

    @Test func urlsThatTheReferenceRejects() {
        // Each raises ValueError in twilio-python's `validate`, so nothing signed over them can pass.
        for url in ["https://example.com:99999/hook", "https://example.com:abc/hook", "https://[::1/hook"] {
            #expect(TwilioSignedURL(url) == nil, "\(url)")
            let signature = TwilioSignatureValidator.computeSignature(url: url, secret: "t")
            #expect(!TwilioSignatureValidator(authToken: "t").isValid(url: url, parameters: [], signature: signature))
        }
    }

    @Test func queryExcludesTheFragment() throws {
        #expect(
            try #require(TwilioSignedURL("https://e.com/h?a=1&bodySHA256=ab#rt=15000")).query == "a=1&bodySHA256=ab")
        #expect(try #require(TwilioSignedURL("https://e.com/h")).query == "")
    }
}
