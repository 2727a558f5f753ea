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

    /// A photo: the stored file is uploaded the same way (as a JPEG when Meta would refuse its type), then sent as
    /// `image` with its caption.
    func sendImage(_ message: OutboundEnvelope) async -> SendOutcome {
        await sendUploaded(message, kind: "photo", prepare: uploadablePhoto) {
            .image(mediaID: $0, caption: message.text, to: message.to)
        }
    }

    /// Uploads the message's stored file (as `prepare` makes it) and sends what `request` makes of Meta's media id.
    private func sendUploaded(
        _ message: OutboundEnvelope, kind: String,
        prepare: (StoredMedia) async -> Result<StoredMedia, PhotoRefusal> = { .success($0) },
        request: (String) -> MetaSendRequest
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
        let file: StoredMedia
        switch await prepare(stored) {
        case .success(let prepared):
            file = prepared
        case .failure(let refusal):
            let outcome = SendOutcome.rejected(code: nil, reason: refusal.reason, optedOut: false)
            log(outcome, kind: kind, address: message.to)
            return outcome
        }
        let uploaded = await upload(file)
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

    /// The types an `image` message may be (Meta's supported media types: "image/jpeg, image/png"); Meta refuses
    /// a WebP there (it is a sticker's type) and a GIF anywhere.
    static let imageTypes: Set<String> = ["image/jpeg", "image/png"]

    /// The longest side of a photo made a JPEG for Meta: a phone's photo stays whole, and a JPEG this size stays
    /// well within Meta's 5 MB.
    static let convertedLongestSide = 4096

    /// The photo as Meta takes it: a JPEG or PNG (by its bytes) as it is, anything else made a JPEG.
    func uploadablePhoto(_ stored: StoredMedia) async -> Result<StoredMedia, PhotoRefusal> {
        let type = MediaSniffer.contentType(of: stored.bytes) ?? stored.contentType
        if Self.imageTypes.contains(type) { return .success(stored) }
        guard let imageFitter else {
            return .failure(PhotoRefusal(reason: "Meta takes no \(type) photo and no converter is configured"))
        }
        let converted: ModelImage
        do {
            converted = try await imageFitter.jpeg(
                ModelImage(bytes: stored.bytes, mimeType: type), longestSide: Self.convertedLongestSide)
        } catch {
            return .failure(PhotoRefusal(reason: "the \(type) photo could not be made a JPEG for Meta: \(error)"))
        }
        guard converted.bytes.count <= MediaLimits.whatsApp.image else {
            return .failure(PhotoRefusal(reason: "the \(type) photo made a JPEG is larger than Meta's 5 MB"))
        }
        var file = stored
        file.bytes = converted.bytes
        file.contentType = converted.mimeType
        return .success(file)
    }

    /// `{base}/{phone-number-id}/media`.
    var mediaURL: String {
        String(messagesURL.dropLast("/messages".count)) + "/media"
    }
}

/// Why a stored photo cannot go to Meta as it is kept.
struct PhotoRefusal: Error {
    var reason: String
}

private struct UploadResponse: Decodable {
    var id: String?
}
