/// Percent-encoding as S3 signs it: every UTF-8 byte outside `A–Z a–z 0–9 - _ . ~` becomes `%XX` (uppercase hex),
/// once. Foundation's encoders differ in ways that break signatures (`URLQueryItem` leaves `+` and `/`, `URL.path`
/// decodes), so requests are built from these strings and sent as they are signed.
enum S3URIEncoding {
    /// An object key (or any path) as a URI path: `/` stays, so `a b/ç+1` becomes `a%20b/%C3%A7%2B1`. S3, unlike
    /// other AWS services, signs this once-encoded path as it is: no double encoding, no `.`/`..` normalisation.
    static func path(_ path: String) -> String {
        encode(path, keepingSlash: true)
    }

    /// A query parameter's name or value: `/` is encoded too (`%2F`).
    static func component(_ component: String) -> String {
        encode(component, keepingSlash: false)
    }

    private static func encode(_ text: String, keepingSlash: Bool) -> String {
        var encoded = [UInt8]()
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hexDigits[Int(byte >> 4)])
                encoded.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}
