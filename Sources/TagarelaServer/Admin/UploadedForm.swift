import Foundation
import Hummingbird
import NIOCore
import TagarelaChannels
import TagarelaCore

/// A `multipart/form-data` request as the dashboard's upload forms and the admin API send it: its fields (the
/// dashboard's `csrf`) and its files. The photo upload and the knowledge base's read it alike.
struct UploadedForm {
    var fields: FormParameters
    /// The parts that carry a file, in the order sent.
    var files: [MultipartFormData.ParsedPart]

    /// The form in `bytes` sent as `contentType`; nil when that is not `multipart/form-data`.
    init?(_ bytes: Data, contentType: String) throws {
        guard let boundary = MultipartFormData.boundary(ofContentType: contentType) else { return nil }
        guard let parts = MultipartFormData.parse(bytes, boundary: boundary) else {
            throw OperationError.invalid("The upload could not be read as multipart/form-data.")
        }
        fields = FormParameters(
            parts.filter { $0.filename == nil }.map {
                (name: $0.name, value: String(decoding: $0.body, as: UTF8.self))
            })
        // A form sent without a file chosen still has the part, empty and without a name.
        files = parts.filter { part in
            guard let filename = part.filename else { return false }
            return !filename.isEmpty || !part.body.isEmpty
        }
    }

    /// A request's body, at most `limit` bytes; past it, `OperationError.tooLarge(tooLarge)`.
    static func body(of request: Request, upTo limit: Int, tooLarge: String) async throws -> Data {
        do {
            return Data(try await request.body.collect(upTo: limit).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw OperationError.tooLarge(tooLarge)
        }
    }
}
