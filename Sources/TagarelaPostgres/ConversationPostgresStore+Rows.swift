import Foundation
import PostgresNIO
import TagarelaCore

extension ConversationPostgresStore {
    static func contact(from row: PostgresRow) throws -> Contact {
        let row = row.makeRandomAccess()
        return Contact(
            id: try row["id"].decode(Int64.self),
            phone: try row["phone"].decode(String?.self),
            userID: try row["user_id"].decode(String?.self),
            localID: try row["local_id"].decode(String?.self),
            profileName: try row["profile_name"].decode(String?.self),
            replyChannel: ChannelKind(rawValue: try row["reply_channel"].decode(String.self)),
            replyAddress: try row["reply_address"].decode(String.self),
            firstSeenAt: Date(unixSeconds: try row["first_seen_at"].decode(Double.self)),
            lastSeenAt: Date(unixSeconds: try row["last_seen_at"].decode(Double.self)),
            inboundCount: try row["inbound_count"].decode(Int.self),
            outboundCount: try row["outbound_count"].decode(Int.self),
            optedOut: try row["opted_out"].decode(Bool.self),
            rateLimitNoticeUntil: try row["rate_notice_until"].decode(Double?.self).map(Date.init(unixSeconds:)),
            lastInboundAt: try row["last_inbound_at"].decode(Double?.self).map(Date.init(unixSeconds:)),
            budgetNoticeUntil: try row["budget_notice_until"].decode(Double?.self).map(Date.init(unixSeconds:)),
            handoffAt: try row["handoff_at"].decode(Double?.self).map(Date.init(unixSeconds:)),
            handoffReason: try row["handoff_reason"].decode(String?.self),
            replyMode: try row["reply_mode"].decode(String?.self).flatMap(ReplyMode.init(rawValue:)),
            businessAddress: try row["business_address"].decode(String?.self)
        )
    }

    static func message(from row: PostgresRow) throws -> StoredMessage {
        let row = row.makeRandomAccess()
        return StoredMessage(
            id: try row["id"].decode(Int64.self),
            contactID: try row["contact_id"].decode(Int64.self),
            direction: MessageDirection(rawValue: try row["direction"].decode(String.self)) ?? .inbound,
            channel: ChannelKind(rawValue: try row["channel"].decode(String.self)),
            providerMessageID: try row["provider_message_id"].decode(String?.self),
            kind: MessageKind(rawValue: try row["kind"].decode(String.self)),
            text: try row["text"].decode(String?.self),
            createdAt: Date(unixSeconds: try row["created_at"].decode(Double.self)),
            status: MessageStatus(rawValue: try row["status"].decode(String.self)) ?? .unknown,
            errorCode: try row["error_code"].decode(String?.self),
            turnID: try row["turn_id"].decode(Int64?.self),
            media: MediaAttachment(storedJSON: try row["media"].decode(String?.self)),
            errorDetail: try row["error_detail"].decode(String?.self)
        )
    }

    /// Channel names as a bound `text[]`, for `channel = ANY(...)`.
    static func names(_ channels: Set<ChannelKind>) -> [String] {
        channels.map(\.rawValue).sorted()
    }
}

extension Date {
    /// The `DOUBLE PRECISION` column form of a date.
    var unixSeconds: Double { timeIntervalSince1970 }

    init(unixSeconds: Double) {
        self.init(timeIntervalSince1970: unixSeconds)
    }
}
