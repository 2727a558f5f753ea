import Foundation
import Hummingbird
import TagarelaCore

/// The memory endpoints of the scripts Tagarela replaces, under the admin token, so their callers keep
/// working: `POST /clear-memory` (everyone), `POST /clear-user-memory/<id>` and `GET /memory-status/<id>`,
/// where `<id>` is a contact id or a phone number (`+5511…`, `5511…` or `whatsapp:+5511…`).
struct LegacyMemoryRoutes {
    let operations: ContactOperations
    let auth: AdminAuth
    /// `MEMORY_MAX_MESSAGES`: how much of the history the model sees.
    let memoryMessages: Int
    var store: any ConversationStore { operations.store }

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/clear-memory") { request, _ in
            try auth.check(request)
            var cleared = 0
            while true {
                // Pages by offset over a list that does not shrink: clearing keeps every contact.
                let page = try await store.contacts(ContactListQuery(limit: 200, offset: cleared))
                for summary in page { try await operations.clearMemory(summary.contact.id) }
                cleared += page.count
                if page.count < 200 { break }
            }
            return ClearedAll(cleared: cleared)
        }
        router.post("/clear-user-memory/:id") { request, context in
            try auth.check(request)
            let id = try await contactID(context)
            try await operations.clearMemory(id)
            return try await status(id)
        }
        router.get("/memory-status/:id") { request, context in
            try auth.check(request)
            return try await status(try await contactID(context))
        }
    }

    /// A contact id, or the contact a phone number names.
    func contactID(_ context: some RequestContext) async throws -> Int64 {
        let raw = context.parameters.get("id")?.removingPercentEncoding ?? ""
        let digits = raw.filter(\.isNumber)
        // Contact ids are small counters; a phone number has at least eight digits.
        if raw.count < 8, raw.allSatisfy(\.isASCII), raw.allSatisfy(\.isNumber) {
            return try RequestNumber.parse(raw, name: "The contact id", range: RequestNumber.ids)
        }
        guard digits.count >= 8 else {
            throw HTTPError(.badRequest, message: "Name the contact by its id or its phone number.")
        }
        guard let contact = try await store.contact(identityKey: ContactIdentity.phoneKey("+" + digits)) else {
            throw HTTPError(.notFound, message: "No contact has the number \(Redact.address("+" + digits)).")
        }
        return contact.id
    }

    func status(_ id: Int64) async throws -> MemoryStatus {
        guard let contact = try await store.contact(id: id) else { throw OperationError.notFound(id) }
        let history = try await store.history(contactID: id, upTo: .max, limit: memoryMessages)
        return MemoryStatus(
            contactID: id, phone: contact.phone, messagesInMemory: history.count,
            facts: try await store.facts(contactID: id).map(\.text), paused: contact.handoffAt != nil)
    }

    struct ClearedAll: ResponseEncodable { var cleared: Int }

    /// What the model currently remembers of a contact.
    struct MemoryStatus: ResponseEncodable {
        var contactID: Int64
        var phone: String?
        /// The messages of the conversation the model sees (at most `MEMORY_MAX_MESSAGES`).
        var messagesInMemory: Int
        var facts: [String]
        var paused: Bool
    }
}
