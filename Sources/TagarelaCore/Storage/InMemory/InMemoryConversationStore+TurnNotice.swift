import Foundation

/// A notice sent while a turn runs, once across attempts at the same messages.
extension InMemoryConversationStore {
    public func queueTurnNotice(_ text: String, claim: TurnClaim, now: Date) async throws -> Bool {
        let contactID = claim.contact.id
        guard let holder = contacts[contactID], holder.holds(claim.lease) else { throw StorageError.leaseLost }
        let attempts = Set(attemptTurnIDs(contactID: contactID, turnID: claim.turnID))
        let said = messages.contains {
            $0.contactID == contactID && $0.message.direction == .outbound
                && $0.message.turnID.map(attempts.contains) == true
        }
        guard !said else { return false }
        let now = now.asStored
        let id = nextID(&lastMessageID)
        messages.append(
            MessageRow(
                message: StoredMessage(
                    id: id, contactID: contactID, direction: .outbound, channel: holder.contact.replyChannel,
                    providerMessageID: nil, kind: MessageKind(rawValue: OutboundKind.notice.rawValue), text: text,
                    createdAt: now, status: .pending, errorCode: nil, turnID: claim.turnID),
                replyAddress: holder.contact.replyAddress, nextAttemptAt: now))
        contacts[contactID]?.contact.outboundCount += 1
        return true
    }

    /// This turn and the attempts before it at the same messages: the contact's turns after its last finished one.
    private func attemptTurnIDs(contactID: Int64, turnID: Int64) -> [Int64] {
        let unfinished: Set<String> = ["running", "abandoned", TurnRecord.Status.summaryRaw]
        let mine = turns.filter { $0.contactID == contactID && $0.id <= turnID }
        let lastFinished = mine.filter { !unfinished.contains($0.status) }.map(\.id).max() ?? 0
        return mine.filter { $0.id > lastFinished }.map(\.id)
    }
}
