import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    public func recordSend(_ claim: OutboundClaim, result: SendRecord, now: Date) async throws {
        let id = claim.envelope.messageID
        if case .sent(let providerMessageID) = result {
            // The provider has it: that is recorded whoever holds the lease now, so it is never sent twice.
            try await read(
                """
                UPDATE messages SET status = 'sent', provider_message_id = \(providerMessageID),
                    status_at = \(now.unixSeconds), send_owner = NULL, send_lease_until = NULL
                WHERE id = \(id) AND status IN ('sending', 'pending', 'unknown')
                """)
            return
        }
        try await transaction { connection in
            // Every other outcome is written only while the lease holds: the update is its own fencing check.
            let fenced: PostgresQuery
            switch result {
            case .sent:
                return
            case .failed(let code, let reason, _):
                fenced = """
                    UPDATE messages SET status = 'failed', error_code = \(code ?? String(reason.prefix(64))),
                        error_detail = \(reason), status_at = \(now.unixSeconds), send_owner = NULL, send_lease_until = NULL
                    WHERE id = \(id) AND status = 'sending' AND send_owner = \(claim.lease.owner)
                      AND send_token = \(claim.lease.token)
                    RETURNING id
                    """
            case .retry(let at, let reason):
                fenced = """
                    UPDATE messages SET status = 'pending', next_attempt_at = \(at.unixSeconds), error_detail = \(reason),
                        send_owner = NULL,
                        send_lease_until = NULL, send_started_at = NULL
                    WHERE id = \(id) AND status = 'sending' AND send_owner = \(claim.lease.owner)
                      AND send_token = \(claim.lease.token)
                    RETURNING id
                    """
            case .recheck(let at, _):
                // Still in flight, unowned: when this lease runs out the recovery path asks the provider.
                fenced = """
                    UPDATE messages SET send_owner = NULL, send_lease_until = \(at.unixSeconds)
                    WHERE id = \(id) AND status = 'sending' AND send_owner = \(claim.lease.owner)
                      AND send_token = \(claim.lease.token)
                    RETURNING id
                    """
            case .unknown(let reason):
                fenced = """
                    UPDATE messages SET status = 'unknown', error_detail = \(reason), status_at = \(now.unixSeconds), send_owner = NULL,
                        send_lease_until = NULL
                    WHERE id = \(id) AND status = 'sending' AND send_owner = \(claim.lease.owner)
                      AND send_token = \(claim.lease.token)
                    RETURNING id
                    """
            }
            guard try await connection.all(fenced, logger).count == 1 else { throw StorageError.leaseLost }
            if case .failed(_, _, optedOut: true) = result {
                try await optOut(connection, contactID: claim.envelope.contactID)
            }
        }
    }

    public func recordDeliveryStatus(
        channel: ChannelKind, providerMessageID: String, status: MessageStatus, errorCode: String?,
        errorDetail: String?, optedOut: Bool, at: Date
    ) async throws -> Bool {
        try await transaction { connection in
            // Locked, so two callbacks for one message compare against each other's result, not a stale one.
            let found = try await connection.all(
                """
                SELECT id, contact_id, status FROM messages
                WHERE channel = \(channel.rawValue) AND provider_message_id = \(providerMessageID) AND direction = 'out'
                FOR UPDATE
                """, logger
            ).first?.decode((Int64, Int64, String).self)
            guard let found else { return false }
            let (id, contactID, stored) = found
            let current = MessageStatus(rawValue: stored) ?? .unknown
            // Callbacks come late, twice, or out of order: a status only ever moves forward.
            if status.progressRank > current.progressRank {
                try await connection.all(
                    """
                    UPDATE messages SET status = \(status.rawValue), error_code = COALESCE(\(errorCode), error_code),
                        error_detail = COALESCE(\(errorDetail), error_detail), status_at = \(at.unixSeconds)
                    WHERE id = \(id)
                    """, logger)
            }
            if optedOut {
                try await self.optOut(connection, contactID: contactID)
            }
            return true
        }
    }

    /// Opts the contact out and cancels what has not left yet.
    private func optOut(_ connection: PostgresConnection, contactID: Int64) async throws {
        try await connection.all("UPDATE contacts SET opted_out = TRUE WHERE id = \(contactID)", logger)
        try await cancelUnsent(connection, contactID: contactID)
    }
}
