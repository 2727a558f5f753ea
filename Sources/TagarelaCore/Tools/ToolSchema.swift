import Foundation

/// The arguments of a business's own tool, as a JSON Schema in the subset every provider takes: `type` (object,
/// string, number, integer, boolean, array), `description`, `properties`, `required`, `enum`, `items`,
/// `minimum`/`maximum`, `minLength`/`maxLength` and `minItems`/`maxItems` (https://json-schema.org/draft/2020-12).
/// Read from the tools file, it checks the model's arguments before any request is made, and its JSON is what the
/// providers are sent (Gemini's narrower shape is made from it by the Gemini provider).
public struct ToolSchema: Sendable, Equatable {
    /// The JSON types the subset knows.
    public enum Kind: String, Sendable, CaseIterable {
        case object, string, number, integer, boolean, array
    }

    /// The keywords the subset accepts; any other is a mistake in the file.
    public static let keywords: [String] = [
        "type", "description", "properties", "required", "enum", "items", "minimum", "maximum", "minLength",
        "maxLength", "minItems", "maxItems",
    ]

    public var type: Kind
    public var description: String?
    /// An object's properties, each with its own schema.
    public var properties: [String: ToolSchema] = [:]
    /// The properties an object must have.
    public var required: [String] = []
    /// The values allowed (strings, numbers or integers).
    public var allowed: [JSONValue]?
    /// An array's item schema (kept in an array: a struct cannot hold itself directly).
    var itemSchemas: [ToolSchema] = []
    public var minimum: Double?
    public var maximum: Double?
    public var minLength: Int?
    public var maxLength: Int?
    public var minItems: Int?
    public var maxItems: Int?

    public init(type: Kind, description: String? = nil) {
        self.type = type
        self.description = description
    }

    /// An array's item schema.
    public var items: ToolSchema? {
        get { itemSchemas.first }
        set { itemSchemas = newValue.map { [$0] } ?? [] }
    }

    /// The schema as JSON, as OpenAI's Chat and Responses APIs take it (and the start of Gemini's shape).
    public var json: JSONValue {
        var object: [String: JSONValue] = ["type": .string(type.rawValue)]
        if let description { object["description"] = .string(description) }
        if type == .object {
            object["properties"] = .object(properties.mapValues(\.json))
            if !required.isEmpty { object["required"] = .array(required.map { .string($0) }) }
        }
        if let allowed { object["enum"] = .array(allowed) }
        if let items { object["items"] = items.json }
        for (name, bound) in [("minimum", minimum), ("maximum", maximum)] {
            if let bound { object[name] = bound.rounded() == bound ? .int(Int(bound)) : .double(bound) }
        }
        for (name, count) in [
            ("minLength", minLength), ("maxLength", maxLength), ("minItems", minItems), ("maxItems", maxItems),
        ] {
            if let count { object[name] = .int(count) }
        }
        return .object(object)
    }
}
