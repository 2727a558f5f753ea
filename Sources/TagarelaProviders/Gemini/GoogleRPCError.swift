import Foundation
import TagarelaCore

/// Google's error body, `{"error":{"code","message","status","details":[…]}}`, read leniently.
///
/// The details that matter here are `RetryInfo.retryDelay` (how long to wait), `ErrorInfo.reason`
/// (`API_KEY_INVALID`…) and `QuotaFailure.violations` (which quota ran out).
struct GoogleRPCError: Decodable, Equatable {
    /// One `google.rpc.QuotaFailure` violation.
    struct Violation: Decodable, Equatable {
        var quotaId: String?
        var quotaMetric: String?
        var quotaValue: String?
    }

    var code: Int?
    var message: String
    var status: String?
    var retryDelay: Duration?
    var reason: String?
    var violations: [Violation] = []

    enum EnvelopeKeys: String, CodingKey { case error }
    enum StatusKeys: String, CodingKey { case code, message, status, details }
    enum DetailKeys: String, CodingKey {
        case type = "@type"
        case retryDelay, reason, violations
    }

    init(from decoder: any Decoder) throws {
        let envelope = try decoder.container(keyedBy: EnvelopeKeys.self)
        let error = try envelope.nestedContainer(keyedBy: StatusKeys.self, forKey: .error)
        code = try? error.decodeIfPresent(Int.self, forKey: .code)
        message = (try? error.decodeIfPresent(String.self, forKey: .message)) ?? ""
        status = try? error.decodeIfPresent(String.self, forKey: .status)
        guard var details = try? error.nestedUnkeyedContainer(forKey: .details) else { return }
        while !details.isAtEnd {
            // A detail of an unexpected shape is skipped rather than failing the whole envelope.
            guard let detail = try? details.nestedContainer(keyedBy: DetailKeys.self) else {
                _ = try? details.decode(Skipped.self)
                continue
            }
            let type = (try? detail.decodeIfPresent(String.self, forKey: .type)) ?? ""
            if type.hasSuffix("google.rpc.RetryInfo"),
                let text = try? detail.decodeIfPresent(String.self, forKey: .retryDelay)
            {
                retryDelay = Self.protoDuration(text)
            } else if type.hasSuffix("google.rpc.ErrorInfo") {
                reason = try? detail.decodeIfPresent(String.self, forKey: .reason)
            } else if type.hasSuffix("google.rpc.QuotaFailure") {
                violations += (try? detail.decodeIfPresent([Violation].self, forKey: .violations)) ?? []
            }
        }
    }

    /// Reads the body; some Google front ends wrap the envelope in a one-element array.
    static func parse(_ body: Data) -> GoogleRPCError? {
        let decoder = JSONDecoder()
        if let single = try? decoder.decode(GoogleRPCError.self, from: body) { return single }
        return (try? decoder.decode([GoogleRPCError].self, from: body))?.first
    }

    /// A protobuf `Duration` in JSON: decimal seconds with an `s` suffix ("28s", "1.5s", "0.000001s").
    static func protoDuration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("s"), let seconds = Double(trimmed.dropLast()), seconds >= 0, seconds.isFinite
        else { return nil }
        return .interval(seconds)
    }

    /// True when a 429 is a quota that waiting minutes cannot refill: a per-day quota, or a limit of zero
    /// (the model is not offered on the project's tier). Google's message alone cannot tell: it says
    /// "check your plan and billing details" for per-minute limits too.
    var isQuotaExhausted: Bool {
        violations.contains { violation in
            (violation.quotaId ?? "").contains("PerDay") || violation.quotaValue == "0"
        }
    }

    /// Anything, to step over a detail that is not an object.
    private struct Skipped: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}
