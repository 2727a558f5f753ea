import Foundation
import TagarelaCore
import Testing

@testable import TagarelaProviders

@Suite("GeminiSchema: a tool's JSON Schema in the shape Gemini's function declarations take")
struct GeminiSchemaTests {
    @Test("the subset passes as it is; a number's enum moves into its description")
    func subset() {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "time": ["type": "string", "enum": ["09:00", "10:00"], "minLength": 5],
                "people": ["type": "integer", "enum": [2, 4], "description": "Guests."],
                "days": ["type": "array", "items": ["type": "string"], "maxItems": 2],
            ],
            "required": ["time"],
        ]
        let shaped = GeminiSchema.shape(schema)
        #expect(shaped["properties"]?["time"] == ["type": "string", "enum": ["09:00", "10:00"], "minLength": 5])
        #expect(shaped["properties"]?["people"] == ["type": "integer", "description": "Guests. One of: 2, 4."])
        #expect(shaped["properties"]?["days"] == schema["properties"]?["days"])
        #expect(shaped["required"] == ["time"])
    }

    @Test("what Gemini refuses in any schema (an MCP server's, say) is left out, at every depth")
    func wider() {
        let shaped = GeminiSchema.shape([
            "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "additionalProperties": false,
            "properties": [
                "a": [
                    "type": "array",
                    "items": [
                        "type": "object", "properties": ["b": ["type": "boolean", "const": true]],
                        "additionalProperties": false,
                    ],
                ]
            ],
            "required": ["a", "gone"],
        ])
        #expect(
            shaped
                == [
                    "type": "object",
                    "properties": [
                        "a": ["type": "array", "items": ["type": "object", "properties": ["b": ["type": "boolean"]]]]
                    ],
                    "required": ["a"],
                ])
    }
}
