import Foundation

/// Something the people running the bot should know now.
public enum Alert: Sendable, Equatable {
    /// The contact asked for a person (`handoff_to_human`); the bot is silent for them until resumed.
    case handoff(contactID: Int64, name: String?, address: String, reason: String)
    /// The contact's last `count` turns failed: they got the fallback text each time.
    case failingTurns(contactID: Int64, name: String?, address: String, count: Int, note: String?)

    public var contactID: Int64 {
        switch self {
        case .handoff(let id, _, _, _), .failingTurns(let id, _, _, _, _): id
        }
    }
}

/// Where alerts go (e.g. a team chat's webhook). Delivering one never fails or delays a turn.
public protocol AlertSink: Sendable {
    func raise(_ alert: Alert) async
}

/// No alerts anywhere (no `ALERT_WEBHOOK_URL`).
public struct NoAlertSink: AlertSink {
    public init() {}
    public func raise(_ alert: Alert) async {}
}

/// Decides, after each completed turn, whether the team must be told: a handoff, or `failedTurnsThreshold`
/// failed turns in a row for one contact (told once per run of failures, whichever instance ran them).
public struct TurnAlerts: Sendable {
    let store: any AdminQueries
    let sink: any AlertSink
    let failedTurnsThreshold: Int

    public init(store: any AdminQueries, sink: any AlertSink, failedTurnsThreshold: Int) {
        self.store = store
        self.sink = sink
        self.failedTurnsThreshold = max(1, failedTurnsThreshold)
    }

    public func turnCompleted(_ claim: TurnClaim, _ outcome: TurnOutcome) async {
        let contact = claim.contact
        for case .handoff(let reason) in outcome.effects {
            await sink.raise(
                .handoff(
                    contactID: contact.id, name: contact.profileName, address: contact.replyAddress, reason: reason))
        }
        guard outcome.record.status.isFailure,
            let recent = try? await store.turns(contactID: contact.id).filter({
                $0.status != "running" && $0.status != TurnRecord.Status.summaryRaw
            })
            .suffix(failedTurnsThreshold + 1)
        else { return }
        let failures = recent.reversed().prefix { TurnRecord.Status(rawValue: $0.status)?.isFailure == true }.count
        // Exactly at the threshold: once per run of failures, not again at every later one.
        guard failures == failedTurnsThreshold else { return }
        await sink.raise(
            .failingTurns(
                contactID: contact.id, name: contact.profileName, address: contact.replyAddress, count: failures,
                note: outcome.record.note))
    }
}
