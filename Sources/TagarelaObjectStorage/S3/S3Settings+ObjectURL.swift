import Foundation

extension S3Settings {
    /// The whole object key (the prefix included, percent-decoded) that `link` names in this bucket: an
    /// `s3://bucket/key` URI, or an http(s) URL in path style (`host/bucket/key`) or with the bucket in the host name
    /// (`bucket.host/key`), on the endpoint or, without one, on AWS's hosts for the region. Nil for anything else:
    /// another bucket, another host, a bucket without a key.
    public func objectKey(named link: URL) -> String? {
        guard let components = URLComponents(url: link, resolvingAgainstBaseURL: false), components.host != nil
        else { return nil }
        let (scheme, authority) = Self.authority(components)
        let host = authority.lowercased()
        let bucket = bucket.lowercased()
        if scheme == "s3" { return host == bucket ? Self.key(components.percentEncodedPath, below: "") : nil }
        guard scheme == "http" || scheme == "https" else { return nil }
        // AWS answers on more than the one host requests are sent to.
        let root = serviceRoot
        let roots =
            endpoint != nil
            ? [(root.host.lowercased(), root.basePath)]
            : ["s3.\(region).amazonaws.com", "s3-\(region).amazonaws.com", "s3.amazonaws.com"].map { ($0, "") }
        for (serviceHost, basePath) in roots {
            if host == bucket + "." + serviceHost { return Self.key(components.percentEncodedPath, below: basePath) }
            if host == serviceHost { return Self.key(components.percentEncodedPath, below: basePath + "/" + bucket) }
        }
        return nil
    }

    /// The decoded key of `path` below `folder` (`/images/a%20b.jpg` below `` is `images/a b.jpg`); nil when the
    /// path is not below it or names no key.
    private static func key(_ path: String, below folder: String) -> String? {
        guard path.hasPrefix(folder + "/") else { return nil }
        let key = String(path.dropFirst(folder.count + 1)).removingPercentEncoding ?? ""
        return key.isEmpty ? nil : key
    }
}
