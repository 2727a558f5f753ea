import Foundation
import TagarelaCore

/// A tool's JSON Schema in the narrower shape Gemini's `functionDeclarations[].parameters` takes, an OpenAPI
/// `Schema` (https://ai.google.dev/api/caching#Schema): only its fields are kept, and `enum` only on strings (a
/// number's allowed values move into its description, where the model still reads them). Arguments are checked
/// against the full schema when the call arrives, so nothing dropped here goes unchecked.
enum GeminiSchema {
    /// The `Schema` fields Gemini reads; any other name is refused as an unknown field.
    static let fields: Set<String> = [
        "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties", "required",
        "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf", "propertyOrdering",
        "default", "items", "minimum", "maximum",
    ]

    static func shape(_ schema: JSONValue) -> JSONValue {
        guard case .object(let object) = schema else { return schema }
        var shaped: [String: JSONValue] = [:]
        for (key, value) in object where fields.contains(key) {
            switch key {
            case "properties": shaped[key] = .object((value.objectValue ?? [:]).mapValues(shape))
            case "items": shaped[key] = shape(value)
            case "anyOf": shaped[key] = .array((value.arrayValue ?? []).map(shape))
            default: shaped[key] = value
            }
        }
        if let allowed = shaped["enum"], shaped["type"]?.stringValue?.lowercased() != "string" {
            shaped["enum"] = nil
            let values = (allowed.arrayValue ?? []).map(\.jsonText).joined(separator: ", ")
            let description = shaped["description"]?.stringValue.map { $0 + " " } ?? ""
            shaped["description"] = .string(description + "One of: \(values).")
        }
        if let required = shaped["required"]?.arrayValue {
            let named = shaped["properties"]?.objectValue ?? [:]
            shaped["required"] = .array(required.filter { $0.stringValue.map { named[$0] != nil } ?? false })
        }
        return .object(shaped)
    }
}
