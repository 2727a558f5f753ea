import Foundation

extension InMemoryConversationStore {
    public func stats() async throws -> StoreStats {
        var stats = StoreStats()
        stats.contacts = contacts.count
        for row in messages {
            let message = row.message
            if message.direction == .inbound { stats.messagesIn += 1 }
            if message.direction == .outbound, message.status != .cancelled { stats.messagesOut += 1 }
            if message.direction == .outbound, message.status == .failed || message.status == .undelivered {
                stats.sendFailures += 1
                if let code = message.errorCode { stats.sendFailuresByCode[code, default: 0] += 1 }
            }
            if message.status == .unknown { stats.sendsUnknown += 1 }
            if row.isUnsent { stats.pendingOutbound += 1 }
        }
        for turn in turns {
            if turn.status != "running", turn.status != "abandoned" {
                // A summary's model call counts in tokens and cost, not as a turn.
                if turn.status != TurnRecord.Status.summaryRaw { stats.turns += 1 }
                if turn.status == TurnRecord.Status.answered.rawValue { stats.turnsAnswered += 1 }
                if TurnRecord.Status(rawValue: turn.status)?.isFailure == true { stats.turnsFailed += 1 }
                stats.inputTokens += turn.inputTokens
                stats.outputTokens += turn.outputTokens
                stats.costUSD += (turn.costUSD ?? 0) + (turn.audioCostUSD ?? 0)
                stats.audioCostUSD += turn.audioCostUSD ?? 0
            }
            if let model = turn.model {
                stats.tokensByModel[model, default: .zero].inputTokens += turn.inputTokens
                stats.tokensByModel[model, default: .zero].outputTokens += turn.outputTokens
            }
            if turn.status == TurnRecord.Status.answered.rawValue, let provider = turn.provider {
                stats.turnsByProvider[provider, default: 0] += 1
            }
        }
        stats.pendingTurns = contacts.values.count(where: { $0.turnDueAt != nil || $0.leaseOwner != nil })
        return stats
    }
}
