import Testing

@testable import TagarelaCore

@Suite("MessageSplitter", .timeLimit(.minutes(3)))
struct MessageSplitterTests {
    @Test("text that fits is one trimmed part; blank text is none")
    func fits() {
        #expect(["", "   ", " \n\n\t "].allSatisfy { MessageSplitter.split($0, limit: 1600).isEmpty })
        #expect(MessageSplitter.split("  Oi, tudo bem? 👍🏽 \n", limit: 1600) == ["Oi, tudo bem? 👍🏽"])
        #expect(MessageSplitter.split(String(repeating: "a", count: 16), limit: 16).count == 1)
        let seventeen = MessageSplitter.split(String(repeating: "a", count: 17), limit: 16)
        #expect(seventeen == [String(repeating: "a", count: 16), "a"])
    }

    @Test("splits at paragraph breaks, packing whole paragraphs")
    func paragraphs() {
        let paragraph = { (n: Int) in Array(repeating: "Parágrafo \(n) com frases.", count: 24).joined(separator: " ") }
        let text = [paragraph(1), paragraph(2), paragraph(3)].joined(separator: "\n\n")
        #expect(MessageSplitter.split(text, limit: 1600) == [paragraph(1) + "\n\n" + paragraph(2), paragraph(3)])
    }

    @Test("splits at line breaks, keeping lines whole")
    func lines() {
        let lines = (1...20).map { "Linha número \($0) do texto, sem ponto final" }
        let parts = MessageSplitter.split(lines.joined(separator: "\n"), limit: 100)
        expectValid(parts, limit: 100)
        #expect(parts.flatMap { $0.split(separator: "\n").map(String.init) } == lines)
    }

