import ArgumentParser
import Foundation
import Logging
import TagarelaCore
import TagarelaServer

/// `tagarela knowledge`: the documents the assistant answers from.
struct KnowledgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knowledge",
        abstract: "Add, list, remove and search the documents the assistant answers from.",
        subcommands: [Add.self, List.self, Remove.self, Search.self, Eval.self])

    struct Options: ParsableArguments {
        @Option(help: "A .env file to read instead of ./.env.")
        var envFile: String?
    }

    /// Runs `body` on the configured installation's knowledge base, errors as one line.
    static func run<Result: Sendable>(
        _ options: Options, _ body: (KnowledgeIndexer, KnowledgeBase) async throws -> Result
    ) async throws -> Result {
        let configuration = try loadConfiguration(envFile: options.envFile)
        // The output is the command's own; the log says only what goes wrong.
        let logger = LoggingSetup.bootstrap(level: .warning, format: .text)
        do {
            return try await Engine.withKnowledge(configuration, logger: logger, body)
        } catch let error as StartupFailure {
            throw error
        } catch {
            throw StartupFailure("\(error)")
        }
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add files or folders (Markdown, text, HTML, PDF); a changed file replaces its old version.",
            discussion: """
                Each file is cut into passages under its headings and, with EMBEDDINGS_PROVIDER set, embedded. \
                Adding a file again re-embeds only the passages that changed; an unchanged file costs nothing.
                """)

        @Argument(help: "Files or folders; folders are read whole (hidden files left out).")
        var paths: [String]

        @OptionGroup var options: Options

        func run() async throws {
            let files = try KnowledgeFiles.collect(paths)
            guard !files.isEmpty else { throw StartupFailure("no Markdown, text, HTML or PDF file in \(paths)") }
            let failed = try await KnowledgeCommand.run(options) { indexer, _ in
                try await KnowledgeAdding(indexer: indexer, isTerminal: isatty(STDOUT_FILENO) != 0).add(files)
            }
            if failed > 0 { throw StartupFailure("\(failed) of \(files.count) files were not added (see above)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the documents with their passages.")

        @OptionGroup var options: Options

        func run() async throws {
            let documents = try await KnowledgeCommand.run(options) { _, knowledge in
                try await knowledge.store.knowledgeDocuments()
            }
            guard !documents.isEmpty else {
                return KnowledgeCommand.write("no documents yet: tagarela knowledge add PATH\n")
            }
            for document in documents {
                KnowledgeCommand.write(
                    "\(document.id)\t\(document.source)\t\(document.chunkCount) passages\t\(document.byteCount) bytes\t"
                        + "\(document.title)\n")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove documents by id or by path.")

        @Argument(help: "Document ids (as `list` shows them) or the paths they were added from.")
        var documents: [String]

        @OptionGroup var options: Options

        func run() async throws {
            let missing = try await KnowledgeCommand.run(options) { _, knowledge in
                var missing: [String] = []
                for name in documents {
                    let store = knowledge.store
                    let id =
                        if let number = Int64(name) { number } else {
                            try await store.knowledgeDocument(source: KnowledgeFiles.source(for: name))?.id
                        }
                    if let id, try await store.removeKnowledgeDocument(id: id) {
                        KnowledgeCommand.write("removed \(name)\n")
                    } else {
                        missing.append(name)
                    }
                }
                return missing
            }
            if !missing.isEmpty { throw StartupFailure("no such document: \(missing.joined(separator: ", "))") }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the passages the assistant would be given for a question, with their scores.")

        @Argument(help: "The question, as a contact would write it.")
        var question: String

        @Option(help: "How many passages to show.")
        var limit = 5

        @OptionGroup var options: Options

        func run() async throws {
            let results = try await KnowledgeCommand.run(options) { _, knowledge in
                try await knowledge.search(question, limit: limit)
            }
            if let error = results.embeddingError {
                KnowledgeCommand.write("(the question could not be embedded, full text only: \(error))\n")
            }
            guard !results.hits.isEmpty else { return KnowledgeCommand.write("nothing found\n") }
            for (rank, hit) in results.hits.enumerated() {
                let chunk = hit.chunk
                var scores = [String(format: "score %.4f", hit.score)]
                if let text = hit.textScore { scores.append(String(format: "text %.2f", text)) }
                if let similarity = hit.similarity { scores.append(String(format: "similarity %.3f", similarity)) }
                KnowledgeCommand.write(
                    "\(rank + 1). \(chunk.place) (\(scores.joined(separator: ", ")))\n\(chunk.passage.text)\n\n")
            }
        }
    }

    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure retrieval: recall@1, recall@5 and MRR over questions with expected answers.",
            discussion: """
                FILE holds one JSON object a line: {"question": "…", "expected": "…"}, where expected is the \
                document's path or file name, or words its passage holds.
                """)

        @Argument(help: "The questions, as JSON Lines.")
        var file: String

        @Flag(help: "Also print each question that missed the first five passages.")
        var verbose = false

        @OptionGroup var options: Options

        func run() async throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw StartupFailure("cannot read \(file)")
            }
            let questions: [KnowledgeEval.Question]
            do { questions = try KnowledgeEval.questions(text) } catch { throw StartupFailure("\(file): \(error)") }
            let report = try await KnowledgeCommand.run(options) { _, knowledge in
                try await KnowledgeEval.run(questions, on: knowledge)
            }
            if verbose {
                for outcome in report.outcomes where (outcome.rank ?? .max) > 5 {
                    KnowledgeCommand.write("missed: \(outcome.question.question)\n")
                }
            }
            KnowledgeCommand.write("\(report)\n")
        }
    }
}

