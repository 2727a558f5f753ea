import Foundation
import Hummingbird
import TagarelaCore

/// The admin API for contacts, behind the admin token: the list, one contact, their messages and turns, an
/// export, a message or photos from a person, human takeover (`pause` hands the contact to a person, `resume` gives them
/// back to the bot), clearing their memory and deleting them (at the providers that keep a copy too).
struct ContactsController {
    let operations: ContactOperations
    let auth: AdminAuth
    var store: any ConversationStore { operations.store }

    func addRoutes(to router: Router<some RequestContext>) {
        addReads(to: router)
        addControls(to: router)
    }

    func addReads(to router: Router<some RequestContext>) {
        router.get("/api/contacts") { request, _ in
            try auth.check(request)
            let query = ContactListQuery(
                search: request.uri.queryParameters.get("q"),
                waitingForHuman: request.uri.queryParameters.get("waiting") == "true",
                limit: try RequestNumber.query("limit", in: request, range: Self.limits, default: 50),
                offset: try RequestNumber.query("offset", in: request, range: Self.offsets, default: 0))
            let page = try await store.contacts(query)
            return ContactListResponse(
                contacts: page.map(ContactListItem.init), limit: query.limit, offset: query.offset,
                nextOffset: page.count == query.limit ? query.offset + query.limit : nil)
        }
        router.get("/api/contacts/:id") { request, context in
            try auth.check(request)
            return try await view(try Self.contactID(context))
        }
        router.get("/api/contacts/:id/messages") { request, context in
            try auth.check(request)
            let export = try await operations.export(try Self.contactID(context))
            return ConversationResponse(contact: export.contact, messages: export.messages, turns: export.turns)
        }
        router.get("/api/contacts/:id/export") { request, context in
            try auth.check(request)
            return try await operations.export(try Self.contactID(context)).download(from: request, context: context)
        }
    }

    func addControls(to router: Router<some RequestContext>) {
        router.post("/api/contacts/:id/messages") { request, context in
            try auth.check(request)
            let id = try Self.contactID(context)
            let body = try await Self.json(OperatorMessage.self, from: request, example: #"{"text": "…"}"#)
            let messageID = try await operations.send(id, text: body.text)
            return EditedResponse(status: .accepted, response: QueuedMessage(id: messageID, status: "pending"))
        }
        router.post("/api/contacts/:id/media") { request, context in
            try auth.check(request)
            let id = try Self.contactID(context)
            let (photos, _) = try await OperatorPhotos.read(request)
            let ids = try await operations.sendPhotos(id, photos)
            return EditedResponse(status: .accepted, response: QueuedPhotos(ids: ids, status: "pending"))
        }
        router.post("/api/contacts/:id/template") { request, context in
            try auth.check(request)
            let id = try Self.contactID(context)
            let body = try await Self.json(
                TemplateRequest.self, from: request,
                example:
                    #"{"contentSid": "HX…", "contentVariables": {"1": "Ana"}} or {"name": "…", "language": "pt_BR"}"#)
            let messageID = try await operations.sendTemplate(id, body.template)
            return EditedResponse(status: .accepted, response: QueuedMessage(id: messageID, status: "pending"))
        }
        router.post("/api/contacts/:id/pause") { request, context in
            try auth.check(request)
            let id = try Self.contactID(context)
            let body = try await request.body.collect(upTo: 16 * 1024)
            let reason =
                body.readableBytes == 0
                ? nil : try await Self.json(Pause.self, from: body, example: #"{"reason": "…"}"#).reason
            try await operations.pause(id, reason: reason)
            return try await view(id)
        }
        router.post("/api/contacts/:id/resume") { request, context in
            try auth.check(request)
            let id = try Self.contactID(context)
            try await operations.resume(id)
            return try await view(id)
        }
        router.post("/api/contacts/:id/clear-memory") { request, context in
            try auth.check(request)
            let id = try Self.contactID(context)
            try await operations.clearMemory(id)
            return try await view(id)
        }
        router.delete("/api/contacts/:id") { request, context in
            try auth.check(request)
            let pending = try await operations.delete(try Self.contactID(context))
            guard pending == 0 else {
                // Deleted from the database; its files in the bucket are deleted as soon as it answers.
                var response = try ErasurePending(pendingFiles: pending).response(from: request, context: context)
                response.status = .accepted
                return response
            }
            return Response(status: .noContent)
        }
    }

    func view(_ id: Int64) async throws -> ContactView {
        guard let contact = try await store.contact(id: id) else { throw OperationError.notFound(id) }
        return ContactView(
            contact, facts: try await store.facts(contactID: id), summary: try await store.memorySummary(contactID: id))
    }

    /// A page of the contact list holds 1 to 1,000 contacts.
    static let limits = 1...1000
    /// Offsets stop where adding a page could overflow: `nextOffset` is `offset + limit`.
    static let offsets = 0...(Int.max - limits.upperBound)

    static func contactID(_ context: some RequestContext) throws -> Int64 {
        try RequestNumber.path("id", in: context, range: RequestNumber.ids, label: "The contact id")
    }

    static func json<Body: Decodable>(_ type: Body.Type, from request: Request, example: String) async throws -> Body {
        try json(type, from: try await request.body.collect(upTo: 64 * 1024), example: example)
    }

    static func json<Body: Decodable>(_ type: Body.Type, from buffer: ByteBuffer, example: String) throws -> Body {
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch {
            throw HTTPError(.badRequest, message: "The body must be JSON like \(example).")
        }
    }

    struct Pause: Decodable { var reason: String? }

    /// Twilio's `contentSid` and `contentVariables`, or Meta's `name`, `language` and `components`.
    struct TemplateRequest: Decodable {
        var contentSid: String?
        var contentVariables: [String: String]?
        var name: String?
        var language: String?
        var components: JSONValue?

        var template: OutboundTemplate {
            OutboundTemplate(
                contentSID: contentSid, contentVariables: contentVariables, name: name, language: language,
                components: components)
        }
    }
    struct OperatorMessage: Decodable { var text: String }
    struct QueuedMessage: ResponseEncodable {
        var id: Int64
        var status: String
    }
    /// One message a photo, in the order they leave.
    struct QueuedPhotos: ResponseEncodable {
        var ids: [Int64]
        var status: String
    }
}

/// A contact deleted from the database whose files in the bucket could not all be deleted yet (202).
struct ErasurePending: ResponseEncodable {
    var pendingFiles: Int
    var message =
        "The contact is deleted from the database; their files in the storage are deleted as soon as it answers."
}
