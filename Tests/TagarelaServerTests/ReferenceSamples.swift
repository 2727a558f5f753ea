import Foundation

/// The shared reference payloads in `../shared/reference`, read at test time.
enum ReferenceSamples {
    static var referenceDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/reference")
    }

    /// The Twilio sample webhooks as decoded form pairs, keyed by sample name.
    static func twilioWebhooks() throws -> [String: [(String, String)]] {
        let url = referenceDirectory.appendingPathComponent("fixtures/twilio-whatsapp-webhook-samples.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let samples = object?["samples"] as? [String: [String: Any]] ?? [:]
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
