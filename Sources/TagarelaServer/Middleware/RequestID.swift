import Foundation
import HTTPTypes

/// The id that ties one request's log lines together, and to the caller's and the proxy's logs.
enum RequestID {
    /// A caller's id longer than this is not an id but a way to fill our logs.
    static let maxLength = 128

    /// The caller's `X-Request-Id` when it is sane (1 to 128 visible ASCII characters: nothing that could
    /// break a log line or a header), else a new one.
    static func resolve(_ incoming: String?) -> String {
        if let incoming, isSane(incoming) { return incoming }
        return generate()
    }

    static func isSane(_ value: String) -> Bool {
        let bytes = value.utf8
        return !bytes.isEmpty && bytes.count <= maxLength && bytes.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// 32 random hexadecimal digits: unique across instances, unlike a per-process counter.
    static func generate() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`. The name is a constant valid token, so the initializer never fails; the fallback only
    /// keeps this free of a force unwrap.
    static let requestID = HTTPField.Name("X-Request-Id") ?? .via
}
