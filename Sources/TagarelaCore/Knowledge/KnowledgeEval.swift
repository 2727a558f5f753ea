import Foundation

/// `tagarela knowledge eval`: how well the current index and settings find what a set of questions expects.
///
/// Each line of the file is `{"question": "…", "expected": "…"}`; a passage answers the question when its source
/// (the whole path or its file name) is `expected`, or when its text holds `expected` (accents and case folded).
public struct KnowledgeEval: Sendable {
    public struct Question: Sendable, Equatable, Decodable {
        public var question: String
        public var expected: String
    }

    /// What one question found.
    public struct Outcome: Sendable, Equatable {
        public var question: Question
        /// The rank (from 1) of the first passage that answers, nil when none of the first `depth` does.
        public var rank: Int?
    }

    public struct Report: Sendable, Equatable, CustomStringConvertible {
        public var outcomes: [Outcome]

        public var recallAt1: Double { share { $0 <= 1 } }
        public var recallAt5: Double { share { $0 <= 5 } }
        /// Mean reciprocal rank over the first `depth` passages.
        public var meanReciprocalRank: Double {
            outcomes.isEmpty
                ? 0 : outcomes.reduce(0) { $0 + ($1.rank.map { 1 / Double($0) } ?? 0) } / Double(outcomes.count)
        }

        func share(_ found: (Int) -> Bool) -> Double {
            outcomes.isEmpty
                ? 0 : Double(outcomes.filter { $0.rank.map(found) ?? false }.count) / Double(outcomes.count)
        }

        public var description: String {
            String(
                format: "%d questions: recall@1 %.2f, recall@5 %.2f, MRR %.3f", outcomes.count, recallAt1, recallAt5,
                meanReciprocalRank)
        }
    }

    /// A line of the questions file that is not a question.
    public struct BadLine: Error, Equatable, CustomStringConvertible {
        public var number: Int

        public var description: String { "line \(number): not {\"question\": \"…\", \"expected\": \"…\"}" }
    }

    /// Passages looked at per question.
    public static let depth = 10

    /// Reads the JSON Lines; the error names the line that is wrong.
    public static func questions(_ text: String) throws -> [Question] {
        var questions: [Question] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let question = try? JSONDecoder().decode(Question.self, from: Data(trimmed.utf8)) else {
                throw BadLine(number: number + 1)
            }
            questions.append(question)
        }
        return questions
    }

    public static func run(_ questions: [Question], on knowledge: KnowledgeBase) async throws -> Report {
        var outcomes: [Outcome] = []
        for question in questions {
            let hits = try await knowledge.search(question.question, limit: depth).hits
            let rank = hits.firstIndex { answers($0.chunk, expected: question.expected) }.map { $0 + 1 }
            outcomes.append(Outcome(question: question, rank: rank))
        }
        return Report(outcomes: outcomes)
    }

    static func answers(_ chunk: KnowledgeChunk, expected: String) -> Bool {
        if chunk.source == expected || (chunk.source as NSString).lastPathComponent == expected { return true }
        return fold(chunk.passage.text).contains(fold(expected))
    }

    static func fold(_ text: String) -> String {
        SearchText.words(text).joined(separator: " ")
    }
}
