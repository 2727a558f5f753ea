import Foundation
import TagarelaCore

extension FakeGeminiHandler {
    /// The `Schema` fields Google reads in `functionDeclarations[].parameters` (https://ai.google.dev/api/caching#Schema).
    static let schemaFields: Set<String> = [
        "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties", "required",
        "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf", "propertyOrdering",
        "default", "items", "minimum", "maximum",
    ]

    static let schemaTypes: Set<String> = [
        "TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL",
    ]

    /// A function's parameters as Google checks them, with its wording: unknown fields (JSON Schema's
    /// `additionalProperties`, `$schema`…), `enum` on anything but a string, an array without `items`, a
    /// `required` name that is not a property, an object inside the arguments with no properties.
    static func checkSchema(_ schema: JSONValue, at path: String, nested: Bool = false) -> GeminiFailure? {
        guard case .object(let fields) = schema else {
            return .invalidArgument("* GenerateContentRequest.\(path): expected an object")
        }
        if let unknown = fields.keys.sorted().first(where: { !schemaFields.contains($0) }) {
            return .invalidArgument(
                "Invalid JSON payload received. Unknown name \"\(unknown)\" at '\(path)': Cannot find field.")
        }
        let type = fields["type"]?.stringValue?.uppercased() ?? "TYPE_UNSPECIFIED"
        guard schemaTypes.contains(type) else {
            return .invalidArgument(
                "Invalid value at '\(path).type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), "
                    + (fields["type"]?.jsonText ?? ""))
        }
        if fields["enum"] != nil, type != "STRING" {
            return .invalidArgument("* GenerateContentRequest.\(path).enum: only allowed for STRING type")
        }
        let properties = fields["properties"]?.objectValue ?? [:]
        if type == "OBJECT", nested, properties.isEmpty {
            return .invalidArgument("* GenerateContentRequest.\(path).properties: should be non-empty for OBJECT type")
        }
        for (index, name) in (fields["required"]?.arrayValue ?? []).enumerated()
        where properties[name.stringValue ?? ""] == nil {
            return .invalidArgument("* GenerateContentRequest.\(path).required[\(index)]: property is not defined")
        }
        for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
            if let failure = checkSchema(property, at: "\(path).properties[\(name)]", nested: true) { return failure }
        }
        if type == "ARRAY" {
            guard let items = fields["items"] else {
                return .invalidArgument("* GenerateContentRequest.\(path).items: missing field.")
            }
            return checkSchema(items, at: "\(path).items", nested: true)
        }
        return nil
    }
}
