import AsyncHTTPClient
import Crypto
import Foundation
import Testing

@testable import TagarelaObjectStorage

/// The signer and the client's URLs against every botocore vector: the canonical request first (the step that
/// differs says what is wrong), then the string to sign, the signature and the header or URL.
@Suite(.timeLimit(.minutes(2)))
struct SigV4VectorTests {
    let document = SigV4Vector.document

    var credentials: S3Credentials {
        S3Credentials(
            accessKeyID: document?.credentials.accessKeyId ?? "",
            secretAccessKey: document?.credentials.secretAccessKey ?? "")
    }

    @Test func theVectorsAreAllRead() throws {
        let document = try #require(document, "Tests/Fixtures/s3/sigv4-vectors.json did not decode")
        #expect(document.vectors.count == 20)
        #expect(SigV4Vector.headerSigned.count + SigV4Vector.presigned.count == document.vectors.count)
        #expect(SigV4Timestamp(SigV4Vector.signingTime).amzDate == document.timestamp)
    }

    @Test func signingKeysMatch() throws {
        let keys = try #require(document?.signingKeys)
        #expect(keys.count == 3)
        for expected in keys {
            let signer = SigV4Signer(credentials: credentials, region: expected.region)
            let key = signer.signingKey(expected.date).withUnsafeBytes { hex($0) }
            #expect(key == expected.keyHex, "\(expected.region)")
        }
    }

    @Test(arguments: SigV4Vector.headerSigned)
    func headerSignatureMatches(_ vector: SigV4Vector) throws {
        let url = try #require(vector.url.flatMap { URLComponents(string: $0) })
        // The signer adds Host, X-Amz-Date and X-Amz-Content-SHA256 itself; the rest is signed as given.
        let added: Set<String> = ["host", "x-amz-date", "x-amz-content-sha256", "authorization"]
        let headers = (vector.requestHeadersSent ?? [:]).filter { !added.contains($0.key.lowercased()) }
            .map { (name: $0.key, value: $0.value) }
        let request = SigV4Request(
            method: vector.method, host: try #require(vector.requestHeadersSent?["Host"]),
            encodedPath: url.percentEncodedPath,
            query: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, headers: headers,
            payloadHash: vector.payloadHash)
        if vector.payloadHash != SigV4Request.unsignedPayload {
            let body = Data((vector.bodyUtf8 ?? "").utf8)
            #expect(hex(SHA256.hash(data: body)) == vector.payloadHash)
        }

        let signed = SigV4Signer(credentials: credentials, region: vector.region)
            .sign(request, at: SigV4Vector.signingTime)

        #expect(signed.canonicalRequest == vector.canonicalRequest)
        #expect(signed.stringToSign == vector.stringToSign)
        #expect(signed.signature == vector.signature)
        #expect(signed.authorization == vector.authorization)
        let sent = Dictionary(uniqueKeysWithValues: signed.headers.map { ($0.name.lowercased(), $0.value) })
        for (name, value) in vector.requestHeadersSent ?? [:] where added.contains(name.lowercased()) {
            if name.lowercased() != "host" { #expect(sent[name.lowercased()] == value, "\(name)") }
        }
    }

    /// The client puts the bucket and the encoded key where the vector's URL has them.
    @Test(arguments: SigV4Vector.headerSigned)
    func clientAddressMatches(_ vector: SigV4Vector) throws {
        let settings = settings(for: vector)
        let address = vector.key.isEmpty ? settings.bucketAddress : settings.address(ofObject: vector.key)
        let url = try #require(vector.url)
        #expect(address.url == String(url.prefix(while: { $0 != "?" })))
        #expect(address.host == vector.requestHeadersSent?["Host"])
    }

    @Test(arguments: SigV4Vector.presigned)
    func presignedURLMatches(_ vector: SigV4Vector) throws {
        let url = try #require(vector.urlUnsigned.flatMap { URLComponents(string: $0) })
        let request = SigV4Request(
            method: vector.method, host: try #require(url.host) + (url.port.map { ":\($0)" } ?? ""),
            encodedPath: url.percentEncodedPath, payloadHash: SigV4Request.unsignedPayload)
        let expires = try #require(vector.expires)

        let presigned = SigV4Signer(credentials: credentials, region: vector.region)
            .presign(request, expiresIn: expires, at: SigV4Vector.signingTime)

        #expect(presigned.canonicalRequest == vector.canonicalRequest)
        #expect(presigned.stringToSign == vector.stringToSign)
        #expect(presigned.signature == vector.signature)
        #expect(vector.urlUnsigned.map { $0 + "?" + presigned.query } == vector.presignedUrl)

        // The client's own URL for the key, as a caller gets it.
        let client = S3Client(settings: settings(for: vector), httpClient: HTTPClient.shared)
        let made = try client.presignedGET(
            key: vector.key, expiresIn: .seconds(expires), now: SigV4Vector.signingTime)
        #expect(made.absoluteString == vector.presignedUrl)
    }

    func settings(for vector: SigV4Vector) -> S3Settings {
        S3Settings(
            endpoint: vector.endpoint.flatMap { URL(string: $0) }, bucket: vector.bucket, region: vector.region,
            forcePathStyle: vector.addressing == "path", credentials: credentials)
    }
}
