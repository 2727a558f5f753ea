import Logging
import Synchronization
import TagarelaCore
import Testing

@Suite("FallbackChain", .timeLimit(.minutes(3)))
struct FallbackChainTests {
    /// An in-memory provider that answers or fails as told, counting its calls.
    final class Scripted: LLMProvider, Sendable {
        let name: String
        let failure: LLMError?
        private let count = Mutex(0)
        var calls: Int { count.withLock { $0 } }

        init(_ name: String, failing failure: LLMError? = nil) {
            self.name = name
            self.failure = failure
        }

        func reply(to request: LLMRequest) async throws -> LLMReply {
            count.withLock { $0 += 1 }
            if let failure { throw failure }
            return LLMReply(
                text: "de \(name)", usage: TokenUsage(inputTokens: 1, outputTokens: 2), model: "m", provider: name)
        }
    }

    let request = LLMRequest(systemPrompt: "s", messages: [ChatMessage(role: .user, content: "oi")])

    @Test func theNextProviderAnswersWhenOneFailsAndTheReplyNamesIt() async throws {
        let openAI = Scripted("openai", failing: .quotaExhausted(message: "billing"))
        let gemini = Scripted("gemini")
        let chain = FallbackChain([openAI, gemini], logger: Logger(label: "test"))
        let reply = try await chain.reply(to: request)
        #expect(reply.text == "de gemini" && reply.provider == "gemini")
        #expect(openAI.calls == 1 && gemini.calls == 1)
        #expect(chain.name == "openai→gemini")
    }

    @Test func theFirstAnswerWinsAndTheRestAreNotAsked() async throws {
        let first = Scripted("openai")
        let second = Scripted("gemini")
        let reply = try await FallbackChain([first, second], logger: Logger(label: "test")).reply(to: request)
        #expect(reply.provider == "openai" && second.calls == 0)
    }

    @Test func whenEveryProviderFailsTheLastErrorIsThrown() async throws {
        let chain = FallbackChain(
            [Scripted("openai", failing: .timeout), Scripted("gemini", failing: .transport("refused"))],
            logger: Logger(label: "test"))
        await #expect(throws: LLMError.transport("refused")) { try await chain.reply(to: request) }
    }
}
