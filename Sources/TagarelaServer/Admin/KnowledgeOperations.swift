import Foundation
import Hummingbird
import TagarelaCore

/// What an operator does to the knowledge base, from the dashboard or the admin API: list, upload, remove and
/// search, the one place these actions live. The knowledge base is the engine's own, so a search here asks the index
/// the turns ask.
struct KnowledgeOperations: Sendable {
    let knowledge: KnowledgeBase
    let indexer: KnowledgeIndexer
    var store: any KnowledgeStore { knowledge.store }

    /// The most an upload reads, all its files together; `tagarela knowledge add` takes larger ones.
    static let maxUpload = 10 << 20
    static let uploadTooLarge =
        "The upload is over \(maxUpload >> 20) MB: add larger documents with `tagarela knowledge add`."
    /// The folder uploads are stored under: a document's source is `uploads/<its file name>`.
    static let uploadFolder = "uploads/"

    /// A document added by an upload, or found exactly as it was (`unchanged`: nothing embedded, nothing written).
    struct Added: Sendable {
        var document: KnowledgeDocument
        var unchanged: Bool
    }

    func documents() async throws -> [KnowledgeDocument] {
        try await store.knowledgeDocuments()
    }

    /// Adds an upload's files, each as `uploads/<its file name>` (the same name again replaces it, re-embedding only
    /// the passages that changed). Every file is read and cut before anything is stored, so a file that cannot be
    /// read refuses the whole upload and changes nothing.
    func add(_ files: [MultipartFormData.ParsedPart]) async throws -> [Added] {
        guard !files.isEmpty else { throw OperationError.invalid("Choose a file to upload.") }
        var prepared: [KnowledgeIndexer.Prepared] = []
        for file in files {
            let source = try Self.source(forUpload: file.filename ?? "")
            guard !prepared.contains(where: { $0.document.source == source }) else {
                throw OperationError.invalid(
                    "Nothing was added: two files are named \(source.dropFirst(Self.uploadFolder.count)).")
            }
            do {
                prepared.append(try await indexer.prepare(file.body, source: source))
            } catch let error as KnowledgeReadError {
                throw OperationError.invalid("Nothing was added: \(error).")
            }
        }
        var added: [Added] = []
        for file in prepared {
            if file.unchanged, let stored = try await store.knowledgeDocument(source: file.document.source) {
                added.append(Added(document: stored, unchanged: true))
                continue
            }
            do {
                added.append(Added(document: try await indexer.save(file).document, unchanged: false))
            } catch let error as LLMError {
                throw OperationError.providerFailed(
                    "The embedding model failed on \(file.document.source) (\(error)): \(added.count) of "
                        + "\(prepared.count) files were added before it; upload the rest again.")
            }
        }
        return added
    }

    /// The source an upload named `filename` is stored under: its last path component (some browsers send the whole
    /// path), under `uploads/`.
    static func source(forUpload filename: String) throws -> String {
        let name = String(filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name != ".", name != "..", name.count <= 255,
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw OperationError.invalid("Nothing was added: each file needs a name such as precos.md.")
        }
        return uploadFolder + name
    }

    func remove(_ id: Int64) async throws {
        guard try await store.removeKnowledgeDocument(id: id) else {
            throw OperationError.missing("There is no document \(id).")
        }
    }

    /// The best passages for `question`, best first, at most `limit`, each marked when a turn asking it would be
    /// given it: among the `KnowledgeReference.searched` best, within `KNOWLEDGE_MAX_TOKENS`.
    func search(_ question: String, limit: Int) async throws -> KnowledgeSearch {
        let question = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw OperationError.invalid("Ask a question: q is empty.") }
        let results = try await knowledge.search(question, limit: max(limit, KnowledgeReference.searched))
        let given = knowledge.fitting(Array(results.hits.prefix(KnowledgeReference.searched)))
        return KnowledgeSearch(
            question: question, hits: Array(results.hits.prefix(limit)), given: Set(given.map(\.chunk.id)),
            embeddingModel: knowledge.embedder?.model, embeddingError: results.embeddingError)
    }
}

/// What a search shows: the passages found, which a turn would be given, and how they were found.
struct KnowledgeSearch: Sendable {
    var question: String
    var hits: [KnowledgeHit]
    /// The ids of the chunks a turn asking `question` would be given.
    var given: Set<Int64>
    /// The embedding model that ranked by similarity too; nil when retrieval is full-text only.
    var embeddingModel: String?
    /// Why the question could not be embedded, when it could not: this search was full text alone.
    var embeddingError: String?
}
