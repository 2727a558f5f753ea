import Foundation
import TagarelaChannels
import TagarelaFakes
import Testing

/// Loads the reference payloads and signature vectors of `Tests/Fixtures/reference` used as test vectors.
enum ReferenceFixtures {
    /// The top-level JSON object of `name` (a path inside `Tests/Fixtures/reference`).
    static func object(_ name: String) throws -> [String: Any] {
        try Fixtures.jsonObject("reference/\(name)")
    }

    /// A `[[name, value], …]` array from a vector file as form parameters.
    static func parameters(_ value: Any?) throws -> FormParameters {
        let rows = try #require(value as? [[String]])
        return FormParameters(rows.map { (name: $0[0], value: $0[1]) })
    }

    /// One signed sample of `twilio-whatsapp-webhook-samples.json`.
    struct WebhookSample {
        var name: String
        var body: String
        var signature: String
    }

    /// The Twilio webhook samples with their URL and auth token.
    static func twilioWebhookSamples() throws -> (url: String, authToken: String, samples: [WebhookSample]) {
        let root = try object("twilio-whatsapp-webhook-samples.json")
        let samples = try #require(root["samples"] as? [String: [String: String]])
        return (
            url: try #require(root["url"] as? String),
            authToken: try #require(root["auth_token"] as? String),
            samples: try samples.keys.sorted().map { name in
                let sample = try #require(samples[name])
                return WebhookSample(
                    name: name,
                    body: try #require(sample["body"]),
                    signature: try #require(sample["x_twilio_signature"])
                )
            }
        )
    }

    /// The raw form body of one named webhook sample.
    static func twilioWebhookBody(_ name: String) throws -> String {
        try #require(try twilioWebhookSamples().samples.first { $0.name == name }).body
    }
}
