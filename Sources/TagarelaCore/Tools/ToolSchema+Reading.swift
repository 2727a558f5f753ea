import Foundation

extension ToolSchema {
    /// Reads a schema as written in a tools file, adding one line per mistake to `problems`, each naming where
    /// (`parameters.properties.date.type`). Nil when it cannot be used. Every mistake is reported, not only the
    /// first, so one start-up shows them all.
    public static func read(_ value: JSONValue, at path: String, problems: inout [String]) -> ToolSchema? {
        guard value["type"]?.stringValue == Kind.object.rawValue else {
            problems.append("\(path).type: the arguments must be an object")
            return nil
        }
        return read(value, at: path, nested: false, problems: &problems)
    }

    private static func read(_ value: JSONValue, at path: String, nested: Bool, problems: inout [String])
        -> ToolSchema?
    {
        guard case .object(let fields) = value else {
            problems.append("\(path): must be a schema object (with a type)")
            return nil
        }
        let before = problems.count
        for key in fields.keys.sorted() where !keywords.contains(key) {
            problems.append(
                "\(path).\(key): not supported (a schema may use \(keywords.joined(separator: ", ")))")
        }
        guard let name = fields["type"]?.stringValue, let kind = Kind(rawValue: name) else {
            problems.append(
                "\(path).type: must be one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        var schema = ToolSchema(type: kind)
        if let description = fields["description"] {
            if let text = description.stringValue {
                schema.description = text
            } else {
                problems.append("\(path).description: must be text")
            }
        }
        schema.readObject(fields, at: path, nested: nested, problems: &problems)
        schema.readArray(fields, at: path, problems: &problems)
        schema.readBounds(fields, at: path, problems: &problems)
        if let values = fields["enum"] {
            if case .array(let list) = values, !list.isEmpty, list.allSatisfy({ Self.fits($0, kind) }) {
                schema.allowed = list
            } else {
                problems.append(
                    "\(path).enum: must be a non-empty list of \(kind.rawValue) values (string, number or integer types only)"
                )
            }
        }
        return problems.count == before ? schema : nil
    }

    /// Whether `value` may be an `enum` value of a schema of type `kind`.
    private static func fits(_ value: JSONValue, _ kind: Kind) -> Bool {
        switch (kind, value) {
        case (.string, .string), (.integer, .int), (.number, .int), (.number, .double): true
        default: false
        }
    }

    private mutating func readObject(
        _ fields: [String: JSONValue], at path: String, nested: Bool, problems: inout [String]
    ) {
        guard type == .object else {
            for key in ["properties", "required"] where fields[key] != nil {
                problems.append("\(path).\(key): only an object has \(key)")
            }
            return
        }
        if let list = fields["properties"] {
            guard case .object(let named) = list else {
                problems.append("\(path).properties: must map each argument's name to its schema")
                return
            }
            for (name, value) in named.sorted(by: { $0.key < $1.key }) {
                if let schema = Self.read(value, at: "\(path).properties.\(name)", nested: true, problems: &problems) {
                    properties[name] = schema
                }
            }
        } else if nested {
            // Gemini refuses an object inside the arguments whose properties are not listed.
            problems.append("\(path).properties: an object inside the arguments must list its properties")
        }
        guard let list = fields["required"] else { return }
        guard case .array(let names) = list, names.allSatisfy({ $0.stringValue != nil }) else {
            problems.append("\(path).required: must be a list of property names")
            return
        }
        required = names.compactMap(\.stringValue)
        for name in required where !(fields["properties"]?.objectValue?.keys.contains(name) ?? false) {
            problems.append("\(path).required: \(name) is not one of the properties")
        }
    }

    private mutating func readArray(_ fields: [String: JSONValue], at path: String, problems: inout [String]) {
        guard type == .array else {
            if fields["items"] != nil { problems.append("\(path).items: only an array has items") }
            return
        }
        guard let value = fields["items"] else {
            problems.append("\(path).items: an array must say what its items are")
            return
        }
        items = Self.read(value, at: "\(path).items", nested: true, problems: &problems)
    }

    private mutating func readBounds(_ fields: [String: JSONValue], at path: String, problems: inout [String]) {
        let numeric = type == .number || type == .integer
        for key in ["minimum", "maximum"] {
            guard let value = fields[key] else { continue }
            guard numeric, let number = value.number else {
                problems.append("\(path).\(key): must be a number, on a number or integer")
                continue
            }
            if key == "minimum" { minimum = number } else { maximum = number }
        }
        let counted: [(String, Kind, WritableKeyPath<ToolSchema, Int?>)] = [
            ("minLength", .string, \.minLength), ("maxLength", .string, \.maxLength),
            ("minItems", .array, \.minItems), ("maxItems", .array, \.maxItems),
        ]
        for (key, owner, field) in counted {
            guard let value = fields[key] else { continue }
            guard type == owner, case .int(let count) = value, count >= 0 else {
                problems.append("\(path).\(key): must be a whole number of at least 0, on a \(owner.rawValue)")
                continue
            }
            self[keyPath: field] = count
        }
    }
}
