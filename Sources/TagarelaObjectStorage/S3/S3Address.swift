import Foundation

/// Where one request goes, as it is signed and sent: the scheme, the `Host` header and the encoded path.
struct S3Address: Sendable, Equatable {
    var scheme: String
    /// With the port when it is not the scheme's default: the signature covers it.
    var host: String
    var encodedPath: String

    var url: String { "\(scheme)://\(host)\(encodedPath)" }
}

extension S3Settings {
    /// The object `key` (already under the prefix), each path segment encoded once.
    func address(ofObject key: String) -> S3Address {
        address(encodedKeyPath: "/" + S3URIEncoding.path(key))
    }

    /// The bucket itself (create it, list it).
    var bucketAddress: S3Address {
        address(encodedKeyPath: "")
    }

    /// Path style: `host/base/bucket/key`; the bucket in the host name: `bucket.host/base/key`.
    private func address(encodedKeyPath: String) -> S3Address {
        let (scheme, host, basePath) = serviceRoot
        if forcePathStyle {
            return S3Address(scheme: scheme, host: host, encodedPath: basePath + "/" + bucket + encodedKeyPath)
        }
        let path = basePath + encodedKeyPath
        return S3Address(scheme: scheme, host: bucket + "." + host, encodedPath: path.isEmpty ? "/" : path)
    }

    /// The endpoint's scheme, host (and port) and encoded path without a trailing `/`; AWS's own for the region
    /// when no endpoint is set.
    var serviceRoot: (scheme: String, host: String, basePath: String) {
        guard let endpoint, let components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) else {
            return ("https", "s3.\(region).amazonaws.com", "")
        }
        let (scheme, host) = Self.authority(components)
        var basePath = components.percentEncodedPath
        while basePath.hasSuffix("/") { basePath.removeLast() }
        return (scheme, host, basePath)
    }

    /// A URL's scheme (`https` when it has none) and its `Host` header: an IPv6 address in brackets, with the port
    /// when it is not the scheme's default.
    static func authority(_ components: URLComponents) -> (scheme: String, host: String) {
        let scheme = components.scheme?.lowercased() ?? "https"
        var host = components.host ?? ""
        if host.contains(":") { host = "[\(host)]" }  // an IPv6 address
        if let port = components.port, port != (scheme == "http" ? 80 : 443) { host += ":\(port)" }
        return (scheme, host)
    }
}
