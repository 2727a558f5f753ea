import Foundation

extension JSONDecoder {
    /// A decoder for APIs that write their keys in snake_case (`mime_type` reads into `mimeType`), so that their
    /// wire types need no list of keys; a type whose names hold an initialism (`wa_id` into `waID`) keeps its own.
    static func snakeCase() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
