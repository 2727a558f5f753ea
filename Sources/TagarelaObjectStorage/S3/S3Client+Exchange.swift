import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension S3Client {
    /// The largest error document read: S3's are a few hundred bytes.
    static let maximumErrorBody = 64 << 10

    func send(
        _ method: HTTPMethod, objectKey: String, headers: [SigV4Request.Field] = [],
        body: HTTPClientRequest.Body? = nil, payloadHash: String = SigV4Request.emptyPayloadHash
    ) async throws(S3Error) -> HTTPClientResponse {
        try await send(
            method, to: settings.address(ofObject: objectKey), key: objectKey, headers: headers, body: body,
            payloadHash: payloadHash)
    }

    /// Signs and sends one request; a success (2xx) comes back with its body unread, anything else is thrown as the
    /// `S3Error` it means. `key` names the object in a not-found error.
    func send(
        _ method: HTTPMethod, to address: S3Address, key: String?, headers: [SigV4Request.Field] = [],
        body: HTTPClientRequest.Body? = nil, payloadHash: String = SigV4Request.emptyPayloadHash
    ) async throws(S3Error) -> HTTPClientResponse {
        let unsigned = SigV4Request(
            method: method.rawValue, host: address.host, encodedPath: address.encodedPath, headers: headers,
            payloadHash: payloadHash)
        let signature = signer.sign(unsigned, at: now())
        var request = HTTPClientRequest(url: address.url)
        request.method = method
        // The Host header is signed: send exactly the signed one rather than the client's rendering of the URL.
        request.headers.add(name: "Host", value: address.host)
        for (name, value) in headers + signature.headers {
            request.headers.add(name: name, value: value)
        }
        request.body = body

        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(
                request, timeout: .nanoseconds(timeout.wholeNanoseconds), logger: logger)
        } catch {
            logger.debug("S3 request failed", metadata: ["method": "\(method)", "bucket": "\(settings.bucket)"])
            throw .transport("\(method) \(address.encodedPath): \(error)")
        }
        let status = Int(response.status.code)
        // Keys stay out of the log: they may name a contact.
        logger.debug(
            "S3 answered", metadata: ["method": "\(method)", "bucket": "\(settings.bucket)", "status": "\(status)"])
        guard (200..<300).contains(status) else {
            // HEAD errors have no body; an unreadable body still leaves the status to go by.
            let document = try? await response.body.collect(upTo: Self.maximumErrorBody)
            throw S3Error.from(status: status, body: document.map { String(buffer: $0) } ?? "", key: key)
        }
        return response
    }
}

extension Duration {
    /// Whole nanoseconds, for NIO's `TimeAmount`.
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
