import Crypto
import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import TagarelaCore

/// Checks one request the way the Graph API does, then plays the scripted outcome or answers it.
struct FakeGraphAPIHandler: Sendable {
    let accessToken: String
    let phoneNumberID: String
    let version: String
    let state: FakeGraphAPI.State

    /// Where the fake's media downloads live, like Meta's `lookaside.fbsbx.com` URLs.
    static let downloadPath = "/whatsapp_business/attachments/"

    func handle(_ request: HummingbirdCore.Request, gate: StopGate) async -> Response {
        await state.countRequest()
        let bytes = await FakeServer.body(of: request, upTo: 17 << 20)
        let path = request.uri.path
        let authorization = request.headers[.authorization]
        func reject(_ error: GraphError) async -> Response {
            await state.reject(
                .init(
                    status: error.status, code: error.code, subcode: error.subcode, message: error.message, path: path))
            return error.response
        }
        if request.method == .get, path == "/\(version)/\(phoneNumberID)" {
            await state.readNode(path + "?" + (request.uri.query ?? ""))
        }
        guard authorization == "Bearer \(accessToken)" else { return await reject(.invalidToken) }
        if request.method == .get, path == Self.downloadPath {
            return await download(query: request.uri.query ?? "")
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0].isEmpty, parts[1] == version else {
            return await reject(GraphError(400, 2500, "Unknown path components: \(path)"))
        }
        if request.method == .get, parts.count == 3, parts[2] == phoneNumberID {
            return phoneNumberNode(query: request.uri.query)
        }
        if request.method == .get, parts.count == 4, parts[3] == "subscribed_apps" {
            guard parts[2] == FakeGraphAPI.businessAccountID else {
                return await reject(
                    GraphError(
                        400, 100,
                        "Unsupported get request. Object with ID '\(parts[2])' does not exist, cannot be loaded due "
                            + "to missing permissions, or does not support this operation.",
                        subcode: 33))
            }
            return await subscribedApps()
        }
        if request.method == .get, parts.count == 3 {
            guard let media = await state.media(parts[2]) else {
                return await reject(
                    GraphError(
                        400, 100,
                        "Unsupported get request. Object with ID '\(parts[2])' does not exist, cannot be loaded due "
                            + "to missing permissions, or does not support this operation.",
                        subcode: 33))
            }
            if let error = await play(gate: gate) { return await reject(error) }
            return mediaInfo(
                id: parts[2], media: media, statedHash: await state.statedHash, authority: request.head.authority,
                expiresAt: await state.now.addingTimeInterval(state.urlLifetime.timeInterval))
        }
        if request.method == .post, parts.count == 4, parts[3] == "media", parts[2] == phoneNumberID {
            switch await upload(request, body: bytes) {
            case .success(let response): return response
            case .failure(let error): return await reject(error)
            }
        }
        guard request.method == .post, parts.count == 4, parts[3] == "messages" else {
            return await reject(GraphError(400, 100, "Unsupported \(request.method.rawValue) request.", subcode: 33))
        }
        guard parts[2] == phoneNumberID else {
            return await reject(
                GraphError(
                    400, 100,
                    "Unsupported post request. Object with ID '\(parts[2])' does not exist, cannot be loaded due to "
                        + "missing permissions, or does not support this operation.",
                    subcode: 33))
        }
        let mediaType = request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "application/json" else {
            return await reject(.invalidParameter("The request body must be JSON (Content-Type: application/json)."))
        }
        let raw = String(buffer: bytes)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any]
        else {
            return await reject(.invalidParameter("The request body is not a valid JSON object."))
        }
        guard object["messaging_product"] as? String == "whatsapp" else {
            return await reject(GraphError(400, 100, "(#100) The parameter messaging_product is required."))
        }
        if object["status"] != nil {
            return await readReceipt(object, raw: raw, authorization: authorization, gate: gate, reject: reject)
        }
        return await message(object, raw: raw, request: request, gate: gate, reject: reject)
    }

    /// A free-form or template message: checked, then answered like the examples in Meta's spec.
    private func message(
        _ object: [String: Any], raw: String, request: HummingbirdCore.Request, gate: StopGate,
        reject: (GraphError) async -> Response
    ) async -> Response {
        let address: (to: String?, recipient: String?)
        let content: (type: String, text: String?, previewURL: Bool?, templateName: String?, templateLanguage: String?)
        do throws(GraphError) {
            if let kind = object["recipient_type"], kind as? String != "individual", kind as? String != "group" {
                throw GraphError.invalidParameter("Param recipient_type must be individual or group.")
            }
            address = try GraphSendRules.address(object)
            content = try GraphSendRules.content(object)
        } catch {
            return await reject(error)
        }
        // Media sent by id must be media this phone number uploaded, of a type the message carries.
        if let id = (object[content.type] as? [String: Any])?["id"] as? String,
            let refusal = await mediaRefusal(type: content.type, id: id)
        {
            return await reject(refusal)
        }
        let sent = FakeGraphAPI.Sent(
            id: GraphSendRules.newMessageID(), to: address.to, recipient: address.recipient, type: content.type,
            textBody: content.text, previewURL: content.previewURL, templateName: content.templateName,
            templateLanguage: content.templateLanguage, rawJSON: raw, authorization: request.headers[.authorization],
            contentType: request.headers[.contentType], order: 0, receivedAt: .now
        )
        if await state.nextOutcomeIsAcceptThenHang() {
            // Meta took the message, but its answer is lost on the way back.
            _ = await state.accept(sent)
            await gate.wait()
            return GraphError(503, 2, "Service temporarily unavailable", isTransient: true).response
        }
        if let error = await play(gate: gate, forSend: true) { return await reject(error) }
        let input = address.to ?? address.recipient ?? ""
        if content.type != "template", await state.isWindowClosed(input) {
            return await reject(
                GraphError(
                    400, 131047, "(#131047) Re-engagement message",
                    details: "Message failed to send because more than 24 hours have passed since the customer "
                        + "last replied to this number."))
        }
        let accepted = await state.accept(sent)
        var contact: [String: Any] = ["input": input]
        if let to = address.to {
            contact["wa_id"] = to.hasPrefix("+") ? String(to.dropFirst()) : to
        } else {
            contact["user_id"] = input
        }
        var reference: [String: Any] = ["id": accepted.id]
        // Template sends report their pacing state (spec schema `MessageStatus`).
        if content.type == "template" { reference["message_status"] = "accepted" }
        return jsonResponse(
            status: 200, ["messaging_product": "whatsapp", "contacts": [contact], "messages": [reference]])
    }

    /// `{"status":"read","message_id":…,"typing_indicator":{"type":"text"}?}` → `{"success":true}`.
    private func readReceipt(
        _ object: [String: Any], raw: String, authorization: String?, gate: StopGate,
        reject: (GraphError) async -> Response
    ) async -> Response {
        guard object["status"] as? String == "read" else {
            return await reject(.invalidParameter("Param status must be read."))
        }
        guard let messageID = object["message_id"] as? String, !messageID.isEmpty else {
            return await reject(.invalidParameter("The parameter message_id is required."))
        }
        var typing: String?
        if let indicator = object["typing_indicator"] {
            guard let type = (indicator as? [String: Any])?["type"] as? String, type == "text" else {
                return await reject(.invalidParameter("Param typing_indicator['type'] must be text."))
            }
            typing = type
        }
        if object["to"] != nil || object["recipient"] != nil || object["type"] != nil {
            return await reject(.invalidParameter("A read receipt takes no to, recipient or type."))
        }
        if let error = await play(gate: gate) { return await reject(error) }
        await state.recordRead(
            .init(messageID: messageID, typing: typing, rawJSON: raw, authorization: authorization, receivedAt: .now))
        return jsonResponse(status: 200, ["success": true])
    }

    /// Plays the next scripted outcome: an error to answer, or nil to go on (after a delay or a released hang).
    private func play(gate: StopGate, forSend: Bool = false) async -> GraphError? {
        switch await state.nextOutcome(forSend: forSend) {
        case .error(let status, let code, let subcode, let message, let details, let isTransient, let retryAfter):
            return GraphError(
                status, code, message, subcode: subcode, details: details, isTransient: isTransient,
                retryAfter: retryAfter)
        case .hang, .acceptThenHang:
            await gate.wait()
            return GraphError(503, 2, "Service temporarily unavailable", isTransient: true)
        case .delayed(let duration):
            try? await Task.sleep(for: duration)
            return nil
        case nil:
            return nil
        }
    }

    /// `GET /{media-id}`: the metadata and a short-lived URL on another host (`localhost` instead of 127.0.0.1).
    /// The URL expires like Meta's (five minutes by default): `ext` holds its end, in milliseconds.
    private func mediaInfo(
        id: String, media: FakeGraphAPI.Media, statedHash: FakeGraphAPI.StatedHash, authority: String?,
        expiresAt: Date
    ) -> Response {
        let port = authority?.split(separator: ":").last.map(String.init) ?? "80"
        let mid = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
        return jsonResponse(
            status: 200,
            [
                "messaging_product": "whatsapp",
                "url":
                    "http://localhost:\(port)\(Self.downloadPath)?mid=\(mid)&ext=\(Int(expiresAt.timeIntervalSince1970 * 1000))&hash=fake",
                "mime_type": media.mimeType,
                "sha256": Self.sha256(of: media.bytes, stated: statedHash),
                "file_size": String(media.bytes.count),
                "id": id,
            ])
    }

    /// The bytes' SHA-256 written the way the test chose.
    private static func sha256(of bytes: [UInt8], stated: FakeGraphAPI.StatedHash) -> String {
        let digest = Data(SHA256.hash(data: bytes))
        let hex = StableHash.sha256Hex(bytes)
        switch stated {
        case .base64: return digest.base64EncodedString()
        case .base64Unpadded: return digest.base64EncodedString().replacingOccurrences(of: "=", with: "")
        case .hex: return hex
        case .uppercaseHex: return hex.uppercased()
        case .literal(let text): return text
        }
    }

    /// The download URL: the bytes, to the same bearer token only.
    private func download(query: String) async -> Response {
        let mid = query.split(separator: "&").first { $0.hasPrefix("mid=") }
            .flatMap { String($0.dropFirst(4)).removingPercentEncoding }
        guard let mid, let media = await state.media(mid) else {
            return Response(status: .notFound)
        }
        let ext = query.split(separator: "&").first { $0.hasPrefix("ext=") }.flatMap { Double($0.dropFirst(4)) }
        guard let ext, await state.now.timeIntervalSince1970 * 1000 < ext else {
            // An expired lookaside URL: a new `GET /{media-id}` gives a fresh one.
            await state.countExpiredDownload()
            return Response(status: .unauthorized)
        }
        var headers = HTTPFields()
        headers[.contentType] = media.mimeType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: media.bytes)))
    }
}
