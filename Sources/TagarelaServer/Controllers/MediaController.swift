import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TagarelaCore

/// `GET /media/<id>.ogg`: the voice notes Tagarela made, public (Twilio fetches them), found only by their
/// unguessable id, and gone (404) once their link expired.
struct MediaController {
    let store: any MediaStore
    let timeSource: any TimeSource

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/media/:name") { _, context -> Response in
            let name = context.parameters.get("name") ?? ""
            guard name.hasSuffix(".ogg") else { throw Self.notFound }
            let id = String(name.dropLast(".ogg".count))
            // Ids are 32 hex digits: anything else is not worth a database read.
            guard id.count == 32, id.allSatisfy(\.isHexDigit), let media = try await store.media(id: id),
                media.expiresAt > timeSource.now()
            else { throw Self.notFound }
            let remaining = max(0, Int(media.expiresAt.timeIntervalSince(timeSource.now())))
            return Response(
                status: .ok,
                headers: [
                    .contentType: media.contentType, .cacheControl: "private, max-age=\(remaining)",
                    .contentLength: String(media.bytes.count),
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: media.bytes)))
        }
    }

    static let notFound = HTTPError(.notFound, message: "No such media, or its link expired.")
}
