import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import TagarelaCore

/// How a language-model provider reaches its API and what it asks of the model: the settings OpenAI's two APIs
/// and Gemini share, given once to whichever provider the configuration picks.
public struct ProviderConnection: Sendable {
    public var httpClient: HTTPClient
    /// The API's root with its version (`https://api.openai.com/v1`), without a trailing slash.
    public var baseURL: String
    /// Nil (or empty, which counts as nil) for a local server that wants no key.
    public var apiKey: String?
    public var model: String
    /// The time limit of one attempt.
    public var timeout: Duration
    public var retryPolicy: RetryPolicy
    /// The longest reply in tokens; nil leaves it to the model.
    public var maxOutputTokens: Int?
    /// 0 to 2; nil leaves it to the model.
    public var temperature: Double?
    /// Waits between attempts and reads `Retry-After` dates, so tests need not sleep.
    public var timeSource: any TimeSource
    public var logger: Logger

    public init(
        httpClient: HTTPClient,
        baseURL: String,
        apiKey: String?,
        model: String,
        timeout: Duration,
        retryPolicy: RetryPolicy,
        maxOutputTokens: Int? = nil,
        temperature: Double? = nil,
        timeSource: any TimeSource,
        logger: Logger
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.httpClient = httpClient
        self.baseURL = base
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.model = model
        self.timeout = timeout
        self.retryPolicy = retryPolicy
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
        self.timeSource = timeSource
        self.logger = logger
    }

    /// `Authorization: Bearer <key>`, OpenAI's scheme; none without a key.
    var bearer: [(String, String)] { apiKey.map { [("Authorization", "Bearer \($0)")] } ?? [] }

    /// Runs `attempt` until it answers, fails for good, or the retry policy runs out (`ProviderAttempts.run`).
    func attempts<Answer>(_ provider: String, _ attempt: () async throws -> Answer) async throws -> Answer {
        try await ProviderAttempts.run(
            provider, policy: retryPolicy, timeSource: timeSource, logger: logger, attempt)
    }

    /// One request with this connection's client, time limit and logger (`ProviderAttempts.send`).
    func send(
        _ method: HTTPMethod, _ body: Data?, to endpoint: String, headers: [(String, String)],
        provider: String, maxBodySize: Int
    ) async throws -> (status: Int, headers: HTTPHeaders, body: Data) {
        try await ProviderAttempts.send(
            method, body, to: endpoint, headers: headers, provider: provider, client: httpClient, timeout: timeout,
            maxBodySize: maxBodySize, logger: logger)
    }
}
