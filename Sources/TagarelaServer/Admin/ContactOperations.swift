import Foundation
import Hummingbird
import Logging
import TagarelaChannels
import TagarelaCore

/// What an operator does to a contact, from the dashboard or the admin API: the one place these actions live.
struct ContactOperations: Sendable {
    let store: any ConversationStore
    /// Kept files with their bytes, wherever `MEDIA_STORAGE` put them.
    let files: any MediaStore
    let eraser: ContactEraser
    /// Deletes the erased contact's files kept outside the database.
    let fileJanitor: FileJanitor
    let outboxSignal: WorkSignal
    let timeSource: any TimeSource
    let logger: Logger

    /// Hands the contact to a person: the bot stays silent for them until `resume`.
    func pause(_ id: Int64, reason: String?) async throws {
        let reason = reason.flatMap { $0.isEmpty ? nil : $0 } ?? "paused by an operator"
        guard try await store.setHandoff(contactID: id, reason: reason, at: timeSource.now()) else {
            throw OperationError.notFound(id)
        }
    }

    func resume(_ id: Int64) async throws {
        guard try await store.setHandoff(contactID: id, reason: nil, at: timeSource.now()) else {
            throw OperationError.notFound(id)
        }
    }

    func clearMemory(_ id: Int64) async throws {
        guard try await erase({ try await eraser.clearMemory(contactID: id) }) else {
            throw OperationError.notFound(id)
        }
    }

    /// Deletes the contact and everything of theirs; returns how many of their files outside the database (a
    /// bucket that does not answer) are still to delete: the janitor keeps trying, and the erasure is complete
    /// only when this reaches zero.
    @discardableResult
    func delete(_ id: Int64) async throws -> Int {
        guard try await erase({ try await eraser.delete(contactID: id) }) else { throw OperationError.notFound(id) }
        do {
            try await fileJanitor.deleteDue()
        } catch {
            // The records are gone and the files queued durably: the janitor finishes later.
        }
        return try await store.pendingFileDeletions(contactID: id)
    }

