/// Decodes and encodes `application/x-www-form-urlencoded`, the body format of Twilio webhooks and REST calls.
public enum FormURLEncoded {
    /// Why a body could not be decoded; the webhook answers 400 for it.
    public enum DecodingError: Error, Equatable, CustomStringConvertible {
        /// A `%` not followed by two hex digits, at this byte offset of the body.
        case malformedEscape(offset: Int)
        /// The percent-decoded bytes of the name or value starting at this byte offset are not UTF-8.
        case invalidUTF8(offset: Int)

        public var description: String {
            switch self {
            case .malformedEscape(let offset):
                "malformed percent-escape at byte \(offset) of the form body"
            case .invalidUTF8(let offset):
                "the name or value at byte \(offset) of the form body does not decode to valid UTF-8"
            }
        }
    }

    /// Decodes a form body: `+` is a space, `%XX` a UTF-8 byte; `a=&b` gives `a=""` and `b=""`.
    public static func decode(_ body: String) throws -> FormParameters {
        try decode(Array(body.utf8))
    }

    /// Decodes a raw form body, rejecting malformed escapes and invalid UTF-8 instead of guessing.
    public static func decode(_ body: some Collection<UInt8>) throws -> FormParameters {
        try fields(of: Array(body), strict: true)
    }

    /// Decodes like Python's `parse_qsl`: bad escapes stay literal and bad UTF-8 becomes U+FFFD.
    ///
    /// For query strings we only read (Twilio's `bodySHA256`), where the reference validator is that lenient.
    public static func decodeLeniently(_ query: String) -> FormParameters {
        // Cannot throw: the lenient path never reports an error.
        (try? fields(of: Array(query.utf8), strict: false)) ?? FormParameters()
    }

    /// Encodes fields in order as Twilio's REST API accepts them: only `A-Za-z0-9-._~` stay as they are.
    public static func encode(_ parameters: FormParameters) -> String {
        parameters.pairs.map { percentEncode($0.name) + "=" + percentEncode($0.value) }.joined(separator: "&")
    }

    /// Encodes `(name, value)` pairs in order.
    public static func encode(_ pairs: [(name: String, value: String)]) -> String {
        encode(FormParameters(pairs))
    }

    /// Percent-encodes every UTF-8 byte outside the unreserved set, a space included (as `%20`).
    public static func percentEncode(_ string: String) -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func fields(of bytes: [UInt8], strict: Bool) throws -> FormParameters {
        var parameters = FormParameters()
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            // Empty segments (`a&&b`, a trailing `&`, an empty body) carry no field.
            if start < end {
                let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")) ?? end
                let name = try component(bytes, start..<equals, strict: strict)
                let value = equals < end ? try component(bytes, (equals + 1)..<end, strict: strict) : ""
                parameters.append(name: name, value: value)
            }
            start = end + 1
        }
        return parameters
    }

    private static func component(_ bytes: [UInt8], _ range: Range<Int>, strict: Bool) throws -> String {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                decoded.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < range.upperBound,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                decoded.append(high << 4 | low)
                index += 2
            } else if byte == UInt8(ascii: "%"), strict {
                throw DecodingError.malformedEscape(offset: index)
            } else {
                decoded.append(byte)
            }
            index += 1
        }
        guard strict else { return String(decoding: decoded, as: UTF8.self) }
        guard let string = String(validating: decoded, as: UTF8.self) else {
            throw DecodingError.invalidUTF8(offset: range.lowerBound)
        }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
