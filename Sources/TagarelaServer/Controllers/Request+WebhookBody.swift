import Hummingbird
import NIOCore

extension Request {
    /// A webhook's whole body; past `maxSize` it is refused with 413, worded for `webhook` ("a Meta webhook").
    func webhookBody(upTo maxSize: Int, of webhook: String) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: maxSize)
        } catch {
            throw HTTPError(.contentTooLarge, message: "The body is larger than \(webhook) can be.")
        }
    }
}
