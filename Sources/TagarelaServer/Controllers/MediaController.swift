import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TagarelaCore

/// `GET /media/<id>` (and `<id>.ogg`, the voice notes' older form): the files Tagarela sends (voice notes it made,
/// photos from a catalogue), public because Twilio fetches them, found only by their unguessable id, and gone
/// (404) once their link expired; `HEAD` answers the same headers, as fetchers check first. `GET /api/media/<id>`: any kept file, a contact's own
/// voice notes included, behind the admin token.
struct MediaController {
    let store: any MediaStore
    let adminToken: String?
    let timeSource: any TimeSource

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/media/:name") { _, context -> Response in
            response(try await published(context.parameters.get("name") ?? ""))
        }
        router.head("/media/:name") { _, context -> Response in
            var headers = response(try await published(context.parameters.get("name") ?? ""))
            headers.body = .init()
            return headers
        }
        router.get("/api/media/:id") { request, context -> Response in
            try AdminAuth(token: adminToken).check(request)
            return try await kept(context.parameters.get("id") ?? "")
        }
    }

    /// Any kept file, public or not, until it expires: for whoever already proved they may see it (the admin
    /// token, or the dashboard's login).
    func kept(_ id: String) async throws -> Response {
        guard let media = try await live(id) else { throw Self.notFound }
        return response(media)
    }

    /// A public file by the last part of its link: `<id>` or `<id>.ogg`.
    private func published(_ name: String) async throws -> StoredMedia {
        let id = name.hasSuffix(".ogg") ? String(name.dropLast(".ogg".count)) : name
        guard let media = try await live(id), media.isPublic else { throw Self.notFound }
        return media
    }

    /// The file, unless unknown or expired. Ids are 32 hex digits: anything else is not worth a database read.
    private func live(_ id: String) async throws -> StoredMedia? {
        guard id.count == 32, id.allSatisfy(\.isHexDigit), let media = try await store.media(id: id),
            media.expiresAt > timeSource.now()
        else { return nil }
        return media
    }

    private func response(_ media: StoredMedia) -> Response {
        let remaining = max(0, Int(media.expiresAt.timeIntervalSince(timeSource.now())))
        return Response(
            status: .ok,
            headers: Self.headers(contentType: media.contentType, length: media.bytes.count, maxAge: remaining),
            body: .init(byteBuffer: ByteBuffer(bytes: media.bytes)))
    }

    static let notFound = HTTPError(.notFound, message: "No such media, or its link expired.")
}
