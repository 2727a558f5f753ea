import Foundation

/// An error from the Graph API, in either of its shapes (Meta's Cloud API error codes): the synchronous answer
/// `{"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id","is_transient"}}`,
/// or the asynchronous `{code,title,message,error_data:{details},href}` found in webhooks.
///
/// Meta says to branch on `code` (and `details`), never on the wording of titles and messages.
public struct MetaGraphError: Sendable, Equatable, Error, Decodable {
    public var code: Int?
    public var subcode: Int?
    /// `OAuthException` and the like (synchronous errors only).
    public var type: String?
    /// A short title (asynchronous errors, and `error_user_title` of synchronous ones).
    public var title: String?
    public var message: String?
    /// `error_data.details`: the most specific explanation Meta gives.
    public var details: String?
    /// Quote it to Meta support; it identifies the failed request.
    public var fbtraceID: String?
    /// Meta's hint that the same request may succeed later.
    public var isTransient: Bool?
    public var href: String?

    /// The `{"error":{…}}` body of a failed Graph API call; nil when the body is not one.
    public static func parse(responseBody: some Collection<UInt8>) -> MetaGraphError? {
        try? JSONDecoder().decode(GraphErrorEnvelope.self, from: Data(responseBody)).error
    }

    /// The code as the outbox stores it.
    public var codeText: String? { code.map(String.init) }

    /// `message: details (fbtrace_id …)`, each part only when Meta gave it.
    public var summary: String {
        var text = message ?? title ?? "no message"
        if let details, !details.isEmpty, details != text { text += ": \(details)" }
        if let fbtraceID { text += " (fbtrace_id \(fbtraceID))" }
        return text
    }
}

/// The synchronous answer's wrapper: `{"error":{…}}`.
private struct GraphErrorEnvelope: Decodable {
    var error: MetaGraphError
}

// In an extension, so that the memberwise initialiser stays.
extension MetaGraphError {
    private enum CodingKeys: String, CodingKey {
        case code, type, title, message, href
        case subcode = "error_subcode"
        case errorData = "error_data"
        case fbtraceID = "fbtrace_id"
        case isTransient = "is_transient"
        case userTitle = "error_user_title"
    }

    private struct ErrorData: Decodable {
        var details: String?
    }

    /// Decodes the inner error object; every field is optional and read leniently.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = (try? container.decodeIfPresent(FlexibleString.self, forKey: .code))?.int
        subcode = (try? container.decodeIfPresent(FlexibleString.self, forKey: .subcode))?.int
        type = try? container.decodeIfPresent(String.self, forKey: .type)
        title =
            (try? container.decodeIfPresent(String.self, forKey: .title))
            ?? (try? container.decodeIfPresent(String.self, forKey: .userTitle))
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        details = (try? container.decodeIfPresent(ErrorData.self, forKey: .errorData))?.details
        fbtraceID = try? container.decodeIfPresent(String.self, forKey: .fbtraceID)
        isTransient = try? container.decodeIfPresent(Bool.self, forKey: .isTransient)
        href = try? container.decodeIfPresent(String.self, forKey: .href)
    }
}
