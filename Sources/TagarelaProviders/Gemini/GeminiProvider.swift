import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore

/// An `LLMProvider` for Google's Gemini API (`models/{model}:generateContent`, Gemini API reference, generateContent).
public struct GeminiProvider: LLMProvider {
    public let name = "gemini"

    let httpClient: HTTPClient
    let endpoint: String
    let apiKey: String
    /// The model as the reply reports it when the answer names none: without a `models/` prefix.
    let model: String
    let timeout: Duration
    let retryPolicy: RetryPolicy
    let maxOutputTokens: Int?
    let temperature: Double?
    let timeSource: any TimeSource
    let logger: Logger

    /// `baseURL` is the API version root (`https://generativelanguage.googleapis.com/v1beta`); `model` may be
    /// given bare (`gemini-2.5-flash`) or as a resource name (`models/gemini-2.5-flash`).
    public init(
        httpClient: HTTPClient,
        baseURL: String,
        apiKey: String,
        model: String,
        timeout: Duration,
        retryPolicy: RetryPolicy,
        maxOutputTokens: Int? = nil,
        temperature: Double? = nil,
        timeSource: any TimeSource,
        logger: Logger
    ) {
        self.httpClient = httpClient
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let resource = Self.resourceName(of: model)
        self.endpoint = "\(base)/\(resource):generateContent"
        self.apiKey = apiKey
        self.model = resource.hasPrefix("models/") ? String(resource.dropFirst("models/".count)) : resource
        self.timeout = timeout
        self.retryPolicy = retryPolicy
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
        self.timeSource = timeSource
        self.logger = logger
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
        return try await ProviderAttempts.run(name, policy: retryPolicy, timeSource: timeSource, logger: logger) {
            try await attemptReply(body: body)
        }
    }
}
