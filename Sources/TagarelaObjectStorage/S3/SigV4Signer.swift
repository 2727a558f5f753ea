import Crypto
import Foundation

/// AWS Signature Version 4 for S3, without I/O: the same request, keys and time always give the same signature.
/// Checked against botocore's signers (`Tests/Fixtures/s3/sigv4-vectors.json`).
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    public var credentials: S3Credentials
    /// The bucket's region (`us-east-1`, `fr-par`, `auto` for R2): it is part of the signature.
    public var region: String
    public var service: String = "s3"

    /// Signs `request` in an `Authorization` header, as of `date`.
    public func sign(_ request: SigV4Request, at date: Date) -> SigV4Signature {
        let time = SigV4Timestamp(date)
        let added: [SigV4Request.Field] = [
            ("X-Amz-Date", time.amzDate), ("X-Amz-Content-SHA256", request.payloadHash),
        ]
        let headers = canonicalHeaders(request, adding: added)
        let canonicalRequest = Self.canonicalRequest(
            request, query: canonicalQuery(request.query), headers: headers, payloadHash: request.payloadHash)
        let stringToSign = stringToSign(canonicalRequest, time: time)
        let signature = hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(time.date)))
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(time)), "
            + "SignedHeaders=\(headers.names), Signature=\(signature)"
        return SigV4Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            authorization: authorization, headers: added + [("Authorization", authorization)])
    }

    /// The key that signs everything of one day in this region: four chained HMAC-SHA256, from `AWS4` + secret.
    /// Not cached: four HMACs of a few bytes are nothing next to the round trip they sign.
    func signingKey(_ date: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// `20261201/us-east-1/s3/aws4_request`.
    func scope(_ time: SigV4Timestamp) -> String {
        "\(time.date)/\(region)/\(service)/aws4_request"
    }

    func stringToSign(_ canonicalRequest: String, time: SigV4Timestamp) -> String {
        [Self.algorithm, time.amzDate, scope(time), hex(SHA256.hash(data: Data(canonicalRequest.utf8)))]
            .joined(separator: "\n")
    }

    /// Method, path, query, headers (each line ending in a newline, so a blank line follows), signed header names,
    /// payload hash.
    static func canonicalRequest(
        _ request: SigV4Request, query: String, headers: CanonicalHeaders, payloadHash: String
    ) -> String {
        [
            request.method.uppercased(), request.encodedPath.isEmpty ? "/" : request.encodedPath, query,
            headers.block, headers.names, payloadHash,
        ].joined(separator: "\n")
    }

    /// Names and values encoded with the unreserved set (`/` too), sorted by name then value, `name=value` joined
    /// with `&`; a parameter without a value is `name=`.
    func canonicalQuery(_ query: [SigV4Request.Field]) -> String {
        let encoded: [(name: String, value: String)] = query.map {
            (S3URIEncoding.component($0.name), S3URIEncoding.component($0.value))
        }
        let sorted = encoded.sorted { $0.name == $1.name ? $0.value < $1.value : $0.name < $1.name }
        return sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    /// The signed headers: `host`, the request's own, and `added`; names lowercased, values trimmed with inner runs
    /// of whitespace collapsed, repeated names joined with `,`, sorted by name.
    func canonicalHeaders(_ request: SigV4Request, adding added: [SigV4Request.Field]) -> CanonicalHeaders {
        let replaced: Set<String> = Set(["host", "authorization"] + added.map { $0.name.lowercased() })
        var values: [String: [String]] = ["host": [request.host]]
        for (name, value) in request.headers where !replaced.contains(name.lowercased()) {
            values[name.lowercased(), default: []].append(value)
        }
        for (name, value) in added {
            values[name.lowercased(), default: []].append(value)
        }
        let names = values.keys.sorted()
        let block = names.map { name in
            name + ":" + values[name]!.map(Self.trimmed).joined(separator: ",") + "\n"
        }
        return CanonicalHeaders(block: block.joined(), names: names.joined(separator: ";"))
    }

    /// SigV4's Trimall: no leading or trailing whitespace, runs of spaces inside become one.
    static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    struct CanonicalHeaders {
        /// `name:value\n` for each header.
        var block: String
        /// `content-type;host;x-amz-content-sha256;x-amz-date`.
        var names: String
    }
}

/// Lowercase hex of a digest or MAC.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}
