import Foundation

/// A JSON request body as the tools file writes it. A string that is exactly one placeholder (`"{quantity}"`)
/// becomes that value as JSON (a number stays a number, an absent optional argument drops its member); any other
/// string is a ``TextTemplate`` whose result is a JSON string. The body is built as a value and encoded once, so
/// nothing the model wrote is ever spliced into JSON text.
public indirect enum BodyTemplate: Sendable, Equatable {
    case literal(JSONValue)
    case text(TextTemplate)
    case array([BodyTemplate])
    case object([String: BodyTemplate])

    /// Reads the body from the file: secrets expanded, placeholders checked against `arguments`.
    public static func parse(
        _ value: JSONValue, at path: String, arguments: Set<String>, secret: (String) -> String?,
        problems: inout [String]
    ) -> BodyTemplate {
        switch value {
        case .string(let text):
            .text(TextTemplate.parse(text, at: path, arguments: arguments, secret: secret, problems: &problems))
        case .array(let values):
            .array(
                values.enumerated().map {
                    parse($1, at: "\(path)[\($0)]", arguments: arguments, secret: secret, problems: &problems)
                })
        case .object(let members):
            .object(
                Dictionary(
                    uniqueKeysWithValues: members.sorted { $0.key < $1.key }.map {
                        (
                            $0.key,
                            parse(
                                $0.value, at: "\(path).\($0.key)", arguments: arguments, secret: secret,
                                problems: &problems)
                        )
                    }))
        default: .literal(value)
        }
    }

    /// The body for one call.
    public func render(arguments: [String: JSONValue], contact: Contact) -> JSONValue {
        switch self {
        case .literal(let value): return value
        case .text(let template):
            if let whole = template.whole {
                return TextTemplate.value(of: whole, arguments: arguments, contact: contact)
            }
            return .string(template.render(arguments: arguments, contact: contact))
        case .array(let items): return .array(items.map { $0.render(arguments: arguments, contact: contact) })
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for (key, member) in members {
                let value = member.render(arguments: arguments, contact: contact)
                // An optional argument the model left out is left out of the body too.
                if value == .null, case .text(let template) = member, case .argument = template.whole { continue }
                object[key] = value
            }
            return .object(object)
        }
    }
}
