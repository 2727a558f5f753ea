import AsyncHTTPClient
import Foundation
import Logging
import TagarelaCore
import TagarelaFakes
import TagarelaPostgres
import TagarelaProviders
import TagarelaSQLite

/// The knowledge base: one question's retrieval over 20,000 passages of 1,536 dimensions on SQLite and
/// PostgreSQL (p50/p99 of the whole search: BM25, the int8 scan, the exact rescoring read from the store, fusion),
/// the scan's own throughput against this machine's memory bandwidth, the memory the loaded index takes, and
/// indexing through a fake embeddings server over HTTP.
///
/// Measured in the benchmark's own process (the index lives in whichever process searches); the embedding of the
/// question is left out (an in-process embedder answers at once) since it is the provider's time, not ours.
struct KnowledgePhase {
    let world: BenchWorld
    var passages = 20_000
    var dimensions = 1536
    var questions = 300

    struct StoreResult {
        var store: String
        var build: Duration
        var latencies: [Duration]
        /// Questions whose own passage came first.
        var foundFirst: Int
        var residentBefore: Int
        var residentAfter: Int
    }

    struct Result {
        var passages: Int
        var dimensions: Int
        var stores: [StoreResult]
        /// The int8 scan alone: vectors compared per second.
        var scanRate: Double
        /// Bytes a plain sequential read of a large array gets per second here: the scan's ceiling.
        var memoryBandwidth: Double
        var indexedPassages: Int
        var indexing: Duration
    }

    func run(postgresURL: String?) async throws -> Result {
        let corpus = Corpus(passages: passages, dimensions: dimensions)
        var stores: [StoreResult] = []
        var scanRate = 0.0
        let sqlitePath = world.directory.appendingPathComponent("knowledge.sqlite").path
        let sqlite = try ConversationSQLiteStore(path: sqlitePath)
        try await corpus.fill(sqlite)
        let (result, rate) = try await measure(sqlite, name: "SQLite", corpus: corpus)
        stores.append(result)
        scanRate = rate
        if let postgresURL {
            let running = try await PostgresTestDatabase.makeStore(on: PostgresSettings(url: postgresURL))
            try await corpus.fill(running.store)
            stores.append(try await measure(running.store, name: "PostgreSQL", corpus: corpus).result)
            await running.discard()
        }
        let (indexed, indexing) = try await index()
        return Result(
            passages: passages, dimensions: dimensions, stores: stores, scanRate: scanRate,
            memoryBandwidth: Self.memoryBandwidth(), indexedPassages: indexed, indexing: indexing)
    }

    /// Builds the index from `store` (timed, with the resident memory before and after), then asks the questions.
    func measure(_ store: any KnowledgeStore, name: String, corpus: Corpus) async throws -> (
        result: StoreResult, scanRate: Double
    ) {
        let index = KnowledgeIndex()
        let embedder = QuestionEmbedder(
            vectors: Dictionary(
                (0..<questions).map { corpus.target(of: $0) }.map {
                    (corpus.question(about: $0), corpus.noisyVector($0))
                },
                uniquingKeysWith: { first, _ in first }))
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let knowledge = KnowledgeBase(store: store, embedder: embedder, index: index, logger: logger)
        let before = Self.residentBytes()
        let started = ContinuousClock.now
        try await index.refresh(from: store, model: embedder.model)
        let build = ContinuousClock.now - started
        let after = Self.residentBytes()
        var latencies: [Duration] = []
        var foundFirst = 0
        for question in 0..<questions {
            let target = corpus.target(of: question)
            let asked = ContinuousClock.now
            let hits = try await knowledge.search(corpus.question(about: target), limit: 5).hits
            latencies.append(ContinuousClock.now - asked)
            if hits.first?.chunk.passage.text == corpus.text(target) { foundFirst += 1 }
        }
        let probe = corpus.noisyVector(corpus.target(of: 0))
        let scanStarted = ContinuousClock.now
        for _ in 0..<50 { _ = await index.nearest(probe, limit: 40) }
        let scanRate = Double(passages * 50) / (ContinuousClock.now - scanStarted).seconds
        return (
            StoreResult(
                store: name, build: build, latencies: latencies, foundFirst: foundFirst, residentBefore: before,
                residentAfter: after), scanRate
        )
    }

