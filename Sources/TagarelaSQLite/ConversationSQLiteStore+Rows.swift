import Foundation
import GRDB
import TagarelaCore

extension ConversationSQLiteStore {
    static func fetchContact(_ db: Database, id: Int64) throws -> Contact? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM contacts WHERE id = ?"), arguments: [id])
            .map(contact(from:))
    }

    static func contact(from row: Row) -> Contact {
        Contact(
            id: row["id"],
            phone: row["phone"],
            userID: row["user_id"],
            localID: row["local_id"],
            profileName: row["profile_name"],
            replyChannel: ChannelKind(rawValue: row["reply_channel"]),
            replyAddress: row["reply_address"],
            firstSeenAt: Date(sqlSeconds: row["first_seen_at"]),
            lastSeenAt: Date(sqlSeconds: row["last_seen_at"]),
            inboundCount: row["inbound_count"],
            outboundCount: row["outbound_count"],
            optedOut: row["opted_out"],
            rateLimitNoticeUntil: (row["rate_notice_until"] as Double?).map(Date.init(sqlSeconds:)),
            lastInboundAt: (row["last_inbound_at"] as Double?).map(Date.init(sqlSeconds:)),
            budgetNoticeUntil: (row["budget_notice_until"] as Double?).map(Date.init(sqlSeconds:)),
            handoffAt: (row["handoff_at"] as Double?).map(Date.init(sqlSeconds:)),
            handoffReason: row["handoff_reason"],
            replyMode: (row["reply_mode"] as String?).flatMap(ReplyMode.init(rawValue:)),
            businessAddress: row["business_address"]
        )
    }

    static func message(from row: Row) -> StoredMessage {
        StoredMessage(
            id: row["id"],
            contactID: row["contact_id"],
            direction: MessageDirection(rawValue: row["direction"]) ?? .inbound,
            channel: ChannelKind(rawValue: row["channel"]),
            providerMessageID: row["provider_message_id"],
            kind: MessageKind(rawValue: row["kind"]),
            text: row["text"],
            createdAt: Date(sqlSeconds: row["created_at"]),
            status: MessageStatus(rawValue: row["status"]) ?? .unknown,
            errorCode: row["error_code"],
            turnID: row["turn_id"],
            media: MediaAttachment(storedJSON: row["media"]),
            errorDetail: row["error_detail"]
        )
    }
}
