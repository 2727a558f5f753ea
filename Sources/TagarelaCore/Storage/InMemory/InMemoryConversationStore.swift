import Foundation

/// Every storage role kept in the process's memory: the store of fast Core tests, with no database. It follows
/// `ConversationSQLiteStore` rule for rule (the shared storage suite runs on both), so its answers equal
/// SQLite's for the same calls; nothing survives the process.
public actor InMemoryConversationStore: ConversationStore, LeaseOwnerStore {
    /// A contact as stored, with the queue's bookkeeping beside the record the roles hand out.
    struct ContactRow {
        var contact: Contact
        /// When the contact's current burst of messages began, and its last message: the debounce reads them.
        var pendingSince: Date?
        var pendingLast: Date?
        var turnDueAt: Date?
        var leaseOwner: String?
        var leaseToken: Int64 = 0
        var leaseUntil: Date?
        /// Messages up to this id are kept but forgotten (memory cleared).
        var memoryFrom: Int64 = 0
    }

    /// A message as stored, with the outbox's bookkeeping beside it.
    struct MessageRow {
        var message: StoredMessage
        var replyAddress: String?
        var sentAt: Date?
        var statusAt: Date?
        var attempts = 0
        var nextAttemptAt: Date?
        var sendOwner: String?
        var sendToken: Int64 = 0
        var sendLeaseUntil: Date?
        var sendStartedAt: Date?

        var id: Int64 { message.id }
        var contactID: Int64 { message.contactID }
        var status: MessageStatus { message.status }
        var isUnsent: Bool { message.status == .pending || message.status == .sending }
    }

    /// A turn as recorded: what the admin queries show of it (`status` is `running`, `abandoned`, or a
    /// `TurnRecord.Status`), with the lease and the costs beside it.
    @dynamicMemberLookup
    struct TurnRow {
        var summary: TurnSummary
        var contactID: Int64
        var owner: String
        var leaseToken: Int64
        var finishedAt: Date?
        var costUSD: Double?
        var audioCostUSD: Double?

        subscript<Value>(dynamicMember path: WritableKeyPath<TurnSummary, Value>) -> Value {
            get { summary[keyPath: path] }
            set { summary[keyPath: path] = newValue }
        }
    }

    struct FactRow {
        var id: Int64
        var contactID: Int64
        var fact: ContactFact
    }

    struct ProviderConversationKey: Hashable {
        var contactID: Int64
        var provider: String
    }

    struct CatalogueItemRow {
        var id: Int64
        var contactID: Int64
        var description: String
        var searchText: String
        var createdAt: Date
        var updatedAt: Date
    }

    struct FileDeletionRow {
        var deletion: FileDeletion
        var nextAttemptAt: Date
    }

    /// A contact's running summary with its fold's queue bookkeeping.
    struct MemorySummaryRow {
        var summary: MemorySummary
        var dueAt: Date?
        var attempts = 0
        var leaseOwner: String?
        var leaseToken: Int64 = 0
        var leaseUntil: Date?
    }

    struct MediaUsageKey: Hashable {
        var contactID: Int64
        var day: Date
    }

    // Rows by id; ids grow per table and are never reused, like SQLite's AUTOINCREMENT.
    var contacts: [Int64: ContactRow] = [:]
    var identities: [String: Int64] = [:]
    /// In id order (ids only grow, so appending keeps it).
    var messages: [MessageRow] = []
    var turns: [TurnRow] = []
    var facts: [FactRow] = []
    var memorySummaries: [Int64: MemorySummaryRow] = [:]
    var providerConversations: [ProviderConversationKey: ProviderConversation] = [:]
    var media: [String: StoredMedia] = [:]
    var mediaUsage: [MediaUsageKey: (count: Int, bytes: Int)] = [:]
    var catalogueItems: [Int64: CatalogueItemRow] = [:]
    /// In id order.
    var fileDeletions: [FileDeletionRow] = []
    /// In id order.
    var cataloguePhotos: [CataloguePhoto] = []
    var knowledgeDocuments: [Int64: KnowledgeDocument] = [:]
    /// In id order.
    var knowledgeChunks: [KnowledgeChunk] = []
    /// In the order the calls started.
    var journalRows: [ToolJournalEntry] = []
    /// In the order the calls were held.
    var heldCallRows: [HeldToolCall] = []
    var adminSecret: [UInt8]?
    /// `WebhookOriginStore`: the origin of the last signed webhook.
    var webhookOriginValue: String?
    var adminSessions: [String: Date] = [:]
    var lastContactID: Int64 = 0
    var lastMessageID: Int64 = 0
    var lastTurnID: Int64 = 0
    var lastFactID: Int64 = 0
    var lastCatalogueItemID: Int64 = 0
    var lastCataloguePhotoID: Int64 = 0
    var lastFileDeletionID: Int64 = 0
    var lastKnowledgeDocumentID: Int64 = 0
    var lastKnowledgeChunkID: Int64 = 0

    public init() {}

    public func checkHealth() async throws {}

    /// No database: nothing to count.
    public nonisolated var roundTrips: Int { 0 }

    func nextID(_ last: inout Int64) -> Int64 {
        last += 1
        return last
    }

    func messageIndex(id: Int64) -> Int? {
        // Ids only grow, so the array is sorted by id.
        var low = 0
        var high = messages.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if messages[middle].id == id { return middle }
            if messages[middle].id < id { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    func turnIndex(id: Int64) -> Int? {
        turns.firstIndex { $0.id == id }
    }

    /// Cancels a contact's messages that have not left yet (the contact opted out).
    func cancelUnsent(contactID: Int64) {
        for index in messages.indices where messages[index].contactID == contactID && messages[index].status == .pending
        {
            messages[index].message.status = .cancelled
            messages[index].sendOwner = nil
        }
    }

    /// Deletes a contact and everything that refers to it, as SQLite's `ON DELETE CASCADE` does.
    func removeContact(_ id: Int64) {
        contacts[id] = nil
        identities = identities.filter { $0.value != id }
        messages.removeAll { $0.contactID == id }
        turns.removeAll { $0.contactID == id }
        facts.removeAll { $0.contactID == id }
        memorySummaries[id] = nil
        providerConversations = providerConversations.filter { $0.key.contactID != id }
        removeMedia { $0.contactID == id }
        mediaUsage = mediaUsage.filter { $0.key.contactID != id }
        catalogueItems = catalogueItems.filter { $0.value.contactID != id }
        cataloguePhotos.removeAll { $0.contactID == id }
        journalRows.removeAll { $0.contactID == id }
        heldCallRows.removeAll { $0.contactID == id }
    }
}

extension Date {
    /// The date as a SQL store gives it back (Unix seconds as a `Double`), so values read equal SQLite's.
    var asStored: Date { Date(timeIntervalSince1970: timeIntervalSince1970) }

    /// `self` plus a duration, computed in Unix seconds as the SQL stores compute it.
    func adding(_ duration: Duration) -> Date {
        Date(timeIntervalSince1970: timeIntervalSince1970 + duration.timeInterval)
    }
}

extension MediaAttachment {
    /// The attachment as a SQL store gives it back (through its stored JSON).
    var asStored: MediaAttachment? { MediaAttachment(storedJSON: storedJSON) }
}
