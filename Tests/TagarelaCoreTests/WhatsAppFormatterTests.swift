import Testing

@testable import TagarelaCore

@Suite("WhatsAppFormatter", .timeLimit(.minutes(3)))
struct WhatsAppFormatterTests {
    static let conversions: [(String, String)] = [
        ("**bold**", "*bold*"),
        ("__bold__", "*bold*"),
        ("*italic*", "_italic_"),
        ("_italic_", "_italic_"),
        ("***both***", "*_both_*"),
        ("~~strike~~", "~strike~"),
        ("**bold with _italic_ inside**", "*bold with _italic_ inside*"),
        ("# Title", "*Title*"),
        ("###### Deep title ##", "*Deep title*"),
        ("## **Resumo** do _dia_", "*Resumo do _dia_*"),
        ("Intro\n## Passos\nFaça isso", "Intro\n*Passos*\nFaça isso"),
        ("* item\n+ other\n- third", "- item\n- other\n- third"),
        ("- top\n  * nested\n    + deeper", "- top\n  - nested\n    - deeper"),
        ("* **Nome**: valor", "- *Nome*: valor"),
        ("1. first\n2. **second**\n10) tenth", "1. first\n2. *second*\n10) tenth"),
        ("[Tagarela](https://tagarela.app)", "Tagarela (https://tagarela.app)"),
        ("[https://x.com](https://x.com)", "https://x.com"),
        ("Veja [o **guia**](https://x.com/a_b_(c) \"Guia\")", "Veja o *guia* (https://x.com/a_b_(c))"),
        ("[fale conosco](mailto:oi@x.com)", "fale conosco (oi@x.com)"),
        ("![logo](https://x.com/logo.png)", "logo (https://x.com/logo.png)"),
        ("<https://x.com/a_b>", "https://x.com/a_b"),
        ("antes\n\n---\n\ndepois", "antes\n\ndepois"),
        ("a\n***\nb\n___\nc\n* * *\nd", "a\n\nb\n\nc\n\nd"),
        ("> **Nota**: cuidado", "> *Nota*: cuidado"),
        ("| Nome | Idade |\n|------|:-----:|\n| Ana | 30 |", "Nome | Idade\nAna | 30"),
        ("| `a|b` | x \\| y |", "`a|b` | x | y"),
        ("a\n\n\n\nb", "a\n\nb"),
        ("\n\ntexto   \n\n\n", "texto"),
        ("Linha 1\r\nLinha 2", "Linha 1\nLinha 2"),
    ]

    @Test("converts Markdown", arguments: conversions)
    func converts(markdown: String, expected: String) {
        #expect(WhatsAppFormatter.format(markdown) == expected)
    }

    static let untouched: [String] = [
        "2 * 3 * 4 = 24",
        "2*3*4 = 24",
        "snake_case_words e __init__method",
        "https://example.com/a_b_c?q=*x*&r=_y_",
        "www.site.com.br/foo_bar_baz",
        "maria_silva@exemplo.com.br",
        "~100 km",
        "#hashtag e C# são diferentes",
        "Custa R$ 5 * 2 = R$ 10",
        "- [ ] tarefa pendente",
        "Texto com ```bloco inline``` aqui",
    ]

    @Test("leaves non-Markdown alone", arguments: untouched)
    func leavesAlone(text: String) {
        #expect(WhatsAppFormatter.format(text) == text.trimmingSuffixWhitespace)
    }

    static let code: [(String, String)] = [
        ("```swift\nlet **x** = a_b * 2\n```", "```\nlet **x** = a_b * 2\n```"),
        ("~~~python\n# not a heading\n- not a bullet\n~~~", "```\n# not a heading\n- not a bullet\n```"),
        ("```\na\n\n\n\nb   \n```", "```\na\n\n\n\nb   \n```"),
        ("1. Rode:\n   ```bash\n   ls *_old*\n   ```", "1. Rode:\n```\nls *_old*\n```"),
        ("```\nnunca fechado **x**", "```\nnunca fechado **x**\n```"),
        ("use `**raw**` and `__x__` here", "use `**raw**` and `__x__` here"),
        ("``a `tick` b``", "```a `tick` b```"),
        ("`unclosed **bold**", "`unclosed *bold*"),
    ]

    @Test("never transforms code", arguments: code)
    func keepsCode(markdown: String, expected: String) {
        #expect(WhatsAppFormatter.format(markdown) == expected)
    }

    static let unicode: [(String, String)] = [
        ("Olá! **Atenção**: amanhã às 15h", "Olá! *Atenção*: amanhã às 15h"),
        ("**Preço:** R$ 10,00 — *promoção* válida", "*Preço:* R$ 10,00 — _promoção_ válida"),
        ("Parabéns 🎉 **você** ganhou 👍🏽", "Parabéns 🎉 *você* ganhou 👍🏽"),
        ("**👨‍👩‍👧‍👦 família**", "*👨‍👩‍👧‍👦 família*"),
        ("_cafe\u{301}_ e ~~ação~~", "_cafe\u{301}_ e ~ação~"),
        ("# 🇧🇷 Notícias", "*🇧🇷 Notícias*"),
    ]

    @Test("is Unicode-safe", arguments: unicode)
    func unicodeSafe(markdown: String, expected: String) {
        #expect(WhatsAppFormatter.format(markdown) == expected)
    }

    @Test("formats a typical assistant reply")
    func typicalReply() {
        let markdown = """
            ## Resumo

            Aqui está o **plano** para *amanhã*:

            1. Acordar às 7h
            2. Ler o [guia](https://ex.com/guia_rapido)


            ---
            ```json
            {"a_b": "**c**"}
            ```
            """
        let expected = """
            *Resumo*

            Aqui está o *plano* para _amanhã_:

            1. Acordar às 7h
            2. Ler o guia (https://ex.com/guia_rapido)

            ```
            {"a_b": "**c**"}
            ```
            """
        #expect(WhatsAppFormatter.format(markdown) == expected)
    }

    @Test("empty and blank input give an empty string")
    func empty() {
        #expect(WhatsAppFormatter.format("") == "")
        #expect(WhatsAppFormatter.format(" \n\n \t\n") == "")
    }
}

extension String {
    fileprivate var trimmingSuffixWhitespace: String {
        var text = self
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
