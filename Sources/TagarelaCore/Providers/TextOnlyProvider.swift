/// A model that cannot see (`LLM_VISION=off`, or `auto` for an OpenAI-compatible server that is not OpenAI's):
/// each image it would get becomes its text note (`[imagem: legenda]`), so the turn still works.
public struct TextOnlyProvider: LLMProvider {
    let wrapped: any LLMProvider

    public init(_ wrapped: any LLMProvider) {
        self.wrapped = wrapped
    }

    public var name: String { wrapped.name }

    public func reply(to request: LLMRequest) async throws -> LLMReply {
        try await wrapped.reply(to: request.withoutImages())
    }
}
