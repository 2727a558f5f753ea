import Foundation

extension S3Client {
    /// A URL anyone can GET the object at `key` with, until `expiresIn` (1 second to 7 days) after `now` (the
    /// client's clock by default). It allows GET only: a HEAD to it is refused, and so is any other host or path
    /// encoding. Nothing is sent: a URL for a missing key is made all the same.
    public func presignedGET(key: String, expiresIn: Duration, now: Date? = nil) throws(S3Error) -> URL {
        let seconds = expiresIn.components.seconds
        guard (1...Int64(SigV4Signer.maximumExpiry)).contains(seconds) else { throw .invalidExpiry(seconds: seconds) }
        let address = settings.address(ofObject: settings.objectKey(key))
        let request = SigV4Request(
            method: "GET", host: address.host, encodedPath: address.encodedPath,
            payloadHash: SigV4Request.unsignedPayload)
        let presigned = signer.presign(request, expiresIn: Int(seconds), at: now ?? self.now())
        // Built from strings already encoded: URL(string:) keeps them byte for byte.
        guard let url = URL(string: address.url + "?" + presigned.query) else {
            throw .transport("could not form a URL from \(address.url)")
        }
        return url
    }
}
