import Foundation
import TagarelaCore

/// How many of the last week's turns that asked a model were answered within `REPLY_DEADLINE_SECONDS`: the
/// dashboard's overview and `/stats` show the same figure. A turn past the deadline is recorded as timed out, so
/// every answered turn met it; a failed or timed-out one did not answer.
struct ReplyDeadlineShare: Codable, Equatable {
    /// The deadline, in seconds.
    var seconds: Int
    /// The days counted back from now.
    var days: Int
    /// Turns that asked a model (answered, failed or timed out) in those days.
    var turns: Int
    /// Of those, the ones the model answered.
    var answered: Int
    /// `answered / turns`; nil when there was no turn.
    var share: Double?

    /// The figure for the week before `now`; nil while the deadline is off.
    static func measure(store: any AdminQueries, timing: ReplyTiming, now: Date) async throws -> ReplyDeadlineShare? {
        guard let deadline = timing.deadline else { return nil }
        let days = 7
        let activity = try await store.activity(since: now.addingTimeInterval(-Double(days) * 86_400), utcOffset: 0)
        let turns = activity.reduce(0) { $0 + $1.turns }
        let answered = turns - activity.reduce(0) { $0 + $1.failedTurns }
        return ReplyDeadlineShare(
            seconds: Int(deadline.timeInterval), days: days, turns: turns, answered: answered,
            share: turns == 0 ? nil : Double(answered) / Double(turns))
    }

    /// "97%", or "—" without turns.
    var percent: String {
        share.map { String(format: "%.0f%%", $0 * 100) } ?? "—"
    }
}
