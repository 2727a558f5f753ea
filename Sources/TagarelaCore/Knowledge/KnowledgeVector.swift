import Foundation

/// How the knowledge base keeps and compares embeddings.
///
/// Stored as little-endian float16: 3 KB for 1,536 dimensions, half of float32, and closer than any ranking can
/// tell (a float16 keeps about three decimal digits; cosine scores of neighbours differ in the second). Scanned as
/// int8 with one scale per vector (1.5 KB, a quarter of float32), then the best candidates are rescored exactly
/// from their float16.
public enum KnowledgeVector {
    /// The vector scaled to length 1, so that a dot product is the cosine similarity; nil for a zero vector.
    public static func normalized(_ vector: [Float]) -> [Float]? {
        var sum: Float = 0
        for value in vector { sum += value * value }
        guard sum > 0, sum.isFinite else { return nil }
        let scale = 1 / sum.squareRoot()
        return vector.map { $0 * scale }
    }

    /// Little-endian float16 bytes of `vector`.
    public static func encode(_ vector: [Float]) -> Data {
        var data = Data(count: vector.count * 2)
        data.withUnsafeMutableBytes { raw in
            for (index, value) in vector.enumerated() {
                raw.storeBytes(of: Float16(value).bitPattern.littleEndian, toByteOffset: index * 2, as: UInt16.self)
            }
        }
        return data
    }

    /// The floats `encode` wrote.
    public static func decode(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in
            (0..<raw.count / 2).map { index in
                Float(
                    Float16(
                        bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)))
                )
            }
        }
    }

    /// A vector as int8 and the scale that maps 127 back to its largest magnitude.
    public static func quantized(_ vector: [Float]) -> (values: [Int8], scale: Float) {
        let largest = vector.reduce(Float(0)) { max($0, abs($1)) }
        guard largest > 0 else { return (Array(repeating: 0, count: vector.count), 0) }
        let factor = 127 / largest
        return (vector.map { Int8(clamping: Int(($0 * factor).rounded())) }, largest / 127)
    }

    public static func dot(_ lhs: [Float], _ rhs: [Float]) -> Float {
        var sum: Float = 0
        for index in 0..<min(lhs.count, rhs.count) { sum += lhs[index] * rhs[index] }
        return sum
    }
}
