/// An approved message template: the only thing WhatsApp lets a business send more than 24 hours after the
/// contact last wrote (Meta's messages reference and error code 131047).
public struct MetaTemplate: Sendable, Equatable {
    /// The template's name as approved in WhatsApp Manager, e.g. `hello_world`.
    public var name: String
    /// The approved translation, e.g. `pt_BR` or `en_US`.
    public var languageCode: String
    /// Text for the body's `{{1}}`, `{{2}}`… in order; empty for a template without variables.
    public var bodyParameters: [String]

    public init(name: String, languageCode: String, bodyParameters: [String] = []) {
        self.name = name
        self.languageCode = languageCode
        self.bodyParameters = bodyParameters
    }
}
