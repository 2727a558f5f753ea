import Foundation
import Testing

/// Meta webhook bodies from `Tests/Fixtures/reference`, re-serialised as the bytes a webhook would receive.
enum MetaFixtures {
    static let pywaFiles = ["message", "message_status", "callback_button", "callback_selection"]

    /// Every example of `meta-webhook-examples.json`, by name.
    static func webhookExamples() throws -> [(name: String, body: [UInt8])] {
        let examples = try #require(
            try ReferenceFixtures.object("meta-webhook-examples.json")["examples"] as? [String: Any])
        return try bodies(examples)
    }

    /// Every payload of `pywa/<file>.json`, by name.
    static func pywa(_ file: String) throws -> [(name: String, body: [UInt8])] {
        try bodies(try ReferenceFixtures.object("pywa/\(file).json"))
    }

    static func webhookExample(_ name: String) throws -> [UInt8] {
        try #require(try webhookExamples().first { $0.name == name }?.body, "no example \(name)")
    }

    static func pywa(_ file: String, _ name: String) throws -> [UInt8] {
        try #require(try pywa(file).first { $0.name == name }?.body, "no \(file) payload \(name)")
    }

    private static func bodies(_ objects: [String: Any]) throws -> [(name: String, body: [UInt8])] {
        try objects.keys.sorted().map { name in
            (name, Array(try JSONSerialization.data(withJSONObject: try #require(objects[name]))))
        }
    }
}
