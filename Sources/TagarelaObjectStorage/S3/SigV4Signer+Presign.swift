import Crypto
import Foundation

extension SigV4Signer {
    /// The longest a presigned URL may live: S3 refuses `X-Amz-Expires` above a week.
    public static let maximumExpiry = 604_800

    /// Signs `request` in its query string (a presigned URL) valid `expiresIn` seconds from `date`: only `host` (and
    /// the request's own headers, which whoever follows the URL must then send) is signed, and the payload is
    /// `UNSIGNED-PAYLOAD`. The URL is bound to the method: a presigned GET refuses a HEAD.
    public func presign(_ request: SigV4Request, expiresIn: Int, at date: Date) -> SigV4Presignature {
        let time = SigV4Timestamp(date)
        let headers = canonicalHeaders(request, adding: [])
        let parameters: [SigV4Request.Field] = [
            ("X-Amz-Algorithm", Self.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(time))"),
            ("X-Amz-Date", time.amzDate),
            ("X-Amz-Expires", String(expiresIn)),
            ("X-Amz-SignedHeaders", headers.names),
        ]
        let query = canonicalQuery(request.query + parameters)
        let canonicalRequest = Self.canonicalRequest(
            request, query: query, headers: headers, payloadHash: SigV4Request.unsignedPayload)
        let stringToSign = stringToSign(canonicalRequest, time: time)
        let signature = hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(time.date)))
        // The signature is not part of what it signs, so it goes last, outside the sorted query.
        return SigV4Presignature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            query: query + "&X-Amz-Signature=" + signature)
    }
}