/// `knowledge add`'s work: every file read and cut first (so the total is known), then embedded and stored with
/// a progress line (rewritten in place on a terminal, every 10% elsewhere).
struct KnowledgeAdding {
    let indexer: KnowledgeIndexer
    let isTerminal: Bool

    /// Adds `files`; returns how many failed (each said on a line of its own).
    func add(_ files: [String]) async throws -> Int {
        var prepared: [(path: String, file: KnowledgeIndexer.Prepared)] = []
        var failed = 0
        for path in files {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                prepared.append(
                    (path, try await indexer.prepare(data, source: KnowledgeFiles.source(for: path))))
            } catch {
                failed += 1
                KnowledgeCommand.write("failed: \(path): \(error)\n")
            }
        }
        var progress = KnowledgeProgress(total: prepared.reduce(0) { $0 + $1.file.missing.count })
        let started = ContinuousClock.now
        var shownStep = 0
        for (path, file) in prepared {
            if file.unchanged {
                KnowledgeCommand.write("unchanged: \(path)\n")
                continue
            }
            do {
                let (document, _) = try await indexer.save(file) { count in
                    progress.done += count
                    progress.elapsed = ContinuousClock.now - started
                    show(progress, &shownStep)
                }
                if isTerminal { KnowledgeCommand.write("\r\u{1B}[K") }
                let embedded = file.missing.isEmpty ? "" : ", \(file.missing.count) embedded"
                KnowledgeCommand.write("added: \(path): \(document.chunkCount) passages\(embedded)\n")
            } catch {
                failed += 1
                KnowledgeCommand.write((isTerminal ? "\r\u{1B}[K" : "") + "failed: \(path): \(error)\n")
            }
        }
        if progress.total > 0 { KnowledgeCommand.write("\(progress)\n") }
        return failed
    }

    private func show(_ progress: KnowledgeProgress, _ shownStep: inout Int) {
        if isTerminal {
            KnowledgeCommand.write("\r\u{1B}[K\(progress)")
            return
        }
        let step = progress.total == 0 ? 10 : progress.done * 10 / progress.total
        if step > shownStep {
            shownStep = step
            KnowledgeCommand.write("\(progress)\n")
        }
    }
}
