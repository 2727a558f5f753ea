import Testing

@testable import TagarelaCore

@Suite("SearchText: Portuguese search terms the same for every store", .timeLimit(.minutes(1)))
struct SearchTextTests {
    @Test(
        "a plural and its singular become one term",
        arguments: [
            ("gatos", "gato"), ("sofás", "sofá"), ("cães", "cão"), ("flores", "flor"), ("papéis", "papel"),
            ("limões", "limão"), ("pães", "pão"), ("mãos", "mão"), ("irmãos", "irmão"), ("animais", "animal"),
            ("jornais", "jornal"), ("anéis", "anel"), ("hotéis", "hotel"), ("lençóis", "lençol"),
            ("faróis", "farol"), ("azuis", "azul"), ("homens", "homem"), ("jardins", "jardim"), ("nuvens", "nuvem"),
            ("bons", "bom"), ("mulheres", "mulher"), ("cores", "cor"), ("mares", "mar"), ("luzes", "luz"),
            ("vezes", "vez"), ("rapazes", "rapaz"), ("meses", "mês"), ("países", "país"), ("árvores", "árvore"),
            ("torres", "torre"), ("padres", "padre"), ("frases", "frase"), ("bases", "base"), ("classes", "classe"),
            ("ingleses", "inglês"), ("deuses", "deus"), ("nomes", "nome"), ("paredes", "parede"), ("chaves", "chave"),
            ("casas", "casa"), ("irmãs", "irmã"), ("cafés", "café"), ("bebês", "bebê"), ("avós", "avó"),
            ("cachorros", "cachorro"), ("bicicletas", "bicicleta"), ("CARROS", "Carro"), ("lápis", "lápis"),
            ("ônibus", "ônibus"), ("teses", "tese"), ("cruzes", "cruz"), ("trens", "trem"), ("viagens", "viagem"),
        ])
    func pluralMeetsSingular(_ plural: String, _ singular: String) {
        let terms = SearchText.terms(plural)
        #expect(terms.count == 1)
        #expect(terms == SearchText.terms(singular))
    }

    @Test(
        "short words that only look plural keep their ending",
        arguments: [("mais", "mais"), ("dois", "doi"), ("seis", "sei"), ("reis", "rei"), ("cais", "cai")])
    func shortWords(_ word: String, _ term: String) {
        // "mais" is a stop word; the others are reduced like any word ending in -s, never to -al, -ol, -el.
        #expect(SearchText.terms(word) == (word == "mais" ? [] : [term]))
    }

    @Test("case, accents and punctuation do not matter")
    func folding() {
        #expect(SearchText.terms("Ação! Coração, maçã; PÃO-de-queijo") == ["acao", "coracao", "maca", "pao", "queijo"])
        #expect(SearchText.terms("Água") == SearchText.terms("agua"))
        #expect(SearchText.terms("Sofá") == SearchText.terms("SOFA"))
        #expect(SearchText.terms("crème brûlée") == ["creme", "brulee"])
    }

    @Test(
        "stop words and the words of a request are not terms",
        arguments: [
            ("Mostre fotos de gato", ["gato"]), ("me mostra as imagens do cachorro", ["cachorro"]),
            ("quero ver a foto da minha praia", ["praia"]), ("Show me pictures of my dog", ["dog"]),
            ("tem alguma foto do bolo de aniversário?", ["bolo", "aniversario"]),
            ("envie por favor as fotos", []), ("mostre fotos", []), ("", []), ("!!!", []),
            ("Meu gato dormindo no sofá", ["gato", "dormindo", "sofa"]),
        ])
    func requestWords(_ text: String, _ expected: [String]) {
        #expect(SearchText.terms(text) == expected)
    }

    @Test("terms are distinct and keep their first order; numbers count")
    func distinctAndNumbers() {
        #expect(SearchText.terms("gato gatos GATO sofá") == ["gato", "sofa"])
        #expect(SearchText.terms("Natal 2024, 25 de dezembro") == ["natal", "2024", "25", "dezembro"])
        #expect(SearchText.searchable("Meu gato dormindo no sofá") == "gato dormindo sofa")
    }

    /// A catalogue of descriptions and the queries that must find them.
    static let catalogue = [
        "Meu gato dormindo no sofá", "Cães brincando no parque", "Flores do jardim da vovó", "Papéis do contrato",
        "Limões e laranjas na mesa", "Árvore de Natal 2024", "Nota fiscal da geladeira", "Meu cachorro Thor na praia",
    ]

    @Test(
        "queries find the descriptions a person would expect",
        arguments: [
            ("fotos de gato", ["Meu gato dormindo no sofá"]), ("gatos", ["Meu gato dormindo no sofá"]),
            ("Sofás", ["Meu gato dormindo no sofá"]), ("mostre o cão", ["Cães brincando no parque"]),
            ("flores", ["Flores do jardim da vovó"]), ("uma flor", ["Flores do jardim da vovó"]),
            ("papel", ["Papéis do contrato"]), ("limão", ["Limões e laranjas na mesa"]),
            ("árvores de natal", ["Árvore de Natal 2024"]), ("jardins", ["Flores do jardim da vovó"]),
            ("notas fiscais", ["Nota fiscal da geladeira"]), ("fotos do thor", ["Meu cachorro Thor na praia"]),
            ("fotos de cavalo", []), ("mostre fotos", []),
        ])
    func finds(_ query: String, _ expected: [String]) {
        #expect(SearchText.ranked(Self.catalogue, matching: query) { $0 } == expected)
    }

    @Test("more query terms present rank first; ties keep the store's order")
    func ranking() {
        let items = ["gato na praia", "gato no sofá", "cachorro no sofá", "sofá novo"]
        #expect(
            SearchText.ranked(items, matching: "gatos no sofá") { $0 } == [
                "gato no sofá", "gato na praia", "cachorro no sofá", "sofá novo",
            ])
        #expect(SearchText.score(query: SearchText.terms("gato sofá"), description: SearchText.terms("Meu gato")) == 1)
        #expect(SearchText.score(query: ["gato"], description: ["cachorro"]) == 0)
    }

    @Test("normalising is idempotent: the terms of the searchable text are the terms themselves")
    func idempotent() {
        for text in Self.catalogue + ["Mostre fotos de gatos", "os lençóis azuis e os anéis"] {
            let terms = SearchText.terms(text)
            #expect(SearchText.terms(terms.joined(separator: " ")).allSatisfy { terms.contains($0) })
        }
    }
}
