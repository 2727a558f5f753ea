import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One blocking HTTP/1.1 keep-alive connection to the server on loopback.
final class Connection {
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    init?(port: Int) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Glibc.close(fd)
            return nil
        }
    }

    /// Writes the request and reads the whole response; true when its status is 200.
    func roundTrip(_ request: [UInt8]) -> Bool {
        var sent = 0
        while sent < request.count {
            let written = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, request.count - sent, 0) }
            guard written > 0 else { return false }
            sent += written
        }
        var received = 0
        var expected: Int?
        while expected.map({ received < $0 }) ?? true {
            let read = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + received, $0.count - received, 0) }
            guard read > 0 else { return false }
            received += read
            if expected == nil { expected = Self.responseLength(buffer, received) }
        }
        return buffer.starts(with: Array("HTTP/1.1 200".utf8))
    }

    func close() {
        Glibc.close(fd)
    }

    /// Head plus `Content-Length`, once the head is complete.
    static func responseLength(_ buffer: [UInt8], _ count: Int) -> Int? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard count >= 4, let end = (0...(count - 4)).first(where: { Array(buffer[$0..<$0 + 4]) == separator })
        else { return nil }
        let head = String(decoding: buffer[0..<end], as: UTF8.self).lowercased()
        let length =
            head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return end + 4 + length
    }
}
