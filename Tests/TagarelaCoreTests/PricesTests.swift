import Foundation
import Testing

@testable import TagarelaCore

@Suite("Prices: one syntax for text tokens, audio tokens, minutes heard and characters spoken", .timeLimit(.minutes(3)))
struct PricesTests {
    let prices = try! Prices.parse("m=2/8, gpt-realtime=4/16/32/64, whisper-1=0.006/min, tts-1=15/Mchars")

    @Test func aTurnCostsItsTokensAndItsVoice() {
        var record = TurnRecord(
            status: .answered, model: "m", usage: TokenUsage(inputTokens: 1_000_000, outputTokens: 500_000))
        record.voice = [
            VoiceRecord(
                messageID: 1, provider: "openai", model: "whisper-1", audioMilliseconds: 90_000, milliseconds: 1),
            VoiceRecord(messageID: 0, provider: "openai-speech", model: "tts-1", milliseconds: 1, characters: 2000),
            // Failed, or not priced: nothing.
            VoiceRecord(
                messageID: 2, provider: "openai", model: "whisper-1", audioMilliseconds: 60_000, milliseconds: 1,
                error: "boom"),
            VoiceRecord(messageID: 3, provider: "gemini", model: "g", audioMilliseconds: 60_000, milliseconds: 1),
        ]
        let cost = prices.cost(of: record)
        #expect(cost.text == 6)
        #expect(abs((cost.audio ?? 0) - (0.009 + 0.03)) < 1e-12)
        #expect(abs((cost.total ?? 0) - 6.039) < 1e-12)
    }

    @Test func whatHasNoPriceCostsNothingKnown() {
        let record = TurnRecord(status: .answered, model: "other", usage: TokenUsage(inputTokens: 10, outputTokens: 5))
        #expect(prices.cost(of: record) == TurnCost())
        #expect(TurnCost().total == nil)
        #expect(prices.cost(model: "other", usage: .zero) == nil)
    }

    @Test func theSyntaxRoundTripsAndRefusesWhatItCannotRead() throws {
        #expect(try Prices.parse(prices.description) == prices)
        #expect(prices.byModel["gpt-realtime"] == .tokens(input: 4, output: 16, audioInput: 32, audioOutput: 64))
        for wrong in ["m", "m=", "m=1", "m=1/2/3", "m=1/min/2", "m=a/b", "m=1/hour", "=1/2", "m=-1/2", "m=inf/1"] {
            #expect(throws: PriceError.self, "\(wrong)") { try Prices.parse(wrong) }
        }
        #expect(try Prices.parse("") == Prices())
    }
}
