import Logging

/// Providers tried in order: when one fails for good (after its own retries), the next answers. The reply
/// names the provider that gave it, so each turn records who answered.
public struct FallbackChain: LLMProvider {
    public let providers: [any LLMProvider]
    let logger: Logger

    public init(_ providers: [any LLMProvider], logger: Logger) {
        precondition(!providers.isEmpty, "a fallback chain needs a provider")
        self.providers = providers
        self.logger = logger
    }

    /// `openai→gemini`: what a failed turn records when every provider failed.
    public var name: String { providers.map(\.name).joined(separator: "→") }

    public func reply(to request: LLMRequest) async throws -> LLMReply {
        var lastError: any Error = LLMError.invalidResponse("no provider")
        for (index, provider) in providers.enumerated() {
            do {
                return try await provider.reply(to: request)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                lastError = error
                guard index + 1 < providers.count else { break }
                logger.warning(
                    "model provider failed; the next one answers",
                    metadata: [
                        "provider": "\(provider.name)", "next": "\(providers[index + 1].name)", "error": "\(error)",
                    ])
            }
        }
        throw lastError
    }
}
