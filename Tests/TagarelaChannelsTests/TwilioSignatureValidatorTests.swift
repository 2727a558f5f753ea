import Foundation
import TagarelaChannels
import Testing

/// The validator against Twilio's published vectors, the shared webhook samples and tampering.
@Suite(.timeLimit(.minutes(3))) struct TwilioSignatureValidatorTests {
    static let vectorFile = "twilio-signature-vectors.json"

    @Test func allFormVectorsOfTheSharedFile() throws {
        let root = try ReferenceFixtures.object(Self.vectorFile)
        let token = try #require(root["auth_token"] as? String)
        let vectors = try #require(root["form_vectors"] as? [[String: Any]])
        #expect(vectors.count == 5)
        let first = try ReferenceFixtures.parameters(vectors[0]["params"])
        let validator = TwilioSignatureValidator(authToken: token)
        for vector in vectors {
            let url = try #require(vector["url"] as? String)
            let expected = try #require(vector["expected"] as? String)
            let params = vector["params"] is String ? first : try ReferenceFixtures.parameters(vector["params"])
            #expect(TwilioSignatureValidator.computeSignature(url: url, parameters: params, secret: token) == expected)
            #expect(validator.isValid(url: url, parameters: params, signature: expected), "\(url)")
        }
    }

    @Test func jsonBodyVectorOfTheSharedFile() throws {
        let root = try ReferenceFixtures.object(Self.vectorFile)
        let token = try #require(root["auth_token"] as? String)
        let vector = try #require(root["json_body_vector"] as? [String: Any])
        let url = try #require(vector["url"] as? String)
        let body = Array(try #require(vector["body"] as? String).utf8)
        let expected = try #require(vector["expected"] as? String)
        let validator = TwilioSignatureValidator(authToken: token)
        #expect(TwilioSignatureValidator.computeSignature(url: url, secret: token) == expected)
        #expect(validator.isValid(url: url, parameters: nil, rawBody: body, signature: expected))
        // The hash covers the body: one changed byte fails even with the right signature.
        #expect(!validator.isValid(url: url, parameters: nil, rawBody: body + [0x20], signature: expected))
    }

    @Test func portVariantsAreAcceptedBothWays() {
        let params: FormParameters = [("CallSid", "CA1234567890ABCDE"), ("Digits", "1234")]
        let validator = TwilioSignatureValidator(authToken: "12345")
        for (signedURL, requestURL) in [
            ("https://mycompany.com:443/myapp.php?foo=1", "https://mycompany.com/myapp.php?foo=1"),
            ("https://mycompany.com/myapp.php?foo=1", "https://mycompany.com:443/myapp.php?foo=1"),
            ("http://mycompany.com:80/myapp.php", "http://mycompany.com/myapp.php"),
            ("http://mycompany.com/myapp.php", "http://mycompany.com:1234/myapp.php"),
        ] {
            let signature = TwilioSignatureValidator.computeSignature(
                url: signedURL, parameters: params, secret: "12345")
            #expect(validator.isValid(url: requestURL, parameters: params, signature: signature), "\(requestURL)")
        }
        // A different non-default port is a different URL.
        let other = TwilioSignatureValidator.computeSignature(
            url: "https://mycompany.com:8443/myapp.php", parameters: params, secret: "12345")
        #expect(!validator.isValid(url: "https://mycompany.com:9443/myapp.php", parameters: params, signature: other))
    }

    @Test func sharedWebhookSamplesVerify() throws {
        let (url, token, samples) = try ReferenceFixtures.twilioWebhookSamples()
        #expect(samples.count == 5)
        let validator = TwilioSignatureValidator(authToken: token)
        for sample in samples {
            let form = try FormURLEncoded.decode(sample.body)
            #expect(validator.isValid(url: url, parameters: form, signature: sample.signature), "\(sample.name)")
            #expect(!validator.isValid(url: url + "/", parameters: form, signature: sample.signature))
            #expect(
                !TwilioSignatureValidator(authToken: token + "x").isValid(
                    url: url, parameters: form, signature: sample.signature))
        }
    }

    @Test func tamperingAndMissingHeadersFail() throws {
        let (url, token, samples) = try ReferenceFixtures.twilioWebhookSamples()
        let sample = try #require(samples.first { $0.name == "inbound_text" })
        let validator = TwilioSignatureValidator(authToken: token)
        let tampered = try FormURLEncoded.decode(sample.body.replacingOccurrences(of: "Body=test", with: "Body=tesT"))
        #expect(!validator.isValid(url: url, parameters: tampered, signature: sample.signature))
        let added = try FormURLEncoded.decode(sample.body + "&Extra=1")
        #expect(!validator.isValid(url: url, parameters: added, signature: sample.signature))
        let form = try FormURLEncoded.decode(sample.body)
        #expect(!validator.isValid(url: url, parameters: form, signature: nil))
        #expect(!validator.isValid(url: url, parameters: form, signature: ""))
        #expect(!validator.isValid(url: url, parameters: form, signature: " " + sample.signature))
        // A form sent as a raw body without a `bodySHA256` is covered by nothing.
        #expect(
            !validator.isValid(url: url, parameters: nil, rawBody: Array(sample.body.utf8), signature: sample.signature)
        )
    }

    @Test func duplicateValuesAreSignedOnce() {
        let token = "12345"
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
        let once: FormParameters = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")]
        let twice: FormParameters = [
            ("Digits", "1234"), ("Sid", "CA123"), ("Digits", "5678"), ("SidAccount", "AC123"), ("Digits", "1234"),
        ]
        let expected = "IK+Dwps556ElfBT0I3Rgjkr1wJU="
        #expect(TwilioSignatureValidator.computeSignature(url: url, parameters: once, secret: token) == expected)
        #expect(TwilioSignatureValidator.computeSignature(url: url, parameters: twice, secret: token) == expected)
        #expect(TwilioSignatureValidator(authToken: token).isValid(url: url, parameters: twice, signature: expected))
    }

    @Test func sha256ModeUsesTheSharedKeySecret() {
        let url = "https://example.com/hook"
        let form: FormParameters = [("Body", "oi"), ("MessageSid", "SM1")]
        let settings = "key=webhooks_sharedkey_abc,algorithm=HMAC_SHA256"
        let byShared = TwilioSignatureValidator.computeSignature(
            url: url, parameters: form, secret: "shared", algorithm: .hmacSHA256)
        let byToken = TwilioSignatureValidator.computeSignature(
            url: url, parameters: form, secret: "token", algorithm: .hmacSHA256)
        let withShared = TwilioSignatureValidator(authToken: "token", sharedKeySecret: "shared")
        #expect(withShared.isValid(url: url, parameters: form, signature: byShared, signatureSettings: settings))
        #expect(!withShared.isValid(url: url, parameters: form, signature: byToken, signatureSettings: settings))
        // Without the header it is HMAC_SHA1 with the auth token, whatever else is configured.
        let sha1 = TwilioSignatureValidator.computeSignature(url: url, parameters: form, secret: "token")
        #expect(withShared.isValid(url: url, parameters: form, signature: sha1, signatureSettings: nil))
        #expect(!withShared.isValid(url: url, parameters: form, signature: byShared, signatureSettings: nil))
        let tokenOnly = TwilioSignatureValidator(authToken: "token")
        #expect(tokenOnly.isValid(url: url, parameters: form, signature: byToken, signatureSettings: settings))
        #expect(!tokenOnly.isValid(url: url, parameters: form, signature: byToken, signatureSettings: "algorithm=MD5"))
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(ConstantTime.equals("", ""))
        #expect(ConstantTime.equals("abc=", "abc="))
        // Canonically equivalent but different bytes: not the same secret.
        #expect(!ConstantTime.equals("\u{E9}", "e\u{301}"))
    }
}
