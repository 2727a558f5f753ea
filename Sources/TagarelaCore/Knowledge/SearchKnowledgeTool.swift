import Foundation

/// `search_knowledge`: the model looks something up in the business's documents itself, for a follow-up the
/// turn's own retrieval did not cover. The passages come back as the tool's result: data, as every tool result is.
public struct SearchKnowledgeTool: Tool {
    public static let name = "search_knowledge"
    public static let maxResults = 5
    static let maxQueryLength = 300
    let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
    }

    public var definition: ToolDefinition {
        ToolDefinition(
            name: Self.name,
            description: """
                Search the business's own documents (prices, hours, rules, products) for passages about a question. \
                Use it when the reference material given with the message does not answer it.
                """,
            parameters: [
                "type": "object",
                "properties": [
                    "query": ["type": "string", "description": "What to look for, in the contact's language."]
                ],
                "required": ["query"],
            ])
    }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let query = (arguments["query"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !query.isEmpty, query.count <= Self.maxQueryLength else {
            throw ToolError("the query must have 1 to \(Self.maxQueryLength) characters")
        }
        let hits = knowledge.fitting(try await knowledge.search(query, limit: Self.maxResults).hits)
        let results: [JSONValue] = hits.map { hit in
            [
                "source": .string(hit.chunk.source), "heading": .string(hit.chunk.passage.heading),
                "text": .string(hit.chunk.passage.text),
            ]
        }
        return ToolOutput(result: ["results": .array(results)])
    }
}
