import Foundation
import Synchronization

/// The knowledge base's search structures, kept in the process and rebuilt when the store says the chunks changed
/// (`KnowledgeVersion`, one cheap read per search), so every store is searched alike and fast.
///
/// - Full text: BM25 over `SearchText.tokens` (Portuguese plurals and accents folded as the photo catalogue folds
///   them).
/// - Vectors: an exact scan of every chunk's embedding as int8 (a quarter of float32's bytes, so the scan is bound by
///   memory bandwidth, not by the arithmetic); the best candidates are then rescored exactly from their float16
///   (`KnowledgeBase`).
public actor KnowledgeIndex {
    /// BM25's usual constants: how fast a term's weight saturates with repeats, and how much length counts.
    static let k1: Double = 1.2
    static let b: Double = 0.75

    private(set) var version: KnowledgeVersion?
    private(set) var model: String?
    private var ids: [Int64] = []
    /// Term → (chunk index, term count) for every chunk that has it.
    private var postings: [String: [(chunk: Int32, count: UInt16)]] = [:]
    private var lengths: [Int32] = []
    private var averageLength: Double = 1
    /// `dimensions` int8 values per chunk, back to back; a chunk without a vector of `model` is all zeros.
    private var vectors: [Int8] = []
    private var scales: [Float] = []
    private(set) var dimensions = 0

    public init() {}

    /// Chunks read per page while building: the whole base is never held as rows at once.
    static let page = 1000

    /// Rebuilds from `store` when its chunks changed or the embedding model is another.
    public func refresh(from store: any KnowledgeStore, model: String?) async throws {
        let current = try await store.knowledgeVersion()
        guard current != version || model != self.model else { return }
        var ids: [Int64] = []
        var postings: [String: [(chunk: Int32, count: UInt16)]] = [:]
        var lengths: [Int32] = []
        var vectors: [Int8] = []
        var scales: [Float] = []
        var dimensions = 0
        var after: Int64 = 0
        while true {
            let chunks = try await store.knowledgeChunks(afterID: after, limit: Self.page)
            for chunk in chunks {
                let index = Int32(ids.count)
                ids.append(chunk.id)
                var counts: [Substring: Int] = [:]
                let tokens = chunk.passage.searchText.split(separator: " ")
                for token in tokens { counts[token, default: 0] += 1 }
                for (term, count) in counts {
                    postings[String(term), default: []].append((index, UInt16(clamping: count)))
                }
                lengths.append(Int32(tokens.count))
                var values: [Float] = []
                if let embedding = chunk.embedding, embedding.model == model {
                    values = KnowledgeVector.decode(embedding.vector)
                    if dimensions == 0 { dimensions = values.count }
                }
                if values.count != dimensions { values = Array(repeating: 0, count: dimensions) }
                let (quantized, scale) = KnowledgeVector.quantized(values)
                // Chunks before the first vector had none: their zeros are written once the length is known.
                vectors += Array(repeating: 0, count: Int(index) * dimensions - vectors.count)
                vectors += quantized
                scales.append(scale)
            }
            guard let last = chunks.last, chunks.count == Self.page else { break }
            after = last.id
        }
        self.ids = ids
        self.postings = postings
        self.lengths = lengths
        let totalLength = lengths.reduce(0) { $0 + Int($1) }
        self.averageLength = lengths.isEmpty ? 1 : max(1, Double(totalLength) / Double(lengths.count))
        self.vectors = vectors
        self.scales = scales
        self.dimensions = dimensions
        self.model = model
        // Read last: a change made while building shows as a new version at the next search.
        self.version = current
    }

    public var chunkCount: Int { ids.count }

    /// The best chunks for `tokens` by BM25, best first, at most `limit`.
    public func textMatches(_ tokens: [String], limit: Int) -> [(id: Int64, score: Double)] {
        let total = Double(ids.count)
        var scores: [Int32: Double] = [:]
        for term in Set(tokens) {
            guard let found = postings[term] else { continue }
            let present = Double(found.count)
            let weight = log(1 + (total - present + 0.5) / (present + 0.5))
            for (chunk, count) in found {
                let frequency = Double(count)
                let norm = Self.k1 * (1 - Self.b + Self.b * Double(lengths[Int(chunk)]) / averageLength)
                scores[chunk, default: 0] += weight * frequency * (Self.k1 + 1) / (frequency + norm)
            }
        }
        var best = TopScores(limit: limit)
        for (chunk, score) in scores { best.offer(Int(chunk), score) }
        return best.sorted.map { (ids[$0.index], $0.score) }
    }

    /// The chunks nearest to `query` (normalised) by the int8 scan, best first, at most `limit`; empty when the
    /// index holds no vector of that length.
    public func nearest(_ query: [Float], limit: Int) -> [(id: Int64, score: Float)] {
        guard dimensions > 0, query.count == dimensions, !ids.isEmpty else { return [] }
        let (probe, probeScale) = KnowledgeVector.quantized(query)
        let dimensions = dimensions
        let count = scales.count
        // One stripe per core: the scan is bound by memory bandwidth, which one core alone does not fill.
        let stripes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / 2048))
        let found = Mutex([TopScores](repeating: TopScores(limit: limit), count: stripes))
        vectors.withUnsafeBufferPointer { all in
            probe.withUnsafeBufferPointer { probe in
                scales.withUnsafeBufferPointer { scales in
                    // Read only, and only until concurrentPerform returns: the buffers outlive every stripe.
                    nonisolated(unsafe) let rows = all.baseAddress!
                    nonisolated(unsafe) let query = probe.baseAddress!
                    nonisolated(unsafe) let scale = scales.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                        var best = TopScores(limit: limit)
                        for chunk in stride(from: stripe * count / stripes, to: (stripe + 1) * count / stripes, by: 1) {
                            let score =
                                Float(Self.dot(rows + chunk * dimensions, query, count: dimensions)) * probeScale
                                * scale[chunk]
                            best.offer(chunk, Double(score))
                        }
                        found.withLock { $0[stripe] = best }
                    }
                }
            }
        }
        var best = TopScores(limit: limit)
        for stripe in found.withLock({ $0 }) {
            for kept in stripe.kept { best.offer(kept.index, kept.score) }
        }
        return best.sorted.map { (ids[$0.index], Float($0.score)) }
    }

    /// The int8 dot product, summed in 32 bits; written plainly, which the compiler vectorises (measured here as
    /// fast as hand-written SIMD types on the baseline x86-64 target).
    @inline(__always)
    static func dot(_ lhs: UnsafePointer<Int8>, _ rhs: UnsafePointer<Int8>, count: Int) -> Int32 {
        var sum: Int32 = 0
        for index in 0..<count {
            sum &+= Int32(truncatingIfNeeded: lhs[index]) &* Int32(truncatingIfNeeded: rhs[index])
        }
        return sum
    }
}

/// The `limit` highest positive scores seen, kept as they come in (a scan offers thousands and keeps forty):
/// best first, equal scores by index (older chunks first).
struct TopScores {
    let limit: Int
    /// Ascending, so the weakest kept is first.
    private(set) var kept: [(index: Int, score: Double)] = []

    init(limit: Int) {
        self.limit = max(limit, 0)
    }

    mutating func offer(_ index: Int, _ score: Double) {
        guard score > 0, limit > 0 else { return }
        if kept.count == limit {
            guard let weakest = kept.first, Self.before(weakest, (index, score)) else { return }
            kept.removeFirst()
        }
        let position = kept.firstIndex { Self.before((index, score), $0) } ?? kept.count
        kept.insert((index, score), at: position)
    }

    /// Whether `lhs` ranks below `rhs`: a lower score, or the same score and a later index.
    static func before(_ lhs: (index: Int, score: Double), _ rhs: (index: Int, score: Double)) -> Bool {
        lhs.score != rhs.score ? lhs.score < rhs.score : lhs.index > rhs.index
    }

    var sorted: [(index: Int, score: Double)] { kept.reversed() }
}
