import Foundation
import TagarelaCore

/// The dashboard's *Knowledge* page: how retrieval runs, the search box with what it found, the documents with a
/// remove button each, and the upload form.
struct KnowledgePage {
    let format: AdminFormat
    let csrf: String
    /// `KNOWLEDGE_MAX_TOKENS`, as the page explains it.
    let maxTokens: Int
    /// The embedding model that ranks by meaning too; nil when retrieval is full-text only.
    let embeddingModel: String?

    /// What the file picker offers; only a hint, since the reader decides by the name (`KnowledgeFormat`).
    static let accepted = ".md,.markdown,.txt,.text,.html,.htm,.pdf"

    func render(
        documents: [KnowledgeDocument], question: String, search: KnowledgeSearch?, banner: Dashboard.Banner?
    ) -> HTML {
        """
        <h1>Knowledge</h1>
        <p>The documents the bot answers from. Each is cut into passages under its headings; every turn is given \
        the best passages for what the contact just said, up to \(maxTokens) tokens \
        (<code>KNOWLEDGE_MAX_TOKENS</code>), and the conversation view shows which.</p>
        \(retrieval)
        \(banner?.html ?? "")
        <h2>What the bot would be given</h2>
        <form class="search" method="get" action="/admin/knowledge" role="search">
        <input type="search" name="q" value="\(question)" placeholder="A question, as a contact would write it" \
        aria-label="Question">
        <button type="submit">Search</button></form>
        \(search.map(results) ?? "")
        <h2>Documents</h2>
        \(list(documents))
        <h2>Upload</h2>
        <form method="post" action="/admin/knowledge" enctype="multipart/form-data" id="upload-form">
        <input type="hidden" name="csrf" value="\(csrf)">
        <p><input type="file" name="file" multiple required accept="\(Self.accepted)" aria-label="Documents">
        <button type="submit">Upload</button></p>
        <p>Markdown, text, HTML or PDF, up to \(KnowledgeOperations.maxUpload >> 20) MB in all. Each file is \
        kept as <code>\(KnowledgeOperations.uploadFolder)</code> and its name: uploading a file of the same \
        name again replaces it, and only its changed passages are embedded again.</p></form>
        """
    }

    private var retrieval: HTML {
        guard let embeddingModel else {
            return """
                <p id="retrieval">No embedding model is configured (<code>EMBEDDINGS_PROVIDER=none</code>): retrieval \
                is full-text only, by the words themselves.</p>
                """
        }
        return
            "<p id=\"retrieval\">Passages are found by their words and by meaning (\(embeddingModel)), fused by rank.</p>"
    }

    /// The passages found, best first, each with its place, scores, whether a turn would be given it, and its text.
    private func results(_ search: KnowledgeSearch) -> HTML {
        let failure: HTML =
            search.embeddingError.map {
                "<p class=\"error\" id=\"embedding-error\">The question could not be embedded (\($0)): full text only.</p>"
            } ?? ""
        guard !search.hits.isEmpty else {
            return "\(failure)<p id=\"no-passages\">Nothing in the documents matches “\(search.question)”.</p>"
        }
        let hits = search.hits.map { hit -> HTML in
            var scores = [String(format: "score %.4f", hit.score)]
            if let text = hit.textScore { scores.append(String(format: "full text %.2f", text)) }
            if let similarity = hit.similarity { scores.append(String(format: "similarity %.3f", similarity)) }
            let given: HTML =
                search.given.contains(hit.chunk.id) ? " · <strong class=\"ok\">given to a turn</strong>" : ""
            return """
                <li class="passage" data-chunk="\(hit.chunk.id)"><p class="meta"><strong>\
                \(hit.chunk.place)</strong> · \
                \(scores.joined(separator: " · "))\(given)</p>
                <div class="passage-text">\(hit.chunk.passage.text)</div></li>
                """
        }
        return "\(failure)<ol class=\"passages\" id=\"passages\">\(hits)</ol>"
    }

    private func list(_ documents: [KnowledgeDocument]) -> HTML {
        guard !documents.isEmpty else {
            return
                "<p id=\"no-documents\">No documents yet: upload one below, or run <code>tagarela knowledge add</code>.</p>"
        }
        let rows = documents.map { document -> HTML in
            """
            <tr id="document-\(document.id)"><td><code>\(document.source)</code></td><td>\(document.title)</td>\
            <td>\(document.chunkCount)</td><td>\(AdminFormat.bytes(document.byteCount))</td>\
            <td>\(format.time(document.updatedAt))</td>
            <td><form class="inline" method="post" action="/admin/knowledge/\(document.id)/delete">\
            <input type="hidden" name="csrf" value="\(csrf)">\
            <label><input type="checkbox" name="confirm" value="yes" required> remove for good</label> \
            <button type="submit" class="danger">Remove</button></form></td></tr>
            """
        }
        return """
            <table id="documents"><thead><tr><th>Source</th><th>Title</th><th>Passages</th><th>Size</th>\
            <th>Updated</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }
}
