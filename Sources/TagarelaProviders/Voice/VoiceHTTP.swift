import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1
import TagarelaCore

/// What every voice provider needs to call its API: the client, one call's time limit, and the retries.
///
/// `ProviderAttempts` does the retrying; its `LLMError`s (the vocabulary of the shared HTTP plumbing) become
/// `VoiceError`s here, at the edge.
struct VoiceHTTP: Sendable {
    /// Speech answers are binary and can be long; a 4,096-character MP3 at 128 kbit/s is about 5 MB.
    static let maxAudioAnswerBytes = 32 * 1024 * 1024

    let client: HTTPClient
    let timeout: Duration
    let retryPolicy: RetryPolicy
    let timeSource: any TimeSource
    let logger: Logger

    /// `baseURL` without its trailing slashes, then `path`.
    static func endpoint(_ baseURL: String, _ path: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// Runs `attempt` under the retry policy; throws `VoiceError` (or `CancellationError`).
    func run<Answer>(_ provider: String, _ attempt: () async throws -> Answer) async throws -> Answer {
        do {
            return try await ProviderAttempts.run(
                provider, policy: retryPolicy, timeSource: timeSource, logger: logger, attempt)
        } catch let error as LLMError {
            throw VoiceError(error)
        }
    }

    /// One POST; the answer as it came, or `RetryableFailure` when none came.
    func post(
        _ body: Data, to endpoint: String, headers: [(String, String)], provider: String, maxBodySize: Int
    ) async throws -> (status: Int, headers: HTTPHeaders, body: Data) {
        try await ProviderAttempts.post(
            body, to: endpoint, headers: headers, provider: provider, client: client, timeout: timeout,
            maxBodySize: maxBodySize, logger: logger)
    }

    /// One POST of a JSON body whose successful answer is audio; any other answer goes to `failure`.
    func postForAudio(
        _ body: Data, to endpoint: String, headers: [(String, String)], provider: String,
        failure: (Int, HTTPHeaders, Data) -> any Error
    ) async throws -> AudioClip {
        // Any audio is welcome: what is not OGG/Opus gets converted.
        let (status, answerHeaders, bytes) = try await post(
            body, to: endpoint, headers: headers + [("Accept", "*/*")], provider: provider,
            maxBodySize: Self.maxAudioAnswerBytes)
        guard (200..<300).contains(status) else { throw failure(status, answerHeaders, bytes) }
        guard !bytes.isEmpty else { throw VoiceError.invalidResponse("the speech answer held no audio") }
        let contentType = answerHeaders.first(name: "content-type") ?? "application/octet-stream"
        return AudioClip(bytes: bytes, contentType: contentType)
    }

    /// One voice note of speech: `request` posted as JSON under the retry policy (an error answer read by
    /// `failure`), and the audio that comes back made OGG/Opus by `converter` when it is not already.
    func speech(
        _ request: some Encodable, to endpoint: String, headers: [(String, String)], provider: String,
        converter: AudioConverter, failure: (Int, HTTPHeaders, Data) -> any Error
    ) async throws -> VoiceNote {
        let body: Data
        do {
            body = try JSONEncoder().encode(request)
        } catch {
            throw VoiceError.invalidResponse("could not encode the request: \(error)")
        }
        let audio = try await run(provider) {
            try await postForAudio(body, to: endpoint, headers: headers, provider: provider, failure: failure)
        }
        return try await converter.ensureVoiceNote(audio)
    }
}

extension VoiceError {
    /// The same failure in the voice vocabulary.
    init(_ error: LLMError) {
        switch error {
        case .http(let status, let code, let message): self = .http(status: status, code: code, message: message)
        case .quotaExhausted(let message): self = .quotaExhausted(message: message)
        case .timeout: self = .timeout
        case .transport(let detail): self = .transport(detail)
        case .invalidResponse(let detail): self = .invalidResponse(detail)
        }
    }
}
