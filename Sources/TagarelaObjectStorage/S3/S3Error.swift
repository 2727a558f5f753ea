/// Why an S3 operation failed. Descriptions hold the service's error code and message, never a credential.
public enum S3Error: Error, Equatable, CustomStringConvertible {
    /// No object at this key (`NoSuchKey`, or a 404 to a HEAD, which has no body).
    case notFound(key: String)
    /// The service computed another signature: a wrong secret, or a signer bug. Retrying does not help.
    case signatureDoesNotMatch(message: String?)
    /// Refused: `AccessDenied`, `InvalidAccessKeyId`, an expired URL, or a 403 to a HEAD (no body, so no code).
    case accessDenied(code: String?, message: String?)
    /// Any other answer that is not a success, with the service's error code when it sent one.
    case http(status: Int, code: String?, message: String?)
    /// No answer: the connection failed or the time limit passed.
    case transport(String)
    /// An object read whole was larger than the reader's limit.
    case tooLarge(limit: Int)
    /// A presigned URL must live between 1 second and a week.
    case invalidExpiry(seconds: Int64)

    public var description: String {
        switch self {
        case .notFound(let key):
            "S3: no object at key '\(key)'"
        case .signatureDoesNotMatch(let message):
            "S3 refused the request signature (SignatureDoesNotMatch: check AWS_SECRET_ACCESS_KEY and S3_REGION)"
                + Self.detail(message)
        case .accessDenied(let code, let message):
            "S3 denied access (\(code ?? "403"))" + Self.detail(message)
        case .http(let status, let code, let message):
            "S3 answered HTTP \(status)" + (code.map { " \($0)" } ?? "") + Self.detail(message)
        case .transport(let reason):
            "S3 did not answer: \(reason)"
        case .tooLarge(let limit):
            "S3 object is larger than \(limit) bytes"
        case .invalidExpiry(let seconds):
            "a presigned URL must expire in 1 to \(SigV4Signer.maximumExpiry) seconds, not \(seconds)"
        }
    }

    private static func detail(_ message: String?) -> String {
        message.map { ": \($0)" } ?? ""
    }
}
