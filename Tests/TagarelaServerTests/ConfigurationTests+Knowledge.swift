import Foundation
import Testing

@testable import TagarelaServer

extension ConfigurationTests {
    @Test func knowledgeBaseAndEmbeddings() throws {
        // Nothing configured: full text only, the documented sizes.
        let defaults = try Configuration.load(environment: [:])
        #expect(defaults.knowledge.provider == .none)
        #expect(defaults.knowledge.maxTokens == 1500 && defaults.knowledge.chunkTokens == 300)
        #expect(defaults.knowledge.chunkOverlap == 40 && defaults.knowledge.minSimilarity == 0.3)
        // OpenAI's own API: its embeddings, with its key.
        let openAI = try Configuration.load(environment: ["OPENAI_API_KEY": "sk-live"])
        #expect(openAI.knowledge.provider == .openai && openAI.knowledge.model == "text-embedding-3-small")
        #expect(openAI.knowledge.apiKey == "sk-live" && openAI.knowledge.baseURL.host == "api.openai.com")
        // A local chat server does not imply embeddings; naming an embeddings server does.
        let local = try Configuration.load(environment: ["OPENAI_BASE_URL": "http://localhost:11434/v1"])
        #expect(local.knowledge.provider == .none)
        let llama = try Configuration.load(environment: [
            "OPENAI_BASE_URL": "http://localhost:11434/v1", "EMBEDDINGS_BASE_URL": "http://localhost:8081/v1",
            "EMBEDDINGS_MODEL": "nomic-embed-text",
        ])
        #expect(llama.knowledge.provider == .openai && llama.knowledge.baseURL.port == 8081)
        #expect(llama.knowledge.model == "nomic-embed-text" && llama.knowledge.apiKey == nil)
        // Gemini alone: Gemini's embeddings, its key and base URL.
        let gemini = try Configuration.load(environment: ["GEMINI_API_KEY": "g-key"])
        #expect(gemini.knowledge.provider == .gemini && gemini.knowledge.model == "gemini-embedding-001")
        #expect(
            gemini.knowledge.apiKey == "g-key" && gemini.knowledge.baseURL.host == "generativelanguage.googleapis.com")
        let set = try Configuration.load(environment: [
            "OPENAI_API_KEY": "sk-live", "EMBEDDINGS_PROVIDER": "none", "KNOWLEDGE_MAX_TOKENS": "0",
            "KNOWLEDGE_CHUNK_TOKENS": "500", "KNOWLEDGE_CHUNK_OVERLAP": "100", "KNOWLEDGE_MIN_SIMILARITY": "0.45",
        ])
        #expect(set.knowledge.provider == .none && set.knowledge.maxTokens == 0)
        #expect(set.knowledge.chunkTokens == 500 && set.knowledge.chunkOverlap == 100)
        #expect(set.knowledge.minSimilarity == 0.45)
        for bad in [
            ["EMBEDDINGS_PROVIDER": "gemini"], ["EMBEDDINGS_PROVIDER": "openai"], ["EMBEDDINGS_PROVIDER": "cohere"],
            ["KNOWLEDGE_CHUNK_TOKENS": "10"], ["KNOWLEDGE_CHUNK_OVERLAP": "200"], ["KNOWLEDGE_MIN_SIMILARITY": "2"],
            ["EMBEDDINGS_BASE_URL": "ftp://example.com"],
        ] {
            #expect(throws: ConfigurationError.self, "\(bad)") { try Configuration.load(environment: bad) }
        }
    }
}
