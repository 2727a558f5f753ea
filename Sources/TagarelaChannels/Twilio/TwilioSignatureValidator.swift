import Crypto
import Foundation

/// Checks `X-Twilio-Signature` exactly as Twilio's own `RequestValidator` (twilio-python 9.13) does.
///
/// Callers pass the full public URL Twilio requested (behind a proxy: rebuilt from the forwarded headers), the
/// decoded form for a form POST or `nil` for any other body, the raw body, and the two signature headers.
public struct TwilioSignatureValidator: Sendable {
    /// The HMAC Twilio signed with, chosen by `X-Twilio-Webhooks-Signature-Settings`.
    public enum Algorithm: String, Sendable, CaseIterable {
        case hmacSHA1 = "HMAC_SHA1"
        case hmacSHA256 = "HMAC_SHA256"

        /// Reads the settings header like `get_signature_algorithm`: the first `algorithm=` part wins, and a
        /// missing or empty header (or one without it) means HMAC_SHA1. `nil` for an algorithm we lack.
        public init?(signatureSettings: String?) {
            var name = Algorithm.hmacSHA1.rawValue
            for part in (signatureSettings ?? "").split(separator: ",", omittingEmptySubsequences: false) {
                guard let equals = part.firstIndex(of: "=") else { continue }
                let key = part[..<equals].trimmingCharacters(in: .whitespacesAndNewlines)
                let value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespacesAndNewlines)
                if key == "algorithm", !value.isEmpty {
                    name = value
                    break
                }
            }
            // The reference upper-cases the name before looking it up, so `hmac_sha256` is accepted.
            self.init(rawValue: name.uppercased())
        }
    }

    public static let signatureHeader = "X-Twilio-Signature"
    public static let signatureSettingsHeader = "X-Twilio-Webhooks-Signature-Settings"

    private let authToken: String
    private let sharedKeySecret: String?

    /// `sharedKeySecret` signs HMAC_SHA256 webhooks when configured; otherwise the auth token signs everything.
    public init(authToken: String, sharedKeySecret: String? = nil) {
        self.authToken = authToken
        self.sharedKeySecret = sharedKeySecret.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the request carries a valid signature. `parameters` is the decoded form of a form POST and
    /// `nil` for a raw body (JSON), which must then be covered by a `bodySHA256` query parameter.
    public func isValid(
        url: String,
        parameters: FormParameters?,
        rawBody: some Collection<UInt8> = [UInt8](),
        signature: String?,
        signatureSettings: String? = nil
    ) -> Bool {
        guard let signature, let algorithm = Algorithm(signatureSettings: signatureSettings),
            let signedURL = TwilioSignedURL(url)
        else { return false }
        let secret = algorithm == .hmacSHA256 ? sharedKeySecret ?? authToken : authToken
        var bodyMatches = true
        if parameters == nil {
            let query = FormURLEncoded.decodeLeniently(signedURL.query)
            // Like `parse_qs`, blank values do not count: the first non-empty `bodySHA256` is the one.
            if let expected = query.values("bodySHA256").first(where: { !$0.isEmpty }) {
                bodyMatches = ConstantTime.equals(Self.sha256Hex(rawBody), expected)
            } else if !rawBody.isEmpty {
                // The reference raises here: a raw body that no hash covers is never accepted.
                return false
            }
        }
        let form = parameters ?? FormParameters()
        let withoutPort = Self.computeSignature(
            url: signedURL.withoutPort, parameters: form, secret: secret, algorithm: algorithm)
        let withPort = Self.computeSignature(
            url: signedURL.withPort, parameters: form, secret: secret, algorithm: algorithm)
        // Both comparisons always run, so timing does not reveal which spelling matched.
        let matchesWithoutPort = ConstantTime.equals(withoutPort, signature)
        let matchesWithPort = ConstantTime.equals(withPort, signature)
        return bodyMatches && (matchesWithoutPort || matchesWithPort)
    }

    /// The signature of `url` plus the form: each distinct name in code-point order followed by its distinct
    /// values in code-point order, HMAC'd with `secret` and base64-encoded. Test fakes sign webhooks with it.
    public static func computeSignature(
        url: String,
        parameters: FormParameters = FormParameters(),
        secret: String,
        algorithm: Algorithm = .hmacSHA1
    ) -> String {
        // UTF-8 byte order is code-point order, and byte equality is Python's `set` equality; `String`
        // comparison would merge canonically equivalent names or values that Twilio keeps apart.
        let fields = parameters.pairs.map { (name: Array($0.name.utf8), value: Array($0.value.utf8)) }
        let sorted = fields.sorted {
            $0.name == $1.name
                ? $0.value.lexicographicallyPrecedes($1.value) : $0.name.lexicographicallyPrecedes($1.name)
        }
        var message = Array(url.utf8)
        var previous: (name: [UInt8], value: [UInt8])?
        for field in sorted where previous.map({ $0.name != field.name || $0.value != field.value }) ?? true {
            message += field.name + field.value
            previous = field
        }
        let key = SymmetricKey(data: Array(secret.utf8))
        let mac: Data =
            switch algorithm {
            case .hmacSHA1: Data(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
            case .hmacSHA256: Data(HMAC<SHA256>.authenticationCode(for: message, using: key))
            }
        return mac.base64EncodedString()
    }

    /// Lower-case hex SHA-256, as Twilio puts it in `bodySHA256`.
    static func sha256Hex(_ body: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        let hex = SHA256.hash(data: Array(body)).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }
        return String(decoding: hex, as: UTF8.self)
    }
}
