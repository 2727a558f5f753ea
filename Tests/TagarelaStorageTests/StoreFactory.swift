import Foundation
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import TagarelaSQLite
import Testing

/// Every store the shared suite runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteFile
    case sqliteMemory
    /// A fresh database on the server of `TAGARELA_TEST_POSTGRES_URL`.
    case postgres
    /// `InMemoryConversationStore`: the same rules with no database.
    case memory

    /// Without a PostgreSQL server the postgres cases are left out (the PostgreSQL suite says so), except
    /// under `CI=true`, where they run and fail.
    static var allCases: [StoreKind] {
        PostgresTestDatabase.isEnabled
            ? [.sqliteFile, .sqliteMemory, .postgres, .memory] : [.sqliteFile, .sqliteMemory, .memory]
    }

    var testDescription: String { rawValue }

    func make() throws -> any ConversationStore {
        switch self {
        case .sqliteFile:
            let path = FileManager.default.temporaryDirectory
                .appendingPathComponent("tagarela-store-\(UUID().uuidString).sqlite").path
            return try ConversationSQLiteStore(path: path)
        case .sqliteMemory:
            return try ConversationSQLiteStore(path: ":memory:")
        case .postgres:
            return LazyPostgresStore(server: try PostgresTestDatabase.server())
        case .memory:
            return InMemoryConversationStore()
        }
    }
}

/// Builders of test messages.
enum Fixture {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let twilio: Set<ChannelKind> = [.twilio]

    static func text(_ text: String, from phone: String = "+5511999990001", sid: String = UUID().uuidString)
        -> InboundMessage
    {
        InboundMessage(
            channel: .twilio, providerMessageID: sid, identity: ContactIdentity(phone: phone),
            replyAddress: "whatsapp:\(phone)", profileName: "Ana", content: .text(text))
    }

    static func answered(_ replies: [String]) -> TurnOutcome {
        TurnOutcome(
            replies: replies.map(OutboundDraft.reply),
            record: TurnRecord(
                status: .answered, provider: "test", model: "m", usage: TokenUsage(inputTokens: 10, outputTokens: 5)))
    }
}
