import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore

/// An `LLMProvider` for Google's Gemini API (`models/{model}:generateContent`, Gemini API reference, generateContent).
public struct GeminiProvider: LLMProvider {
    public let name = "gemini"

    /// Its `model` is the one the reply reports when the answer names none: without a `models/` prefix.
    let connection: ProviderConnection
    let endpoint: String

    /// `connection.baseURL` is the API version root (`https://generativelanguage.googleapis.com/v1beta`); its
    /// `model` may be given bare (`gemini-2.5-flash`) or as a resource name (`models/gemini-2.5-flash`).
    public init(_ connection: ProviderConnection) {
        let resource = Self.resourceName(of: connection.model)
        var connection = connection
        connection.model = resource.hasPrefix("models/") ? String(resource.dropFirst("models/".count)) : resource
        self.connection = connection
        self.endpoint = "\(connection.baseURL)/\(resource):generateContent"
    }

    /// The path segment naming the model: a bare name gets `models/`; a resource name (`models/…`,
    /// `tunedModels/…`) is kept, so `models/gemini-…` never becomes `models/models/…`.
    static func resourceName(of model: String) -> String {
        var name = model.trimmingCharacters(in: .whitespaces)
        while name.hasPrefix("/") { name.removeFirst() }
        return name.contains("/") ? name : "models/\(name)"
    }

    public func reply(to request: LLMRequest) async throws -> LLMReply {
        let body = try makeBody(for: request)
        return try await connection.attempts(name) { try await attemptReply(body: body) }
    }
}
