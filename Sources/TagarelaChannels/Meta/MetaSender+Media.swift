import AsyncHTTPClient
import Foundation
import NIOHTTP1
import TagarelaCore

extension MetaSender {
    /// A voice note: the stored OGG/Opus file is uploaded to `/{phone-number-id}/media`, then sent as `audio`
    /// by the id Meta gave, with `voice: true` (the play button and waveform of a recorded note).
    func sendVoice(_ message: OutboundEnvelope) async -> SendOutcome {
        await sendUploaded(message, kind: "voice note") { .voice(mediaID: $0, to: message.to) }
    }

    /// A photo: the stored file is uploaded the same way, then sent as `image` with its caption.
    func sendImage(_ message: OutboundEnvelope) async -> SendOutcome {
        await sendUploaded(message, kind: "photo") { .image(mediaID: $0, caption: message.text, to: message.to) }
    }

    /// Uploads the message's stored file and sends what `request` makes of Meta's media id.
    private func sendUploaded(
        _ message: OutboundEnvelope, kind: String, request: (String) -> MetaSendRequest
    ) async -> SendOutcome {
        guard let id = message.media?.id, let mediaStore else {
            return .rejected(code: nil, reason: "a \(kind) without its stored file", optedOut: false)
        }
        let stored: StoredMedia?
        do {
            stored = try await mediaStore.media(id: id)
        } catch {
            return .retryable(reason: "could not read the \(kind): \(error)", retryAfter: nil)
        }
        guard let stored, stored.expiresAt > timeSource.now() else {
            return .rejected(code: nil, reason: "the \(kind)'s file is gone (expired)", optedOut: false)
        }
        let uploaded = await upload(stored)
        guard case .accepted(let mediaID) = uploaded else {
            log(uploaded, kind: "\(kind) upload", address: message.to)
            return uploaded
        }
        return await deliver(request(mediaID), kind: kind, address: message.to)
    }

    /// `POST /{phone-number-id}/media` (multipart: `messaging_product`, `type`, `file`): `.accepted` carries
    /// Meta's media id.
    func upload(_ media: StoredMedia) async -> SendOutcome {
        var form = MultipartFormData()
        form.addField("messaging_product", "whatsapp")
        form.addField("type", media.contentType)
        let filename = media.contentType.hasPrefix("image/") ? "photo." + media.contentType.dropFirst(6) : "voice.ogg"
        form.addFile("file", filename: filename, contentType: media.contentType, bytes: media.bytes)
        let body = form.encoded()
        let request: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            headers.add(name: "Authorization", value: "Bearer \(accessToken)")
            headers.add(name: "Content-Type", value: form.contentType)
            headers.add(name: "Accept", value: "application/json")
            request = try HTTPClient.Request(url: mediaURL, method: .POST, headers: headers, body: .data(body))
        } catch {
            return .rejected(code: nil, reason: "invalid Graph API request: \(error)", optedOut: false)
        }
        switch await HTTPExchange.run(request, on: httpClient, timeout: timeout, logger: logger) {
        case .failed(let outcome):
            return outcome
        case .answered(let status, let headers, let answer):
            guard (200..<300).contains(status) else {
                return Self.outcome(status: status, headers: headers, body: answer)
            }
            guard let id = (try? JSONDecoder().decode(UploadResponse.self, from: Data(answer)))?.id, !id.isEmpty else {
                // Nothing was sent to the contact yet: a new upload is harmless.
                return .retryable(reason: "the media upload answered without an id", retryAfter: nil)
            }
            return .accepted(providerMessageID: id)
        }
    }

    /// `{base}/{phone-number-id}/media`.
    var mediaURL: String {
        String(messagesURL.dropLast("/messages".count)) + "/media"
    }
}

private struct UploadResponse: Decodable {
    var id: String?
}