    /// Queues `text` from a person to the contact and wakes the outbox; returns the message id. Free text only
    /// inside WhatsApp's 24-hour window (a template goes outside it); nothing to a contact who opted out.
    func send(_ id: Int64, text: String) async throws -> Int64 {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw OperationError.invalid("The message is empty.") }
        return try await queue(OutboundDraft(kind: .operatorMessage, text: text), to: id, allowed: Self.insideWindow)
    }

    /// Free text and photos reach a WhatsApp contact only within 24 hours of their last message.
    static func insideWindow(_ contact: Contact, now: Date) throws {
        if WhatsAppWindow.applies(to: contact.replyChannel),
            !WhatsAppWindow.isOpen(lastInboundAt: contact.lastInboundAt, now: now)
        {
            throw OperationError.conflict(
                "The contact last wrote more than 24 hours ago: WhatsApp only delivers an approved template now.")
        }
    }

    /// Queues an approved template, which WhatsApp delivers whatever the time since the contact last wrote:
    /// Twilio's by Content SID, Meta's by name and language (checked against the contact's channel).
    func sendTemplate(_ id: Int64, _ template: OutboundTemplate) async throws -> Int64 {
        try await queue(OutboundDraft(kind: .template, text: template.storedText), to: id) { contact, _ in
            switch contact.replyChannel {
            case .twilio:
                guard let sid = template.contentSID, sid.hasPrefix("HX"), sid.count == 34 else {
                    throw OperationError.invalid(
                        "A Twilio template is named by its Content SID: {\"contentSid\": \"HX…\", \"contentVariables\": {\"1\": \"…\"}}."
                    )
                }
            case .meta:
                guard template.name?.isEmpty == false, template.language?.isEmpty == false else {
                    throw OperationError.invalid(
                        "A WhatsApp template is named by its name and language: {\"name\": \"…\", \"language\": \"pt_BR\"}."
                    )
                }
            default:
                throw OperationError.invalid("Templates exist only on WhatsApp channels (Twilio or Meta).")
            }
        }
    }

    /// Puts `draft` in the contact's outbox as `queue(to:allowed:drafts:)` does; returns the message id.
    private func queue(
        _ draft: OutboundDraft, to id: Int64, allowed: (Contact, Date) throws -> Void
    ) async throws -> Int64 {
        let ids = try await queue(to: id, allowed: allowed) { _ in [draft] }
        guard let messageID = ids.first else { throw OperationError.notFound(id) }
        return messageID
    }

    /// Puts what `drafts` makes for the contact in their outbox, in order, once `allowed` accepts the contact (a
    /// contact who opted out never is), and wakes the outbox; returns the messages' ids.
    func queue(
        to id: Int64, allowed: (Contact, Date) throws -> Void,
        drafts: (Contact) async throws -> [OutboundDraft]
    ) async throws -> [Int64] {
        guard let contact = try await store.contact(id: id) else { throw OperationError.notFound(id) }
        guard !contact.optedOut else {
            throw OperationError.conflict("This contact opted out: nothing is sent until they write again.")
        }
        let now = timeSource.now()
        try allowed(contact, now)
        var ids: [Int64] = []
        defer { if !ids.isEmpty { outboxSignal.signal() } }
        for draft in try await drafts(contact) {
            guard let messageID = try await store.enqueueOutbound(draft, contactID: id, now: now, unlessSince: nil)
            else { throw OperationError.notFound(id) }
            ids.append(messageID)
        }
        return ids
    }

    /// More catalogue items than a person keeps; the export is meant to be whole.
    static let exportedItems = 100_000

    /// Everything kept about the contact, for a data-protection request.
    func export(_ id: Int64) async throws -> ContactExport {
        guard let contact = try await store.contact(id: id) else { throw OperationError.notFound(id) }
        return ContactExport(
            exportedAt: timeSource.now(),
            contact: ContactView(
                contact, facts: try await store.facts(contactID: id),
                summary: try await store.memorySummary(contactID: id)),
            messages: try await store.messages(contactID: id).map { MessageView($0) },
            turns: try await store.turns(contactID: id).map { TurnView($0) },
            catalogue: try await store.catalogueItems(contactID: id, matchingAny: [], limit: Self.exportedItems).map {
                CatalogueItemView($0)
            },
            toolCalls: try await store.toolJournal(contactID: id).map(ToolJournalView.init),
            heldToolCalls: try await store.heldToolCalls(contactID: id).map(HeldToolCallView.init))
    }

    /// A provider that cannot delete its copy now leaves everything as it was: try again.
    private func erase(_ operation: () async throws -> Bool) async throws -> Bool {
        do {
            return try await operation()
        } catch let error as LLMError {
            throw OperationError.providerFailed(
                "The model provider could not delete its copy of the conversation (\(error)); nothing was changed, "
                    + "try again.")
        }
    }
}

/// Why an operation was refused, with the HTTP status the API answers.
enum OperationError: Error, Equatable, HTTPResponseError {
    case notFound(Int64)
    /// Something of the contact's, or a catalogue item, that is not there.
    case missing(String)
    case invalid(String)
    /// A file over WhatsApp's size for its kind.
    case tooLarge(String)
    /// Not now: outside the 24-hour window, opted out.
    case conflict(String)
    case providerFailed(String)

    var message: String {
        switch self {
        case .notFound(let id): "There is no contact \(id)."
        case .missing(let message), .invalid(let message), .tooLarge(let message), .conflict(let message),
            .providerFailed(let message):
            message
        }
    }

    var status: HTTPResponse.Status {
        switch self {
        case .notFound, .missing: .notFound
        case .invalid: .badRequest
        case .tooLarge: .contentTooLarge
        case .conflict: .conflict
        case .providerFailed: .badGateway
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try HTTPError(status, message: message).response(from: request, context: context)
    }
}
