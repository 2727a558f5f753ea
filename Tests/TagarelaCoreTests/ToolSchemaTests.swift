import Foundation
import Testing

@testable import TagarelaCore

@Suite("ToolSchema: the tools file's JSON Schema subset")
struct ToolSchemaTests {
    static let booking: JSONValue = [
        "type": "object",
        "properties": [
            "date": ["type": "string", "minLength": 10, "maxLength": 10, "description": "YYYY-MM-DD"],
            "people": ["type": "integer", "minimum": 1, "maximum": 8],
            "price": ["type": "number", "maximum": .double(99.5)],
            "time": ["type": "string", "enum": ["09:00", "10:00"]],
            "vip": ["type": "boolean"],
            "tags": ["type": "array", "items": ["type": "string"], "minItems": 1, "maxItems": 2],
            "where": ["type": "object", "properties": ["room": ["type": "string"]], "required": ["room"]],
        ],
        "required": ["date", "people"],
    ]

    func schema(_ value: JSONValue = booking) throws -> ToolSchema {
        var problems: [String] = []
        let schema = ToolSchema.read(value, at: "parameters", problems: &problems)
        #expect(problems.isEmpty, "\(problems)")
        return try #require(schema)
    }

    @Test("fitting arguments pass; its JSON is the schema as written")
    func fits() throws {
        let schema = try schema()
        #expect(
            schema.problems(
                with: [
                    "date": "2026-12-24", "people": 2, "price": 10, "time": "09:00", "vip": true, "tags": ["a"],
                    "where": ["room": "1"],
                ]
            ).isEmpty)
        // A whole double is an integer (models write 2.0), null is an optional argument left out.
        #expect(schema.problems(with: ["date": "2026-12-24", "people": .double(2), "vip": .null]).isEmpty)
        #expect(schema.json == Self.booking)
    }

    @Test("each problem is named: type, bounds, lengths, enum, items, required, unknown arguments")
    func problems() throws {
        let schema = try schema()
        let found = schema.problems(
            with: [
                "date": "24/12", "people": 9, "price": 100, "time": "11:00", "vip": "yes", "tags": [1, "b", "c"],
                "where": [:], "extra": 1,
            ])
        #expect(
            found == [
                "date: must be at least 10 characters", "extra: is not an argument of this tool",
                "people: must be at most 8", "price: must be at most 99.5", "tags: must have at most 2 items",
                "tags[0]: must be a string", "time: must be one of \"09:00\", \"10:00\"", "vip: must be a boolean",
                "where.room: is required",
            ])
        #expect(schema.problems(with: [:]) == ["date: is required", "people: is required"])
        #expect(schema.problems(with: "text") == ["the arguments: must be an object"])
        #expect(
            schema.problems(with: ["date": "2026-12-24", "people": .double(1.5)]) == ["people: must be an integer"])
    }

    @Test("mistakes in the file are all reported, each with where it is")
    func fileMistakes() {
        var problems: [String] = []
        let read = ToolSchema.read(
            [
                "type": "object",
                "additionalProperties": false,
                "properties": [
                    "a": ["type": "strin"],
                    "b": ["type": "array"],
                    "c": ["type": "boolean", "enum": [true]],
                    "d": ["type": "string", "minimum": 1, "pattern": "x"],
                    "e": ["type": "object"],
                    "f": ["type": "integer", "enum": [.double(1.5)]],
                ],
                "required": ["a", "z"],
            ], at: "parameters", problems: &problems)
        #expect(read == nil)
        #expect(
            problems == [
                "parameters.additionalProperties: not supported (a schema may use type, description, properties, "
                    + "required, enum, items, minimum, maximum, minLength, maxLength, minItems, maxItems)",
                "parameters.properties.a.type: must be one of object, string, number, integer, boolean, array",
                "parameters.properties.b.items: an array must say what its items are",
                "parameters.properties.c.enum: must be a non-empty list of boolean values (string, number or "
                    + "integer types only)",
                "parameters.properties.d.pattern: not supported (a schema may use type, description, properties, "
                    + "required, enum, items, minimum, maximum, minLength, maxLength, minItems, maxItems)",
                "parameters.properties.d.minimum: must be a number, on a number or integer",
                "parameters.properties.e.properties: an object inside the arguments must list its properties",
                "parameters.properties.f.enum: must be a non-empty list of integer values (string, number or "
                    + "integer types only)",
                "parameters.required: z is not one of the properties",
            ])
        var top: [String] = []
        #expect(ToolSchema.read(["type": "string"], at: "parameters", problems: &top) == nil)
        #expect(top == ["parameters.type: the arguments must be an object"])
    }
}
