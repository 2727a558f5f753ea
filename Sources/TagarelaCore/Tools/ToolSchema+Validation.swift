import Foundation

extension ToolSchema {
    /// What is wrong with `value` under this schema, one line per problem naming the argument
    /// (`order_id: must be a string`); empty when it fits. Arguments the schema does not list are refused too, so
    /// the model cannot add one the business did not declare.
    public func problems(with value: JSONValue, at path: String = "") -> [String] {
        let name = path.isEmpty ? "the arguments" : path
        func nested(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
        var found: [String] = []
        switch (type, value) {
        case (.object, .object(let fields)):
            for key in required where fields[key] == nil || fields[key] == .null {
                found.append("\(nested(key)): is required")
            }
            for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                guard let schema = properties[key] else {
                    found.append("\(nested(key)): is not an argument of this tool")
                    continue
                }
                // A null for an optional argument means "not given", as models often send it.
                if field == .null, !required.contains(key) { continue }
                found += schema.problems(with: field, at: nested(key))
            }
        case (.array, .array(let values)):
            if let minItems, values.count < minItems { found.append("\(name): must have at least \(minItems) items") }
            if let maxItems, values.count > maxItems { found.append("\(name): must have at most \(maxItems) items") }
            if let items {
                for (index, item) in values.enumerated() {
                    found += items.problems(with: item, at: "\(name)[\(index)]")
                }
            }
        case (.string, .string(let text)):
            // JSON Schema counts a string's length in characters (code points).
            let length = text.unicodeScalars.count
            if let minLength, length < minLength { found.append("\(name): must be at least \(minLength) characters") }
            if let maxLength, length > maxLength { found.append("\(name): must be at most \(maxLength) characters") }
        case (.integer, .int), (.number, .int), (.number, .double), (.boolean, .bool): break
        case (.integer, .double(let number)) where number.rounded() == number: break
        default:
            let article = [.integer, .array, .object].contains(type) ? "an" : "a"
            found.append("\(name): must be \(article) \(type.rawValue)")
            return found
        }
        if let number = value.number {
            if let minimum, number < minimum { found.append("\(name): must be at least \(Self.plain(minimum))") }
            if let maximum, number > maximum { found.append("\(name): must be at most \(Self.plain(maximum))") }
        }
        if let allowed, !allowed.contains(where: { Self.same($0, value) }) {
            found.append("\(name): must be one of \(allowed.map(\.jsonText).joined(separator: ", "))")
        }
        return found
    }

    /// Equal as JSON values, an integer matching the same whole double (`2` and `2.0`).
    static func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let a = left.number, let b = right.number { return a == b }
        return left == right
    }

    /// A bound as written: `3`, not `3.0`.
    static func plain(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
