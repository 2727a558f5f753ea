import Foundation
import Testing

@testable import TagarelaCore

/// Cutting documents into passages, and reading HTML and Markdown into the text the chunker cuts.
@Suite("Knowledge base: reading and chunking")
struct KnowledgeChunkerTests {
    @Test func passagesFollowHeadingsAndNeverSpanTwoSections() {
        let text = """
            # Padaria

            Texto de abertura.

            ## Entregas

            Entregamos em Moema.

            Taxa de R$ 7,00.

            ### Domingo

            Não há entrega aos domingos.

            ## Pagamento

            Pix e cartão.
            """
        let passages = KnowledgeChunker(maxTokens: 300, overlapTokens: 40).passages(of: text)
        #expect(
            passages.map(\.heading) == [
                "Padaria", "Padaria › Entregas", "Padaria › Entregas › Domingo", "Padaria › Pagamento",
            ])
        #expect(passages[1].text == "Entregamos em Moema.\n\nTaxa de R$ 7,00.")
        #expect(passages.allSatisfy { !$0.contentHash.isEmpty && $0.tokens > 0 })
        // The searchable words hold the headings too: a question about "pagamento" finds "Pix e cartão.".
        #expect(passages[3].searchText.split(separator: " ").contains(Substring(SearchText.tokens("pagamento")[0])))
    }

    @Test func aLongSectionIsCutAtParagraphsThenSentencesWithinTheBudgetAndOverlaps() {
        let sentence = "A entrega no bairro custa sete reais e chega em noventa minutos."  // 66 bytes, 17 tokens
        let paragraph = Array(repeating: sentence, count: 10).enumerated().map { "\($0.offset + 1). \($0.element)" }
            .joined(separator: " ")
        let chunker = KnowledgeChunker(maxTokens: 64, overlapTokens: 20)
        let passages = chunker.passages(of: "# Entregas\n\n" + paragraph + "\n\nÚltimo parágrafo curto.")
        #expect(passages.count > 3)
        for passage in passages {
            #expect((passage.text.utf8.count + 3) / 4 <= 64 + 2)
            #expect(passage.heading == "Entregas")
        }
        // Each passage after the first begins with the end of the one before it (the overlap).
        for (previous, next) in zip(passages, passages.dropFirst()) {
            #expect(previous.text.contains(next.text.prefix(40)))
        }
        // Nothing is lost: every sentence is in some passage.
        for number in 1...10 {
            #expect(passages.contains { $0.text.contains("\(number). A entrega") })
        }
        #expect(passages.last?.text.hasSuffix("Último parágrafo curto.") == true)
    }

    @Test func aRunOnSentenceIsCutAtWords() {
        let words = (1...400).map { "palavra\($0)" }.joined(separator: " ")
        let passages = KnowledgeChunker(maxTokens: 50, overlapTokens: 0).passages(of: words)
        #expect(passages.count > 5)
        #expect(passages.allSatisfy { ($0.text.utf8.count + 3) / 4 <= 52 })
        #expect(passages.map(\.text).joined(separator: " ") == words)
    }

    @Test func htmlKeepsTheTextAndHeadingsAndDropsScriptsStylesAndComments() {
        let page = """
            <html><head><title>Perguntas &amp; respostas</title><style>p { color: red }</style>
            <script>var x = "<p>não</p>";</script></head>
            <body><nav><a href="/">Início</a></nav>
            <h2>Formas de pagamento</h2><p>Aceitamos Pix,
               cart&otilde;es e dinheiro&nbsp;&#8212; sem taxa.</p>
            <!-- <p>escondido</p> -->
            <ul><li>Visa</li><li>Elo</li></ul><p>Linha 1<br>Linha 2</p>
            </body></html>
            """
        let read = HTMLText.read(page)
        #expect(read.title == "Perguntas & respostas")
        #expect(!read.text.contains("color") && !read.text.contains("var x") && !read.text.contains("escondido"))
        #expect(read.text.contains("## Formas de pagamento"))
        #expect(read.text.contains("Aceitamos Pix, cartões e dinheiro — sem taxa."))
        #expect(read.text.contains("- Visa\n- Elo"))
        #expect(read.text.contains("Linha 1\nLinha 2"))
        let passages = KnowledgeChunker().passages(of: read.text)
        #expect(passages.contains { $0.heading == "Formas de pagamento" && $0.text.hasPrefix("Aceitamos Pix") })
    }

    @Test func theReaderTakesKindsByNameAndRefusesWhatItCannotRead() async throws {
        let reader = KnowledgeReader(pdf: nil)
        let markdown = try await reader.read(
            Data("\u{FEFF}# Preços\r\n\r\nPão: R$ 1,00".utf8), filename: "docs/precos.md")
        #expect(markdown.title == "Preços" && markdown.text == "# Preços\n\nPão: R$ 1,00")
        let text = try await reader.read(Data("Abrimos às 6h.".utf8), filename: "sobre.txt")
        #expect(text.title == "sobre")
        await #expect(throws: KnowledgeReadError.unsupported("foto.jpg")) {
            try await reader.read(Data([0xFF, 0xD8]), filename: "foto.jpg")
        }
        await #expect(throws: KnowledgeReadError.notText("latin1.txt")) {
            try await reader.read(Data([0x63, 0xE3, 0x6F]), filename: "latin1.txt")
        }
        await #expect(throws: KnowledgeReadError.noPDFReader) {
            try await reader.read(Data("%PDF-1.4".utf8), filename: "menu.pdf")
        }
        await #expect(throws: KnowledgeReadError.noText("vazio.md")) {
            try await reader.read(Data("#\n\n---\n".utf8), filename: "vazio.md")
        }
    }

    @Test func portugueseFormsOfAWordMeetInTheKnowledgeBasesTokens() {
        #expect(SearchText.tokens("entregamos") == SearchText.tokens("entregam"))
        #expect(SearchText.tokens("entregas") == SearchText.tokens("entrega"))
        #expect(SearchText.tokens("Sábados") == SearchText.tokens("sábado"))
        #expect(SearchText.tokens("abrimos") == SearchText.tokens("abrem"))
        // Repeats are kept (they count), stop words are not, and the catalogue's terms are untouched.
        #expect(SearchText.tokens("a entrega e a entrega") == ["entreg", "entreg"])
        #expect(SearchText.terms("Mostre fotos de gatos") == ["gato"])
    }
}

extension KnowledgeChunkerTests {
    @Test func anEvalFileLineThatIsNoQuestionIsNamedByItsNumber() throws {
        let file = """
            {"question": "Abre domingo?", "expected": "domingos"}

            {"pergunta": "sem o campo certo"}
            """
        #expect(throws: KnowledgeEval.BadLine(number: 3)) { try KnowledgeEval.questions(file) }
        #expect(KnowledgeEval.BadLine(number: 3).description == #"line 3: not {"question": "…", "expected": "…"}"#)
        #expect(try KnowledgeEval.questions(String(file.prefix(while: { $0 != "\n" }))).count == 1)
    }
}
