import Foundation

/// A piece of a tools file's request written as text (the URL, a header, a string in the body): literal text,
/// where `${NAME}` was already replaced by a setting at start-up, and placeholders filled at each call: `{name}`
/// for one of the model's arguments, `{contact.id}`, `{contact.phone}`, `{contact.user_id}` and `{contact.name}`
/// for the contact (which the model cannot change). `{{` and `}}` write a brace.
///
/// Secrets are expanded once, when the file is read, and the text is cut into pieces then: what a call inserts
/// is never read again for `${…}` or `{…}`, so a model that writes `${ORDERS_API_KEY}` gets those characters.
public struct TextTemplate: Sendable, Equatable {
    /// A value filled in at each call.
    public enum Placeholder: Sendable, Equatable, Hashable {
        case argument(String)
        case contact(ContactField)
    }

    /// What of the contact a request may carry.
    public enum ContactField: String, Sendable, CaseIterable {
        case id, phone, name
        case userID = "user_id"

        func value(of contact: Contact) -> JSONValue {
            switch self {
            case .id: .int(Int(contact.id))
            case .phone: contact.phone.map { .string($0) } ?? .null
            case .name: contact.profileName.map { .string($0) } ?? .null
            case .userID: contact.userID.map { .string($0) } ?? .null
            }
        }
    }

    public enum Piece: Sendable, Equatable {
        case text(String)
        case placeholder(Placeholder)
    }

    public var pieces: [Piece]

    /// The placeholder, when the template is exactly one (a body value inserted as JSON, not as text).
    public var whole: Placeholder? {
        guard pieces.count == 1, case .placeholder(let placeholder) = pieces[0] else { return nil }
        return placeholder
    }

    /// The literal text before the first placeholder.
    public var prefix: String {
        guard case .text(let text) = pieces.first else { return "" }
        return text
    }

    /// Fills the placeholders; `escape` makes each inserted value safe where it goes (percent-encoding in a URL).
    /// An absent argument or contact field inserts nothing.
    public func render(
        arguments: [String: JSONValue], contact: Contact, escape: (String) -> String = { $0 }
    ) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text): return text
            case .placeholder(let placeholder):
                return escape(Self.text(of: Self.value(of: placeholder, arguments: arguments, contact: contact)))
            }
        }.joined()
    }

    /// A placeholder's value for this call: the argument as the model gave it (already checked), or the contact's.
    static func value(of placeholder: Placeholder, arguments: [String: JSONValue], contact: Contact) -> JSONValue {
        switch placeholder {
        case .argument(let name): arguments[name] ?? .null
        case .contact(let field): field.value(of: contact)
        }
    }

    /// A value as text: a string as it is, null as nothing, anything else as its JSON.
    static func text(of value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .string(let text): text
        default: value.jsonText
        }
    }
}
