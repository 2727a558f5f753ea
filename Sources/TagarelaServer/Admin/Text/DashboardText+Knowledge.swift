extension DashboardText {
    /// The knowledge base: its documents, the search that shows what a turn would be given, the upload.
    struct Knowledge: Sendable {
        /// What an upload or a removal did, by the code the redirect carries (`added`, `unchanged`, `removed`).
        let notices: [String: String]
        let intro: @Sendable (_ maxTokens: Int) -> HTML
        let wouldBeGiven: String
        let question: String
        let questionPlaceholder: String
        let documents: String
        let upload: String
        let uploadNote: @Sendable (_ megabytes: Int, _ folder: String) -> HTML
        let fullTextOnly: HTML
        let hybrid: @Sendable (_ model: String) -> String
        let notEmbedded: @Sendable (_ error: String) -> String
        let nothingMatches: @Sendable (String) -> String
        let score: @Sendable (String) -> String
        let fullText: @Sendable (String) -> String
        let similarity: @Sendable (String) -> String
        let givenToATurn: String
        let noDocuments: HTML
        let source: String
        let title: String
        let passages: String
        let size: String
        let updated: String
        let removeForGood: String
        let remove: String

        static let english = Knowledge(
            notices: [
                "added": "The upload was added: its passages are searched from the next turn on.",
                "unchanged": "The upload was already in the knowledge base as it is: nothing changed.",
                "removed": "The document and its passages were removed.",
            ],
            intro: {
                """
                <p>The documents the bot answers from. Each is cut into passages under its headings; every turn is \
                given the best passages for what the contact just said, up to \($0) tokens \
                (<code>KNOWLEDGE_MAX_TOKENS</code>), and the conversation view shows which.</p>
                """
            },
            wouldBeGiven: "What the bot would be given", question: "Question",
            questionPlaceholder: "A question, as a contact would write it", documents: "Documents", upload: "Upload",
            uploadNote: {
                """
                Markdown, text, HTML or PDF, up to \($0) MB in all. Each file is kept as <code>\($1)</code> and its \
                name: uploading a file of the same name again replaces it, and only its changed passages are \
                embedded again.
                """
            },
            fullTextOnly: """
                No embedding model is configured (<code>EMBEDDINGS_PROVIDER=none</code>): retrieval is full-text \
                only, by the words themselves.
                """,
            hybrid: { "Passages are found by their words and by meaning (\($0)), fused by rank." },
            notEmbedded: { "The question could not be embedded (\($0)): full text only." },
            nothingMatches: { "Nothing in the documents matches “\($0)”." }, score: { "score \($0)" },
            fullText: { "full text \($0)" }, similarity: { "similarity \($0)" }, givenToATurn: "given to a turn",
            noDocuments: "No documents yet: upload one below, or run <code>tagarela knowledge add</code>.",
            source: "Source", title: "Title", passages: "Passages", size: "Size", updated: "Updated",
            removeForGood: "remove for good", remove: "Remove")

        static let portugueseBrazil = Knowledge(
            notices: [
                "added": "O envio foi adicionado: os trechos dele são buscados a partir do próximo turno.",
                "unchanged": "O envio já estava na base de conhecimento exatamente assim: nada mudou.",
                "removed": "O documento e os trechos dele foram removidos.",
            ],
            intro: {
                """
                <p>Os documentos de que o bot tira as respostas. Cada um é cortado em trechos sob os seus títulos; \
                cada turno recebe os melhores trechos para o que o contato acabou de dizer, até \($0) tokens \
                (<code>KNOWLEDGE_MAX_TOKENS</code>), e a conversa mostra quais.</p>
                """
            },
            wouldBeGiven: "O que o bot receberia", question: "Pergunta",
            questionPlaceholder: "Uma pergunta, como um contato escreveria", documents: "Documentos", upload: "Enviar",
            uploadNote: {
                """
                Markdown, texto, HTML ou PDF, até \($0) MB no total. Cada arquivo fica guardado como \
                <code>\($1)</code> e o nome dele: enviar de novo um arquivo de mesmo nome o substitui, e só os \
                trechos alterados são vetorizados de novo.
                """
            },
            fullTextOnly: """
                Nenhum modelo de embeddings configurado (<code>EMBEDDINGS_PROVIDER=none</code>): a busca é só por \
                texto, pelas próprias palavras.
                """,
            hybrid: { "Os trechos são encontrados pelas palavras e pelo sentido (\($0)), combinados por posição." },
            notEmbedded: { "Não foi possível vetorizar a pergunta (\($0)): só busca por texto." },
            nothingMatches: { "Nada nos documentos corresponde a “\($0)”." }, score: { "pontuação \($0)" },
            fullText: { "texto \($0)" }, similarity: { "similaridade \($0)" }, givenToATurn: "dado a um turno",
            noDocuments: "Nenhum documento ainda: envie um abaixo, ou rode <code>tagarela knowledge add</code>.",
            source: "Origem", title: "Título", passages: "Trechos", size: "Tamanho", updated: "Atualizado",
            removeForGood: "remover de vez", remove: "Remover")
    }
}