    /// `knowledge add` of 100 documents through OpenAI's embeddings endpoint on the fake, into a fresh SQLite file.
    func index() async throws -> (passages: Int, elapsed: Duration) {
        let store = try ConversationSQLiteStore(path: world.directory.appendingPathComponent("indexing.sqlite").path)
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let connection = ProviderConnection(
            httpClient: .shared, baseURL: world.openAI.baseURL, apiKey: "sk-bench", model: "text-embedding-3-small",
            timeout: .seconds(30), retryPolicy: RetryPolicy(maxAttempts: 3), timeSource: SystemTimeSource(),
            logger: logger)
        let indexer = KnowledgeIndexer(
            store: store, reader: KnowledgeReader(pdf: nil), chunker: KnowledgeChunker(),
            embedder: OpenAIEmbedder(connection: connection), timeSource: SystemTimeSource())
        let corpus = Corpus(passages: 0, dimensions: 0)
        var count = 0
        let started = ContinuousClock.now
        for document in 0..<100 {
            let text = (0..<12).map { section in
                "## Seção \(section)\n\n"
                    + (0..<3).map { corpus.sentence(seed: document * 100 + section * 3 + $0) }
                    .joined(separator: "\n\n")
            }.joined(separator: "\n\n")
            let prepared = try await indexer.prepare(Data(text.utf8), source: "doc-\(document).md")
            count += try await indexer.save(prepared).document.chunkCount
        }
        return (count, ContinuousClock.now - started)
    }

    /// Bytes per second of summing a 512 MB array: what a scan bound by memory bandwidth can reach at most.
    static func memoryBandwidth() -> Double {
        let words = 64 * 1024 * 1024
        let array = [UInt64](repeating: 1, count: words)
        var best = 0.0
        for _ in 0..<3 {
            let started = ContinuousClock.now
            var sum: UInt64 = 0
            array.withUnsafeBufferPointer { buffer in
                for value in buffer { sum &+= value }
            }
            let seconds = (ContinuousClock.now - started).seconds
            if sum == 0 { return 0 }
            best = max(best, Double(words * 8) / seconds)
        }
        return best
    }

    /// This process's resident memory now (`VmRSS`).
    static func residentBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return (line?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0) * 1024
    }
}

/// A deterministic synthetic knowledge base: passages of Portuguese-looking words with random unit vectors, and
/// questions made of a few words of one passage with its vector plus noise.
struct Corpus: Sendable {
    let passages: Int
    let dimensions: Int
    let vocabulary: [String]

    init(passages: Int, dimensions: Int) {
        self.passages = passages
        self.dimensions = dimensions
        var generator = SplitMix(seed: 42)
        let syllables = ["ba", "ca", "da", "fe", "ga", "li", "ma", "no", "pa", "que", "ra", "sa", "te", "vi", "zo"]
        vocabulary = (0..<4000).map { _ in
            (0..<(2 + Int(generator.next() % 3))).map { _ in syllables[Int(generator.next() % 15)] }.joined()
        }
    }

    func sentence(seed: Int) -> String {
        var generator = SplitMix(seed: UInt64(seed) &+ 7)
        return (0..<40).map { _ in vocabulary[Int(generator.next() % UInt64(vocabulary.count))] }.joined(
            separator: " ") + "."
    }

    func text(_ passage: Int) -> String { sentence(seed: passage) + " " + sentence(seed: passage + 1_000_000) }

    func vector(_ passage: Int) -> [Float] {
        var generator = SplitMix(seed: UInt64(passage) &* 31 &+ 3)
        return KnowledgeVector.normalized((0..<dimensions).map { _ in generator.normal() })!
    }

    func noisyVector(_ passage: Int) -> [Float] {
        var generator = SplitMix(seed: UInt64(passage) &+ 99)
        let noise = KnowledgeVector.normalized((0..<dimensions).map { _ in generator.normal() })!
        return KnowledgeVector.normalized(zip(vector(passage), noise).map { $0 + 0.8 * $1 })!
    }

    func target(of question: Int) -> Int { (question * 7919) % passages }

    /// Four words of the passage, as a question would share some of its words.
    func question(about passage: Int) -> String {
        let words = text(passage).split(separator: " ")
        return stride(from: 3, to: 35, by: 8).map { String(words[$0]) }.joined(separator: " ") + "?"
    }

    /// The passages in 20 documents, as `knowledge add` would store them.
    func fill(_ store: any KnowledgeStore) async throws {
        let perDocument = passages / 20
        for document in 0..<20 {
            let chunks = (0..<perDocument).map { offset in
                let passage = document * perDocument + offset
                return NewKnowledgeChunk(
                    passage: KnowledgePassage(heading: "Documento \(document)", text: text(passage)),
                    embedding: KnowledgeEmbedding(model: "bench", vector: KnowledgeVector.encode(vector(passage))))
            }
            try await store.saveKnowledgeDocument(
                NewKnowledgeDocument(
                    source: "doc-\(document).md", title: "Documento \(document)", contentHash: "",
                    byteCount: 0), chunks: chunks, now: Date())
        }
    }
}

/// Answers each question of the corpus with its target's noisy vector, made beforehand, at once.
struct QuestionEmbedder: Embedder {
    let vectors: [String: [Float]]
    let model = "bench"
    let batchSize = 1

    func embed(_ texts: [String], as purpose: EmbeddingPurpose) async throws -> Embeddings {
        Embeddings(vectors: texts.map { vectors[$0] ?? [] }, tokens: 0)
    }
}

/// A small, fast, seeded generator (SplitMix64), so every run builds the same corpus.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal value (Box–Muller).
    mutating func normal() -> Float {
        let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-12)
        let u2 = Double(next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
    }
}
