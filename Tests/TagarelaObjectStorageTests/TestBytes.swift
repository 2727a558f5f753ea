import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import TagarelaObjectStorage
import Testing

/// Reproducible bytes that are not a pattern S3 or a buffer could compress or confuse: xorshift64 from a seed, eight
/// bytes a step (a debug build makes a byte at a time slow enough to hold up the other tests).
func pseudoRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    var words = [UInt64](repeating: 0, count: (count + 7) / 8)
    for index in words.indices {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        words[index] = state
    }
    return words.withUnsafeBytes { Array($0.prefix(count)) }
}

/// The SHA-256 of `bytes`: comparing two digests is how the tests compare megabytes.
func digest(_ bytes: some DataProtocol) -> SHA256.Digest {
    SHA256.hash(data: bytes)
}

/// Bytes handed out in chunks, as a streamed upload reads them.
struct ChunkedBytes: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let bytes: [UInt8]
    let chunkSize: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let bytes: [UInt8]
        let chunkSize: Int
        var offset = 0

        mutating func next() async -> ByteBuffer? {
            guard offset < bytes.count else { return nil }
            let end = Swift.min(offset + chunkSize, bytes.count)
            defer { offset = end }
            return ByteBuffer(bytes: bytes[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(bytes: bytes, chunkSize: chunkSize)
    }
}
