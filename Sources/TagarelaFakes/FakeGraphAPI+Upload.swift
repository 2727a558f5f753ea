import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import TagarelaCore

extension FakeGraphAPI {
    /// A file uploaded to `/{phone-number-id}/media`.
    public struct Upload: Sendable, Equatable {
        public var id: String
        /// The `type` field.
        public var type: String
        public var filename: String?
        public var fileContentType: String?
        public var bytes: Data
    }

    /// Every file uploaded, in order.
    public func uploads() async -> [Upload] { await state.uploads }
}

extension FakeGraphAPI.Sent {
    /// An `audio` send's media id and whether it is a voice note (`audio.voice`).
    public var audioID: String? { (json["audio"] as? [String: Any])?["id"] as? String }
    public var voice: Bool? { (json["audio"] as? [String: Any])?["voice"] as? Bool }
}

extension FakeGraphAPIHandler {
    /// Audio and image types WhatsApp takes as uploads (Meta's supported media types), and their size limits: a
    /// WebP is a sticker's type (500 KB animated), and a GIF is none.
    static let uploadLimits: [String: Int] = [
        "audio/ogg": 16 << 20, "audio/mpeg": 16 << 20, "audio/mp4": 16 << 20, "audio/aac": 16 << 20,
        "audio/amr": 16 << 20, "image/jpeg": 5 << 20, "image/png": 5 << 20, "image/webp": 500 << 10,
    ]

    /// The uploaded types each kind of message may send by id (Meta's supported media types): an `image` is a JPEG
    /// or a PNG, never a WebP or a GIF.
    static let sendableTypes: [String: Set<String>] = [
        "image": ["image/jpeg", "image/png"], "sticker": ["image/webp"],
        "audio": ["audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr"],
    ]

    /// Why a send by `id` of an uploaded file is refused, or nil: an id this number never uploaded, or a file of a
    /// type the message cannot carry. Meta may say the latter later, in a `failed` status; the fake says it at once.
    func mediaRefusal(type: String, id: String) async -> GraphError? {
        guard let uploaded = await state.upload(id: id) else {
            return GraphError(400, 131053, "(#131053) Media upload error: the media id \(id) is unknown")
        }
        if let allowed = Self.sendableTypes[type], !allowed.contains(uploaded.type) {
            return GraphError(
                400, 131053,
                "(#131053) Media upload error: a \(type) message cannot carry \(uploaded.type) "
                    + "(\(allowed.sorted().joined(separator: ", ")))")
        }
        return nil
    }

    /// `POST /{phone-number-id}/media`: multipart with `messaging_product=whatsapp`, `type` and `file`.
    func upload(_ request: HummingbirdCore.Request, body: ByteBuffer) async -> Result<Response, GraphError> {
        guard let boundary = MultipartFormData.boundary(ofContentType: request.headers[.contentType] ?? ""),
            let parts = MultipartFormData.parse(Data(body.readableBytesView), boundary: boundary)
        else { return .failure(.invalidParameter("The request body must be multipart/form-data.")) }
        func field(_ name: String) -> String? {
            parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.body, as: UTF8.self) }
        }
        guard field("messaging_product") == "whatsapp" else {
            return .failure(GraphError(400, 100, "(#100) The parameter messaging_product is required."))
        }
        guard let type = field("type"), let limit = Self.uploadLimits[type] else {
            return .failure(.invalidParameter("Param type must be a supported media type."))
        }
        guard let file = parts.first(where: { $0.name == "file" && $0.filename != nil }), !file.body.isEmpty else {
            return .failure(.invalidParameter("The parameter file is required."))
        }
        guard file.body.count <= limit else {
            return .failure(GraphError(400, 131053, "(#131053) Media upload error: the file is too large"))
        }
        // An Ogg voice note that is not Ogg would never play, nor an image that is not what it says: WhatsApp
        // refuses them.
        if type == "audio/ogg", !file.body.starts(with: Data("OggS".utf8)) {
            return .failure(GraphError(400, 131053, "(#131053) Media upload error: the file is not audio/ogg"))
        }
        if type.hasPrefix("image/"), MediaSniffer.contentType(of: file.body) != type {
            return .failure(GraphError(400, 131053, "(#131053) Media upload error: the file is not \(type)"))
        }
        let id = String(UInt64.random(in: 1_000_000_000_000_000...9_999_999_999_999_999))
        await state.addUpload(
            FakeGraphAPI.Upload(
                id: id, type: type, filename: file.filename, fileContentType: file.contentType, bytes: file.body))
        return .success(jsonResponse(status: 200, ["id": id]))
    }
}
