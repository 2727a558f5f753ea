import Foundation

/// One array element that may fail to decode without failing the whole webhook: Meta adds fields and types
/// without notice, and a delivery answered with 400 is retried for seven days.
struct Lossy<Wrapped: Decodable>: Decodable {
    var value: Wrapped?
    /// Why the element could not be read: the path and the kind of problem, never the values.
    var failure: String?

    init(from decoder: any Decoder) throws {
        do {
            value = try Wrapped(from: decoder)
        } catch {
            failure = Self.describe(error)
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "unreadable" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context): return "unexpected type at \(path(context))"
        case .valueNotFound(_, let context): return "null at \(path(context))"
        case .keyNotFound(let key, let context): return "missing \(key.stringValue) at \(path(context))"
        case .dataCorrupted(let context): return "corrupted data at \(path(context))"
        @unknown default: return "unreadable"
        }
    }
}

/// A value Meta sends as a string in some payloads and as a number in others (`timestamp`, `file_size`,
/// error `code`); kept as its text.
struct FlexibleString: Decodable, Equatable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else if let number = try? container.decode(Int64.self) {
            self.text = String(number)
        } else {
            self.text = String(try container.decode(Double.self))
        }
    }

    /// The text as a whole number, if it is one.
    var int: Int? { Int(text.trimmingCharacters(in: .whitespaces)) }

    /// Unix seconds as a date.
    var date: Date? {
        Double(text.trimmingCharacters(in: .whitespaces)).map { Date(timeIntervalSince1970: $0) }
    }
}

extension Array {
    /// The elements that decoded.
    func values<Wrapped>() -> [Wrapped] where Element == Lossy<Wrapped> {
        compactMap(\.value)
    }
}
