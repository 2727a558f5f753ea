import Foundation
import PropertyBased
import TagarelaChannels
import TagarelaCore
import Testing

@Suite("MetaWebhookParser properties", .timeLimit(.minutes(3)))
struct MetaWebhookPropertyTests {
    static let tokens = Gen.element(of: [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "\"object\"", "\"whatsapp_business_account\"", "\"entry\"",
        "\"changes\"", "\"value\"", "\"messages\"", "\"field\"", "1", "-2.5e3", "null", "true", " ", "\n", "ação", "👍🏽",
    ])
    static let bodies = zip(
        tokens.array(of: 0...120), Gen.element(of: ["[", "{\"a\":", "\"", "\\"]), Gen.int(in: 0...3000)
    )
    .map { tokens, unit, count in tokens.compactMap { $0 }.joined() + String(repeating: unit ?? "", count: count) }
    static let text = Gen.element(of: ["a", " ", "\"", "\\", "\n", "{", "]", "ç", "ã", "👍🏽", "🇧🇷", "\u{1}", "*", "["])
        .array(of: 1...60).map { $0.compactMap { $0 }.joined() }

    static func generator() -> Xoshiro { Xoshiro(seed: (0x6d65_7461, 0x6a73_6f6e, 0x7061_7273, 0x6572_0001)) }

    @Test("any body parses or is refused with the webhook's own error")
    func anyBody() {
        var rng = Self.generator()
        for _ in 0..<1500 {
            let body = Self.bodies.run(using: &rng)
            do {
                _ = try MetaWebhookParser.parse(Array(body.utf8))
            } catch {
                #expect(error is MetaWebhookError, "\(body.debugDescription)")
            }
        }
    }

    @Test("a text message's body arrives exactly as sent")
    func textRoundTrip() throws {
        var rng = Self.generator()
        for _ in 0..<300 {
            let text = Self.text.run(using: &rng)
            let message: [String: Any] = [
                "from": "16505551234", "id": "wamid.1", "timestamp": "1700000000", "type": "text",
                "text": ["body": text],
            ]
            let payload: [String: Any] = [
                "object": "whatsapp_business_account",
                "entry": [
                    [
                        "id": "1",
                        "changes": [
                            [
                                "field": "messages",
                                "value": ["metadata": ["phone_number_id": "1"], "messages": [message]],
                            ]
                        ],
                    ]
                ],
            ]
            let body = try JSONSerialization.data(withJSONObject: payload)
            let batch = try MetaWebhookParser.parse(Array(body))
            #expect(batch.messages.first?.message.content == .text(text))
        }
    }
}
