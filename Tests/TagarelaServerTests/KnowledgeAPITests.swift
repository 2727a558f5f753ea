import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TagarelaChannels
import TagarelaCore
import TagarelaFakes
import Testing

/// The knowledge base in the admin API: documents uploaded, listed, searched as a turn searches and removed, behind
/// the admin token; a file that cannot be read refuses its whole upload.
@Suite("Admin API: the knowledge base", .timeLimit(.minutes(3)))
struct KnowledgeAPITests {
    /// Full text only: no embedding server takes part.
    static let fullText = ["EMBEDDINGS_PROVIDER": "none"]
    static let question = "Qual o pedido mínimo para entrega?"

    @Test func uploadListSearchAndRemove() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.fullText) { client in
                let empty = try await client.admin("/api/knowledge")
                #expect(empty.status == .ok && (empty.json["documents"] as? [Any])?.isEmpty == true)

                let upload = KnowledgeUpload.form([
                    ("entregas.md", try KnowledgeUpload.example("entregas.md")),
                    ("cardapio.pdf", try Fixtures.data("knowledge/cardapio-inverno.pdf")),
                ])
                let added = try await client.adminUpload("/api/knowledge", upload)
                #expect(added.status == .ok)
                let documents = try #require(added.json["documents"] as? [[String: Any]])
                #expect(documents.map { $0["source"] as? String } == ["uploads/entregas.md", "uploads/cardapio.pdf"])
                #expect(documents.map { $0["unchanged"] as? Bool } == [false, false])
                #expect(documents[0]["title"] as? String == "Entregas")
                #expect((documents[0]["chunkCount"] as? Int ?? 0) > 1 && (documents[1]["chunkCount"] as? Int ?? 0) > 0)
                let size = try KnowledgeUpload.example("entregas.md").count
                #expect(documents[0]["byteCount"] as? Int == size)

                // The same file again changes nothing.
                let again = try await client.adminUpload(
                    "/api/knowledge",
                    KnowledgeUpload.form([("entregas.md", try KnowledgeUpload.example("entregas.md"))]))
                let unchanged = try #require((again.json["documents"] as? [[String: Any]])?.first)
                #expect(
                    unchanged["unchanged"] as? Bool == true && unchanged["id"] as? Int == documents[0]["id"] as? Int)

                let listed = try #require(
                    try await client.admin("/api/knowledge").json["documents"] as? [[String: Any]])
                #expect(
                    Set(listed.compactMap { $0["source"] as? String }) == [
                        "uploads/entregas.md", "uploads/cardapio.pdf",
                    ])

                let found = try await client.admin(
                    "/api/knowledge/search?q=\(FormURLEncoded.percentEncode(Self.question))&limit=2")
                #expect(found.status == .ok)
                #expect(found.json["retrieval"] as? String == "full-text" && found.json["embeddingModel"] == nil)
                let hits = try #require(found.json["hits"] as? [[String: Any]])
                #expect(hits.count == 2)
                #expect(hits[0]["source"] as? String == "uploads/entregas.md")
                #expect((hits[0]["heading"] as? String)?.contains("pedido mínimo") == true)
                #expect((hits[0]["text"] as? String)?.contains("R$ 40,00") == true)
                #expect(hits[0]["given"] as? Bool == true && hits[0]["textScore"] is Double)
                #expect(hits[0]["similarity"] == nil)

                let pdfID = try #require(documents[1]["id"] as? Int)
                let removed = try await client.admin("/api/knowledge/\(pdfID)", method: .delete)
                #expect(removed.status == .noContent)
                #expect(try await client.admin("/api/knowledge/\(pdfID)", method: .delete).status == .notFound)
                let left = try #require(try await client.admin("/api/knowledge").json["documents"] as? [[String: Any]])
                #expect(left.compactMap { $0["source"] as? String } == ["uploads/entregas.md"])
                let sopa = try await client.admin("/api/knowledge/search?q=sopa+de+mandioquinha")
                #expect((sopa.json["hits"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func aFileThatCannotBeReadRefusesTheWholeUpload() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.fullText) { client in
                let good = ("entregas.md", try KnowledgeUpload.example("entregas.md"))
                let refusals: [((String, Data), Int, String)] = [
                    (("bolo.png", CatalogueSeed.png), 400, "bolo.png: not a Markdown, text, HTML or PDF file"),
                    (("latin1.txt", Data([0x50, 0xE3, 0x6F])), 400, "latin1.txt: not UTF-8 text"),
                    (("falso.pdf", Data("not a pdf".utf8)), 400, "PDF"),
                    (("entregas.md", good.1), 400, "two files are named entregas.md"),
                ]
                for (bad, status, message) in refusals {
                    let answer = try await client.adminUpload("/api/knowledge", KnowledgeUpload.form([good, bad]))
                    #expect(answer.status.code == status)
                    let error = (answer.json["error"] as? [String: Any])?["message"] as? String ?? ""
                    #expect(error.hasPrefix("Nothing was added") && error.contains(message), "\(error)")
                }
                let tooLarge = KnowledgeUpload.form([("grande.txt", Data(repeating: 0x61, count: 10 << 20))])
                let large = try await client.adminUpload("/api/knowledge", tooLarge)
                #expect(large.status == .contentTooLarge)
                #expect(
                    try await client.admin("/api/knowledge", method: .post, body: #"{"name": "a.md"}"#).status
                        == .badRequest)
                #expect(try await client.adminUpload("/api/knowledge", KnowledgeUpload.form([])).status == .badRequest)
                #expect(try await client.admin("/api/knowledge/search?q=%20").status == .badRequest)
                #expect(try await client.admin("/api/knowledge/search?q=bolo&limit=0").status == .badRequest)
                #expect(try await client.admin("/api/knowledge/abc", method: .delete).status == .badRequest)

                let documents = try await client.admin("/api/knowledge").json["documents"] as? [Any]
                #expect(documents?.isEmpty == true)
            }
        }
    }

    @Test func everyRouteNeedsTheAdminToken() async throws {
        try await TestWorld.with { world in
            try await world.withServer(Self.fullText) { client in
                let upload = KnowledgeUpload.form([("entregas.md", try KnowledgeUpload.example("entregas.md"))])
                let requests: [(String, HTTPRequest.Method, HTTPFields, ByteBuffer?)] = [
                    ("/api/knowledge", .get, [:], nil),
                    ("/api/knowledge", .post, [.contentType: upload.contentType], upload.body),
                    ("/api/knowledge/1", .delete, [:], nil),
                    ("/api/knowledge/search?q=entrega", .get, [:], nil),
                ]
                for (path, method, headers, body) in requests {
                    for authorization in [nil, "Bearer wrong-token"] {
                        var headers = headers
                        if let authorization { headers[.authorization] = authorization }
                        let answer = try await client.execute(uri: path, method: method, headers: headers, body: body)
                        #expect(answer.status == .unauthorized, "\(method) \(path)")
                    }
                }
                let documents = try await client.admin("/api/knowledge").json["documents"] as? [Any]
                #expect(documents?.isEmpty == true)
            }
        }
    }

    @Test("with an embedding model, an upload is embedded once and the search ranks by meaning too")
    func withEmbeddings() async throws {
        try await TestWorld.with { world in
            let settings = ["EMBEDDINGS_PROVIDER": "openai", "EMBEDDINGS_BASE_URL": world.openAI.baseURL]
            try await world.withServer(settings) { client in
                let upload = KnowledgeUpload.form([("entregas.md", try KnowledgeUpload.example("entregas.md"))])
                let added = try await client.adminUpload("/api/knowledge", upload)
                let chunks = try #require((added.json["documents"] as? [[String: Any]])?.first?["chunkCount"] as? Int)
                var embedded = await world.openAI.embeddingRequests()
                #expect(embedded.count == 1 && embedded.allSatisfy { $0.rejection == nil })
                #expect(embedded.first?.inputs.count == chunks)
                _ = try await client.adminUpload("/api/knowledge", upload)
                #expect(await world.openAI.embeddingRequests().count == 1)

                let found = try await client.admin(
                    "/api/knowledge/search?q=\(FormURLEncoded.percentEncode(Self.question))")
                #expect(found.json["retrieval"] as? String == "hybrid")
                #expect(found.json["embeddingModel"] as? String == "text-embedding-3-small")
                let hits = try #require(found.json["hits"] as? [[String: Any]])
                #expect(!hits.isEmpty && hits.contains { $0["similarity"] is Double })
                embedded = await world.openAI.embeddingRequests()
                #expect(embedded.count == 2 && embedded.last?.inputs == [Self.question])
            }
        }
    }
}

/// Uploads for the knowledge base as a browser or curl sends them: every file in a `file` part with its name.
enum KnowledgeUpload {
    static func form(_ files: [(String, Data)], fields: [(String, String)] = []) -> (
        contentType: String, body: ByteBuffer
    ) {
        var form = MultipartFormData()
        for (name, value) in fields { form.addField(name, value) }
        for (name, bytes) in files {
            form.addFile("file", filename: name, contentType: "application/octet-stream", bytes: bytes)
        }
        // A form with no file at all still carries a field, as a browser's would.
        if files.isEmpty && fields.isEmpty { form.addField("note", "") }
        let body = form.encoded()
        return (form.contentType, ByteBuffer(bytes: body))
    }

    /// A file of the shipped example knowledge base (a bakery's).
    static func example(_ name: String) throws -> Data {
        try Data(contentsOf: try Fixtures.example("knowledge/padaria/\(name)"))
    }
}
