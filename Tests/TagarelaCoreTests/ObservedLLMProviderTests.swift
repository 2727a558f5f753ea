import Logging
import Synchronization
import TagarelaCore
import Testing

@Suite("ObservedLLMProvider", .timeLimit(.minutes(3)))
struct ObservedLLMProviderTests {
    /// Records the model calls it is told about.
    final class Recorder: WorkObserver {
        let calls = Mutex<[(provider: String, error: LLMError?)]>([])

        func modelCalled(provider: String, duration: Duration, error: (any Error)?) {
            calls.withLock { $0.append((provider, error as? LLMError)) }
        }
    }

    typealias Scripted = FallbackChainTests.Scripted
    let request = LLMRequest(systemPrompt: "s", messages: [ChatMessage(role: .user, content: "oi")])

    @Test func eachProviderOfAChainReportsItsOwnCallsAndErrors() async throws {
        let recorder = Recorder()
        let chain = FallbackChain(
            [
                ObservedLLMProvider(Scripted("openai", failing: .timeout), observer: recorder),
                ObservedLLMProvider(Scripted("gemini"), observer: recorder),
            ], logger: Logger(label: "test"))
        let reply = try await chain.reply(to: request)
        #expect(reply.provider == "gemini")
        #expect(chain.name == "openai→gemini")
        let calls = recorder.calls.withLock { $0 }
        #expect(calls.map(\.provider) == ["openai", "gemini"])
        #expect(calls.map(\.error) == [.timeout, nil])
    }

    @Test func aFailureIsReportedAndThrownUnchanged() async throws {
        let recorder = Recorder()
        let observed = ObservedLLMProvider(Scripted("openai", failing: .transport("reset")), observer: recorder)
        await #expect(throws: LLMError.transport("reset")) { try await observed.reply(to: request) }
        #expect(recorder.calls.withLock { $0.map(\.error) } == [.transport("reset")])
    }
}
