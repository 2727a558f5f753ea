import TagarelaChannels
import Testing

/// Extra vectors produced with Twilio's own library, twilio-python 9.13.0 on CPython 3.11: bodies built with
/// `urllib.parse.urlencode`, parameters as a Flask-like MultiDict (`getall`) over `parse_qsl(body,
/// keep_blank_values=True)`, signatures from `RequestValidator(secret).compute_signature(url, params[, algorithm])`.
@Suite(.timeLimit(.minutes(3))) struct TwilioSignatureLibraryVectorsTests {
    static let url = "https://example.com/api/whatsapp/messages"
    static let token = "96yc5z9g44vl4ks2p1suc42yb9p4lpmu"
    static let portugueseBody =
        "MessageSid=SM0123456789abcdef0123456789abcdef&From=whatsapp%3A%2B5511987654321"
        + "&ProfileName=Jo%C3%A3o+%C3%87%C3%A3o"
        + "&Body=Ol%C3%A1%21+Tudo+bem%3F+Vou+%C3%A0s+15h+%F0%9F%8E%89+%26+voc%C3%AA%3F+100%25+%3D+ok%2B"
        + "&WaId=5511987654321&NumMedia=0"

    @Test func portugueseBodyWithAccentsAndEmoji() throws {
        let form = try FormURLEncoded.decode(Self.portugueseBody)
        #expect(form["Body"] == "Olá! Tudo bem? Vou às 15h 🎉 & você? 100% = ok+")
        let signature = "Jlx2E3Mvsi4DOTY6vzMd7sZczYY="
        #expect(
            TwilioSignatureValidator.computeSignature(url: Self.url, parameters: form, secret: Self.token) == signature)
        #expect(
            TwilioSignatureValidator(authToken: Self.token).isValid(
                url: Self.url, parameters: form, signature: signature))
    }

    @Test func hmacSHA256WithSharedKeyAndWithToken() throws {
        let form = try FormURLEncoded.decode(Self.portugueseBody)
        let shared = "y/mgDRHP63l20G85FNwiB24WDbeDVj8IJOjjQ3r5dZg="
        let byToken = "ZuWFc4LyF+K8PR4EeDbUpOOWk8q4/rgSxuWK5ODB8iU="
        let compute = { (secret: String) in
            TwilioSignatureValidator.computeSignature(
                url: Self.url, parameters: form, secret: secret, algorithm: .hmacSHA256)
        }
        #expect(compute("sharedkey-secret-abc") == shared)
        #expect(compute(Self.token) == byToken)
        let settings = "key=webhooks_sharedkey_x,algorithm=HMAC_SHA256"
        let validator = TwilioSignatureValidator(authToken: Self.token, sharedKeySecret: "sharedkey-secret-abc")
        #expect(validator.isValid(url: Self.url, parameters: form, signature: shared, signatureSettings: settings))
        // The reference upper-cases the algorithm name.
        #expect(
            validator.isValid(
                url: Self.url, parameters: form, signature: shared, signatureSettings: "algorithm=hmac_sha256"))
    }

    @Test func repeatedAndCaseDifferingNamesInCodePointOrder() throws {
        let form = try FormURLEncoded.decode("Digits=5678&Digits=1234&Digits=1234&A=&a=x&Z=z&%C3%A9=1&e=2")
        #expect(
            TwilioSignatureValidator.computeSignature(url: Self.url, parameters: form, secret: Self.token)
                == "AMPGRwTphQLNcUYc0QP55zJa+WE=")
    }

    @Test func canonicallyEquivalentValuesStayDistinct() throws {
        // Python compares code points, so "e\u{301}" and "é" are two values (and two names), not one.
        let form = try FormURLEncoded.decode("V=e%CC%81&V=%C3%A9&V=e%CC%81&%C3%A9=a&e%CC%81=b")
        #expect(
            TwilioSignatureValidator.computeSignature(url: Self.url, parameters: form, secret: Self.token)
                == "/Eo9MvbpCLs4kxjCU8VzD+mgX0c=")
    }

    @Test func bodySHA256Variants() {
        let body = Array(#"{"a":1}"#.utf8)
        let hash = "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"
        let validator = TwilioSignatureValidator(authToken: Self.token)
        func accepts(_ url: String, body: [UInt8]) -> Bool {
            let signature = TwilioSignatureValidator.computeSignature(url: url, secret: Self.token)
            return validator.isValid(url: url, parameters: nil, rawBody: body, signature: signature)
        }
        let url = "https://example.com/hook?x=1&bodySHA256=" + hash
        #expect(
            TwilioSignatureValidator.computeSignature(url: url, secret: Self.token) == "+sqhixwR9dheTfQ0kMH4EnxGjlg=")
        #expect(accepts(url, body: body))
        // `parse_qs` skips blank values and decodes names; the hash itself must be lower-case hex.
        #expect(accepts("https://example.com/hook?bodySHA256=&bodySHA256=" + hash, body: body))
        #expect(accepts("https://example.com/hook?body%53HA256=" + hash, body: body))
        #expect(!accepts("https://example.com/hook?bodySHA256=" + hash.uppercased(), body: body))
        // No hash: only an empty raw body passes (the reference raises on a non-empty one).
        #expect(accepts("https://example.com/hook", body: []))
        #expect(!accepts("https://example.com/hook", body: body))
    }

    @Test func signatureSettingsParsing() {
        let cases: [(String?, TwilioSignatureValidator.Algorithm?)] = [
            (nil, .hmacSHA1), ("", .hmacSHA1), ("key=webhooks_sharedkey_x", .hmacSHA1),
            ("key=k,algorithm=HMAC_SHA256", .hmacSHA256), (" algorithm = hmac_sha256 ", .hmacSHA256),
            ("algorithm=,algorithm=HMAC_SHA256", .hmacSHA256), ("Algorithm=HMAC_SHA256", .hmacSHA1),
            ("key=a=b,algorithm=HMAC_SHA512", nil),
        ]
        for (header, expected) in cases {
            #expect(TwilioSignatureValidator.Algorithm(signatureSettings: header) == expected, "\(header ?? "nil")")
        }
    }
}
