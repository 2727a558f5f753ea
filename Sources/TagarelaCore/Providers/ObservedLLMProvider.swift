/// Wraps one provider to tell a ``WorkObserver`` about each request it answers or gives up on. The composition
/// root wraps each provider of a fallback chain, so every provider's calls and errors are counted by its name.
public struct ObservedLLMProvider: LLMProvider {
    public let provider: any LLMProvider
    let observer: any WorkObserver

    public init(_ provider: any LLMProvider, observer: any WorkObserver) {
        self.provider = provider
        self.observer = observer
    }

    public var name: String { provider.name }

    public func reply(to request: LLMRequest) async throws -> LLMReply {
        let started = ContinuousClock.now
        do {
            let reply = try await provider.reply(to: request)
            observer.modelCalled(provider: name, duration: ContinuousClock.now - started, error: nil)
            return reply
        } catch {
            observer.modelCalled(provider: name, duration: ContinuousClock.now - started, error: error)
            throw error
        }
    }
}
