import Foundation
import TagarelaFakes

/// The reference payloads in `Tests/Fixtures/reference`, read at test time.
enum ReferenceSamples {

    /// The Twilio sample webhooks as decoded form pairs, keyed by sample name.
    static func twilioWebhooks() throws -> [String: [(String, String)]] {
        let object = try Fixtures.jsonObject("reference/twilio-whatsapp-webhook-samples.json")
        let samples = object["samples"] as? [String: [String: Any]] ?? [:]
        return samples.compactMapValues { sample in
            (sample["body"] as? String).map { body in
                body.split(separator: "&").map { pair in
                    let parts = pair.split(separator: "=", maxSplits: 1).map {
                        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                    }
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                }
            }
        }
    }
}

extension ReferenceSamples {
    /// Every Meta webhook payload of the shared fixtures (Meta's own examples and pywa's), as JSON bodies
    /// addressed to `MetaHook.phoneNumberID`, named `file/example`.
    static func metaWebhookPayloads() throws -> [(name: String, body: String)] {
        var payloads: [(String, Any)] = []
        let examples = try Fixtures.jsonObject("reference/meta-webhook-examples.json")
        for (name, payload) in (examples["examples"] as? [String: Any] ?? [:]) {
            payloads.append(("meta-webhook-examples/\(name)", payload))
        }
        for file in ["message", "message_status", "callback_button", "callback_selection"] {
            let object = try Fixtures.jsonObject("reference/pywa/\(file).json")
            for (name, payload) in object { payloads.append(("pywa/\(file)/\(name)", payload)) }
        }
        return try payloads.sorted { $0.0 < $1.0 }.map { name, payload in
            let data = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
            let body = String(decoding: data, as: UTF8.self)
                .replacingOccurrences(of: "\"1122334455667\"", with: "\"\(MetaHook.phoneNumberID)\"")
            return (name, body)
        }
    }
}