    @Test("splits at sentence ends within a paragraph")
    func sentences() {
        let text = (1...30).map { "Frase \($0) é curta\(["!", "?", ".", "…"][$0 % 4])" }.joined(separator: " ")
        let parts = MessageSplitter.split(text, limit: 80)
        expectValid(parts, limit: 80)
        #expect(words(parts) == words([text]))
        for part in parts { #expect("!?.…".contains(part.last!)) }
    }

    @Test("splits at spaces rather than inside words")
    func wordBoundaries() {
        let text = String(repeating: "palavra comprida ", count: 100)
        let parts = MessageSplitter.split(text, limit: 50)
        expectValid(parts, limit: 50)
        #expect(words(parts) == words([text]))
        #expect(parts.dropLast().allSatisfy { $0.utf16.count >= 40 })
    }

    @Test("a 4000-character word is hard-split into full parts")
    func longWord() {
        let word = String(repeating: "abcdefghij", count: 400)
        let parts = MessageSplitter.split(word, limit: 1600)
        #expect(parts.map(\.utf16.count) == [1600, 1600, 800])
        #expect(parts.joined() == word)
    }

    @Test("never cuts an emoji with a skin tone or a letter from its accent")
    func graphemes() {
        let thumbs = String(repeating: "👍🏽", count: 100)
        let thumbParts = MessageSplitter.split(thumbs, limit: 17)
        expectValid(thumbParts, limit: 17)
        #expect(thumbParts.joined() == thumbs)
        #expect(thumbParts.dropLast().allSatisfy { $0 == String(repeating: "👍🏽", count: 4) })

        let accents = String(repeating: "e\u{301}", count: 50)
        let accentParts = MessageSplitter.split(accents, limit: 17)
        expectValid(accentParts, limit: 17)
        #expect(accentParts.joined() == accents)
        #expect(accentParts.dropLast().allSatisfy { $0.count == 8 })

        // Only a grapheme longer than the limit is cut, between its scalars.
        let zalgo = "a" + String(repeating: "\u{301}", count: 40)
        let zalgoParts = MessageSplitter.split(zalgo, limit: 16)
        #expect(zalgoParts.allSatisfy { $0.utf16.count <= 16 && !$0.isEmpty })
        #expect(Array(zalgoParts.joined().unicodeScalars) == Array(zalgo.unicodeScalars))
    }

    @Test("keeps every grapheme valid at any limit", arguments: 16...40)
    func mixedUnicode(limit: Int) {
        let text = String(repeating: "Olá 👍🏽 mundo! 🇧🇷🇧🇷 ação👨‍👩‍👧‍👦família e\u{301}e\u{301} fim.\n", count: 6)
        let parts = MessageSplitter.split(text, limit: limit)
        expectValid(parts, limit: limit)
        #expect(Array(parts.joined().filter { !$0.isWhitespace }) == Array(text.filter { !$0.isWhitespace }))
    }

    @Test("splits 5000 characters of Portuguese at 1600", arguments: [true, false])
    func portuguese(inParagraphs: Bool) {
        let text = portugueseText(characters: 5000, inParagraphs: inParagraphs)
        let parts = MessageSplitter.split(text, limit: 1600)
        expectValid(parts, limit: 1600)
        #expect(words(parts) == words([text]))
        #expect((4...5).contains(parts.count))
        for part in parts.dropLast() {
            #expect(".!?…".contains(part.last!))
            #expect(part.utf16.count > 1000)
        }
    }

    @Test("a short greeting is packed with the start of a long paragraph")
    func shortGreeting() {
        let text = "Olá!\n\n" + portugueseText(characters: 1700, inParagraphs: false)
        let parts = MessageSplitter.split(text, limit: 1600)
        expectValid(parts, limit: 1600)
        #expect(parts.count == 2)
        #expect(parts[0].hasPrefix("Olá!\n\n"))
    }

    @Test("a code block that fits one part is not cut; a longer one is")
    func codeBlocks() {
        let intro = Array(repeating: "Veja o exemplo abaixo.", count: 5).joined(separator: " ")
        let code = "```swift\n" + (1...8).map { "let valor\($0) = \($0) * 2" }.joined(separator: "\n") + "\n```"
        // A line break (not a paragraph) before the fence, so only the protection keeps the cut out of the code.
        let text = intro + "\n" + code + "\nFim."
        let parts = MessageSplitter.split(text, limit: 250)
        expectValid(parts, limit: 250)
        #expect(code.utf16.count <= 250 && text.utf16.count > 250)
        #expect(parts.contains { $0.contains(code) })
        #expect(words(parts) == words([text]))

        let tooLong = MessageSplitter.split(text, limit: 100)
        expectValid(tooLong, limit: 100)
        #expect(words(tooLong) == words([text]))
    }
}

/// Checks what every split guarantees: non-empty, trimmed, within the limit, valid UTF-16, whole graphemes.
private func expectValid(_ parts: [String], limit: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    for part in parts {
        #expect(!part.isEmpty && !part.first!.isWhitespace && !part.last!.isWhitespace, sourceLocation: sourceLocation)
        #expect(part.utf16.count <= limit, sourceLocation: sourceLocation)
        let valid = String(validating: Array(part.utf16), as: UTF16.self) == part
        #expect(valid && !part.unicodeScalars.contains("\u{FFFD}"), sourceLocation: sourceLocation)
        // A part never starts with a scalar that only extends the grapheme before it.
        let first = part.unicodeScalars.first!.properties
        let extending = first.generalCategory == .nonspacingMark || first.isEmojiModifier || first.isVariationSelector
        #expect(!extending && part.unicodeScalars.first != "\u{200D}", sourceLocation: sourceLocation)
    }
}

private func words(_ parts: [String]) -> [Substring] {
    parts.flatMap { $0.split(whereSeparator: \.isWhitespace) }
}

/// Varied Portuguese sentences (accents, an emoji, an ellipsis), optionally in paragraphs of seven.
private func portugueseText(characters: Int, inParagraphs: Bool) -> String {
    let sentences = [
        "O atendimento funciona de segunda a sexta, das 8h às 18h.",
        "Você pode pedir a segunda via do boleto pelo aplicativo!",
        "Já conferiu se o endereço de entrega está correto?",
        "A promoção de verão vale até o fim do mês… aproveite.",
        "Nossa equipe responderá em até duas horas úteis 😊.",
        "Caso precise de ajuda, é só chamar a qualquer momento.",
    ]
    var text = sentences[0]
    for index in 1... {
        guard text.count < characters else { break }
        text += (inParagraphs && index % 7 == 0 ? "\n\n" : " ") + sentences[index % sentences.count]
    }
    return text
}
