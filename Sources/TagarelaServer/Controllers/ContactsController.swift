import Foundation
import Hummingbird
import TagarelaCore

/// The admin API for one contact, behind the admin token: what is known about them, human takeover
/// (`pause` hands the contact to a person, `resume` gives them back to the bot), clearing their memory and
/// deleting them (at the providers that keep their conversations too).
struct ContactsController {
    let store: any ConversationStore
    let eraser: ContactEraser
    let adminToken: String?
    let timeSource: any TimeSource

    func addRoutes(to router: Router<some RequestContext>) {
        addErasure(to: router)
        router.get("/api/contacts/:id") { request, context in
            try AdminAuth(token: adminToken).check(request)
            return try await view(try contactID(context))
        }
        router.post("/api/contacts/:id/pause") { request, context in
            try AdminAuth(token: adminToken).check(request)
            let id = try contactID(context)
            let body = try await request.body.collect(upTo: 16 * 1024)
            let reason = try Self.reason(in: Data(body.readableBytesView)) ?? "paused by an operator"
            guard try await store.setHandoff(contactID: id, reason: reason, at: timeSource.now()) else {
                throw Self.notFound(id)
            }
            return try await view(id)
        }
        router.post("/api/contacts/:id/resume") { request, context in
            try AdminAuth(token: adminToken).check(request)
            let id = try contactID(context)
            guard try await store.setHandoff(contactID: id, reason: nil, at: timeSource.now()) else {
                throw Self.notFound(id)
            }
            return try await view(id)
        }
    }

    func addErasure(to router: Router<some RequestContext>) {
        router.post("/api/contacts/:id/clear-memory") { request, context in
            try AdminAuth(token: adminToken).check(request)
            let id = try contactID(context)
            guard try await erase({ try await eraser.clearMemory(contactID: id) }) else { throw Self.notFound(id) }
            return try await view(id)
        }
        router.delete("/api/contacts/:id") { request, context in
            try AdminAuth(token: adminToken).check(request)
            let id = try contactID(context)
            guard try await erase({ try await eraser.delete(contactID: id) }) else { throw Self.notFound(id) }
            return Response(status: .noContent)
        }
    }

    /// A provider that cannot delete its copy now leaves everything as it was: 502, try again.
    private func erase(_ operation: () async throws -> Bool) async throws -> Bool {
        do {
            return try await operation()
        } catch let error as LLMError {
            throw HTTPError(
                .badGateway,
                message: "The model provider could not delete its copy of the conversation (\(error)); nothing was "
                    + "changed, try again.")
        }
    }

    private func contactID(_ context: some RequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else {
            throw HTTPError(.badRequest, message: "The contact id must be a number.")
        }
        return id
    }

    private func view(_ id: Int64) async throws -> ContactView {
        guard let contact = try await store.contact(id: id) else { throw Self.notFound(id) }
        return ContactView(contact, facts: try await store.facts(contactID: id))
    }

    static func notFound(_ id: Int64) -> HTTPError {
        HTTPError(.notFound, message: "There is no contact \(id).")
    }

    /// `{"reason": "…"}`, optional; an empty body is no reason.
    static func reason(in body: Data) throws -> String? {
        guard !body.isEmpty else { return nil }
        struct Pause: Decodable { var reason: String? }
        do {
            return try JSONDecoder().decode(Pause.self, from: body).reason.flatMap { $0.isEmpty ? nil : $0 }
        } catch {
            throw HTTPError(.badRequest, message: "The body must be JSON like {\"reason\": \"…\"}.")
        }
    }
}

/// A contact as the admin API shows it.
struct ContactView: ResponseEncodable {
    struct Handoff: Codable {
        var since: Date
        var reason: String?
    }

    struct Fact: Codable {
        var id: Int64
        var text: String
        var createdAt: Date
    }

    var id: Int64
    var phone: String?
    var userID: String?
    var profileName: String?
    var channel: String
    var optedOut: Bool
    var firstSeenAt: Date
    var lastSeenAt: Date
    var messagesIn: Int
    var messagesOut: Int
    /// Set while the contact waits for (or talks with) a person: the bot is silent for them.
    var handoff: Handoff?
    /// What the model remembered about the contact.
    var facts: [Fact]

    init(_ contact: Contact, facts: [ContactFact]) {
        id = contact.id
        phone = contact.phone
        userID = contact.userID
        profileName = contact.profileName
        channel = contact.replyChannel.rawValue
        optedOut = contact.optedOut
        firstSeenAt = contact.firstSeenAt
        lastSeenAt = contact.lastSeenAt
        messagesIn = contact.inboundCount
        messagesOut = contact.outboundCount
        handoff = contact.handoffAt.map { Handoff(since: $0, reason: contact.handoffReason) }
        self.facts = facts.map { Fact(id: $0.id, text: $0.text, createdAt: $0.createdAt) }
    }
}
