import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore

extension FakeTwilio {
    /// A file registered with `media(bytes:contentType:)`.
    struct Media: Sendable {
        var bytes: [UInt8]
        var contentType: String
        /// Sent as `Content-Disposition: attachment; filename="…"`, as Twilio's CDN names a document.
        var filename: String?
    }

    /// A request that reached the fake media CDN.
    public struct CDNRequest: Sendable, Equatable {
        public var path: String
        /// Must stay nil: credentials for api.twilio.com must never reach the CDN.
        public var authorization: String?
    }

    /// Registers a file and returns its `MediaUrl0` as Twilio would post it: on the API host, which answers
    /// (with Basic auth) by redirecting to a CDN on another host (`localhost` instead of `127.0.0.1`).
    public func media(bytes: [UInt8], contentType: String, filename: String? = nil) async -> String {
        let messageSID = TwilioForm.newSID(prefix: "MM")
        let mediaSID = TwilioForm.newSID(prefix: "ME")
        await state.addMedia(Media(bytes: bytes, contentType: contentType, filename: filename), sid: mediaSID)
        return "\(baseURL)/2010-04-01/Accounts/\(accountSID)/Messages/\(messageSID)/Media/\(mediaSID)"
    }

    /// Every request the CDN host received.
    public func cdnRequests() async -> [CDNRequest] { await state.cdnRequests }
}

extension FakeTwilioHandler {
    /// `GET .../Messages/{MM}/Media/{ME}` (Basic auth, then a 307 to the CDN) and `GET /cdn/{ME}` (no auth).
    func media(_ request: HummingbirdCore.Request, path: String) async -> Response? {
        let parts = path.split(separator: "/").map(String.init)
        if parts.count == 2, parts[0] == "cdn" {
            await state.recordCDN(.init(path: path, authorization: request.headers[.authorization]))
            // The CDN's signed URLs carry their own authority: a stray Authorization header is refused.
            guard request.headers[.authorization] == nil else {
                return Response(status: .forbidden)
            }
            guard let media = await state.media(parts[1]) else { return Response(status: .notFound) }
            var headers: HTTPFields = [.contentType: media.contentType]
            if let filename = media.filename {
                headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
            }
            return Response(
                status: .ok, headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: media.bytes)))
        }
        guard parts.count == 7, parts[0] == "2010-04-01", parts[1] == "Accounts", parts[3] == "Messages",
            parts[5] == "Media"
        else { return nil }
        let expected = "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        guard request.headers[.authorization] == expected else {
            return TwilioError(401, 20003, "Authenticate").response
        }
        guard parts[2] == accountSID, await state.media(parts[6]) != nil else {
            return TwilioError(404, 20404, "The requested resource \(path) was not found").response
        }
        let host = request.head.authority?.replacingOccurrences(of: "127.0.0.1", with: "localhost") ?? "localhost"
        return Response(status: .temporaryRedirect, headers: [.location: "http://\(host)/cdn/\(parts[6])"])
    }
}

extension FakeTwilio.State {
    func addMedia(_ media: FakeTwilio.Media, sid: String) { mediaFiles[sid] = media }
    func media(_ sid: String) -> FakeTwilio.Media? { mediaFiles[sid] }
    func recordCDN(_ request: FakeTwilio.CDNRequest) { cdnRequests.append(request) }
}
