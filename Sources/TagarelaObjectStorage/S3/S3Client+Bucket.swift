import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Creates the settings' bucket; one that already exists and is ours is fine. Outside us-east-1, S3 wants the
    /// region named in the body as well as in the signature.
    public func createBucket() async throws(S3Error) {
        var body: ByteBuffer?
        if settings.region != S3Settings.defaultRegion {
            body = ByteBuffer(
                string: """
                    <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\
                    <LocationConstraint>\(settings.region)</LocationConstraint></CreateBucketConfiguration>
                    """)
        }
        let hash = body.map { buffer in buffer.withUnsafeReadableBytes { hex(SHA256.hash(data: $0)) } }
        do throws(S3Error) {
            _ = try await send(
                .PUT, to: settings.bucketAddress, key: nil, body: body.map { .bytes($0) },
                payloadHash: hash ?? SigV4Request.emptyPayloadHash)
        } catch .http(409, "BucketAlreadyOwnedByYou"?, _) {
            // Created before, by these credentials: what was asked for is there.
        }
    }

    /// HeadBucket: succeeds when the bucket exists and these credentials may use it; changes nothing.
    /// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html)
    public func headBucket() async throws(S3Error) {
        _ = try await send(
            .HEAD, to: settings.bucketAddress, key: nil, body: nil, payloadHash: SigV4Request.emptyPayloadHash)
    }
}
