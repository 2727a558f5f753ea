import Foundation
import NIOCore

extension Data {
    /// The readable bytes of `buffer` without copying them: the `Data` keeps the buffer's storage alive and lets it
    /// go when it goes (what NIOFoundationCompat's `.noCopy` does). A download is then held once, not twice, on its
    /// way to where it is kept.
    public init(sharing buffer: ByteBuffer) {
        guard buffer.readableBytes > 0 else {
            self.init()
            return
        }
        self = buffer.withUnsafeReadableBytesWithStorageManagement { bytes, storage in
            let kept = storage.retain()
            return Data(
                bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: bytes.count,
                deallocator: .custom { _, _ in kept.release() })
        }
    }
}
