import Foundation
import Hummingbird
import TagarelaCore

/// The state of each part of the server (the database, each channel, the model chain): what `/api/health`
/// answers, the dashboard's overview shows and a failing `/health` logs. Never public: the database's error
/// text can name hosts and users.
struct HealthReport: ResponseEncodable, Sendable {
    /// One part and how it is.
    struct Part: Codable, Sendable, Equatable {
        var name: String
        /// In English, as the API answers it.
        var state: String
        var ok: Bool
        /// What `state` says, for the dashboard to write in its own language; nil for a database's own error.
        var condition: Condition? = nil

        private enum CodingKeys: String, CodingKey { case name, state, ok }
    }

    /// A part's state as data.
    enum Condition: Sendable, Equatable {
        case ok
        case notConfigured
        /// A channel's sends could not be read: the database does not answer.
        case sendsUnknown
        /// A channel's sends of the last day.
        case sends(sent: Int, failed: Int)
        /// `LLM_DISABLED`.
        case modelsOff
        /// The model chain, as `openai → gemini`.
        case chain(String)
    }

    /// `ok` when the database answers, else `unavailable`: the same word `/health` answers.
    var status: String
    /// `TagarelaVersion.current`: which build answers.
    var version = TagarelaVersion.current
    var database: Part
    var channels: [Part]
    var model: Part

    /// Every part, in the order the dashboard shows them.
    var parts: [Part] { [database] + channels + [model] }

    /// Checks the database within `timeout`, then reads each channel's sends of the last day (skipped while the
    /// database does not answer, since they are read from it).
    static func gather(
        store: any ConversationStore, configuration: Configuration, now: Date, timeout: Duration = .seconds(3)
    ) async -> HealthReport {
        let problem = await databaseProblem(store, timeout: timeout)
        let sends = problem == nil ? try? await store.sendHealth(since: now.addingTimeInterval(-86_400)) : nil
        let configured: [(String, ChannelKind, Bool)] = [
            ("Twilio", .twilio, configuration.twilio != nil), ("Meta WhatsApp", .meta, configuration.meta != nil),
        ]
        let channels = configured.map { name, channel, isConfigured -> Part in
            guard isConfigured else {
                return Part(name: name, state: "not configured", ok: false, condition: .notConfigured)
            }
            guard let sends else {
                return Part(name: name, state: "sends unknown (database)", ok: false, condition: .sendsUnknown)
            }
            // Healthy while at most one send in ten of the last day failed.
            let health = sends[channel] ?? SendHealth()
            return Part(
                name: name, state: "\(health.sent) sent, \(health.failed) failed (24 h)",
                ok: health.failed * 10 <= health.sent, condition: .sends(sent: health.sent, failed: health.failed))
        }
        let models =
            configuration.models.disabled
            ? "off (LLM_DISABLED)"
            : configuration.models.chain.map(\.rawValue).joined(separator: " → ")
        return HealthReport(
            status: problem == nil ? "ok" : "unavailable",
            database: Part(
                name: "Database", state: problem ?? "ok", ok: problem == nil, condition: problem == nil ? .ok : nil),
            channels: channels,
            model: Part(
                name: "Model", state: models.isEmpty ? "not configured" : models,
                ok: !models.isEmpty && !configuration.models.disabled,
                condition: configuration.models.disabled
                    ? .modelsOff : models.isEmpty ? .notConfigured : .chain(models)))
    }

    /// Why the database cannot serve now, or nil when it answers within the timeout.
    static func databaseProblem(_ store: any ConversationStore, timeout: Duration) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await store.checkHealth()
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "no answer within \(timeout)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
