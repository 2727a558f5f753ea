/// The name/value pairs of a form body or query string, in the order they arrived; names may repeat.
public struct FormParameters: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// One `name=value` field, already percent-decoded.
    public struct Pair: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    /// Every field, in arrival order, duplicates included (Twilio signs each repeated value).
    public private(set) var pairs: [Pair]

    public init(_ pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs.map { Pair(name: $0.name, value: $0.value) }
    }

    public init(pairs: [Pair]) {
        self.pairs = pairs
    }

    public init(arrayLiteral elements: (String, String)...) {
        self.init(elements.map { (name: $0.0, value: $0.1) })
    }

    public var isEmpty: Bool { pairs.isEmpty }

    public var count: Int { pairs.count }

    /// The distinct names, in order of first appearance.
    public var names: [String] {
        var seen: Set<String> = []
        return pairs.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    }

    /// The first value sent for `name`, or `nil` when the field is absent (an empty value is `""`).
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value sent for `name`, in arrival order.
    public func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// The first value for `name` unless it is absent or empty: Twilio sends optional fields as `""`.
    public func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }

    public mutating func append(name: String, value: String) {
        pairs.append(Pair(name: name, value: value))
    }
}
