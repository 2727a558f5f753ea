import Foundation
import Hummingbird
import TagarelaChannels
import TagarelaCore

extension OperatorPhotos {
    /// The most read of a request: a photo at WhatsApp's limit, with room for the form around it.
    static let maxBody = ContactOperations.maxPhoto + 64 * 1024

    /// The photos a request asks for, with its other form fields (the dashboard's `csrf`): a multipart upload (a
    /// `file`, an optional `caption`), JSON `{"catalogueItemID": N}`, or a form's `item` (the gallery's button).
    /// The API and the dashboard read it alike; what cannot be read is an `OperationError`.
    static func read(_ request: Request) async throws -> (OperatorPhotos, FormParameters) {
        let bytes = try await UploadedForm.body(
            of: request, upTo: maxBody, tooLarge: ContactOperations.photoTooLarge)
        let contentType = request.headers[.contentType] ?? ""
        if let form = try UploadedForm(bytes, contentType: contentType) {
            if let file = form.files.first(where: { $0.name == "file" }) {
                return (.upload(file.body, caption: form.fields["caption"]), form.fields)
            }
            return (try item(form.fields["item"]), form.fields)
        }
        if contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            guard let fields = try? FormURLEncoded.decode(bytes) else {
                throw OperationError.invalid("The form could not be read.")
            }
            return (try item(fields["item"]), fields)
        }
        guard let json = try? JSONDecoder().decode(ItemRequest.self, from: bytes) else {
            throw OperationError.invalid(
                #"Send a photo as multipart/form-data (a "file", an optional "caption") or JSON {"catalogueItemID": N}."#
            )
        }
        return (try item(json.catalogueItemID.map(String.init)), [])
    }

    /// A catalogue item by the id given; none given means nothing was chosen.
    private static func item(_ text: String?) throws -> OperatorPhotos {
        guard let text, !text.isEmpty else { throw OperationError.invalid("Choose a photo or a catalogue item.") }
        guard let id = Int64(text), RequestNumber.ids.contains(id) else {
            throw OperationError.invalid("The catalogue item id must be a whole number from 1.")
        }
        return .catalogueItem(id)
    }

    private struct ItemRequest: Decodable {
        var catalogueItemID: Int64?
    }
}
