extension SearchText {
    /// Words that never tell one description from another: articles, prepositions and their contractions,
    /// possessives, pronouns, conjunctions (accents already removed).
    static let stopWords: Set<String> = [
        "a", "o", "as", "os", "e", "de", "da", "do", "das", "dos", "em", "no", "na", "nos", "nas", "num", "numa",
        "um", "uma", "uns", "umas", "ao", "aos", "pelo", "pela", "pelos", "pelas", "por", "para", "pra", "pro",
        "com", "sem", "sob", "sobre", "que", "se", "ou", "mas", "nem", "como", "quando", "onde", "meu", "minha",
        "meus", "minhas", "teu", "tua", "teus", "tuas", "seu", "sua", "seus", "suas", "nosso", "nossa", "nossos",
        "nossas", "dele", "dela", "deles", "delas", "eu", "tu", "ele", "ela", "eles", "elas", "voce", "voces",
        "isso", "isto", "aquilo", "esse", "essa", "esses", "essas", "este", "esta", "estes", "estas",
        "aquele", "aquela", "aqueles", "aquelas", "aqui", "ali", "la", "ja", "tambem", "muito", "muita", "mais",
        "todo", "toda", "todos", "todas", "algum", "alguma", "alguns", "algumas", "the", "of", "my", "and", "an",
        "in", "on", "with",
    ]

    /// Words of the request itself, never of what a picture shows: "mostre fotos de gato" looks for "gato".
    static let requestWords: Set<String> = [
        "foto", "fotos", "fotografia", "fotografias", "imagem", "imagens", "figura", "figuras", "retrato",
        "retratos", "mostre", "mostra", "mostrar", "mostrem", "me", "mim", "ver", "veja", "vejo", "quero", "queria",
        "gostaria", "envie", "envia", "enviar", "manda", "mande", "mandar", "procure", "procura", "procurar",
        "busque", "busca", "buscar", "encontre", "encontrar", "achar", "ache", "tem", "ter", "tenho", "favor",
        "por", "pode", "poderia", "picture", "pictures", "photo", "photos", "image", "images", "pic", "pics",
        "show", "send", "find",
    ]

    static let ignored = stopWords.union(requestWords)

    /// Plural endings and their singulars, longest first; each applies to words of at least `minimum` letters,
    /// so short words that only look plural ("mais", "dois", "seis") keep their ending.
    static let pluralEndings: [(ending: String, singular: String, minimum: Int)] = [
        ("oes", "ao", 4), ("aes", "ao", 4), ("aos", "ao", 4),  // limões, cães, mãos
        ("ais", "al", 5), ("eis", "el", 5), ("ois", "ol", 5), ("uis", "ul", 5),  // animais, papéis, lençóis, azuis
        ("res", "r", 5), ("zes", "z", 5), ("ses", "s", 5),  // flores, luzes, meses
        ("ns", "m", 4),  // homens, jardins
    ]

    /// One word reduced so that its singular and its plural meet: "gatos" and "gato" → "gato", "flores" and
    /// "flor" → "flor", "árvores" and "árvore" → "arvor", "países" and "país" → "pai".
    static func stem(_ word: String) -> String {
        var word = word
        if let rule = pluralEndings.first(where: { word.count >= $0.minimum && word.hasSuffix($0.ending) }) {
            word = String(word.dropLast(rule.ending.count)) + rule.singular
            // Only "ses" leaves an "s", which the last step treats like the singular's: meses → mes, mês → mes.
            guard rule.ending == "ses" else { return word }
        } else if word.count >= 4, ["re", "ze", "se"].contains(where: { word.hasSuffix($0) }) {
            // The singular of "-res", "-zes", "-ses" loses its "e" to meet the plural: árvore → arvor.
            word.removeLast()
        }
        if word.count > 3, word.hasSuffix("s") { word.removeLast() }
        return word
    }

    /// Verb and adjective endings, longest first, that `root` takes off a stemmed word of five letters or more,
    /// leaving at least three: a light suffix stripper in the spirit of the RSLP stemmer's verb and vowel steps
    /// (Orengo & Huyck, 2001), without its exception lists.
    static let rootEndings = [
        "amente", "mente", "issimo", "aremos", "eremos", "iremos", "avamos", "ariam", "eriam", "iriam", "aram", "eram",
        "iram", "avam", "amos", "emos", "imos", "ando", "endo", "indo", "ado", "ido", "ada", "ida", "ava", "ar",
        "er", "ir", "am", "em", "ou", "eu", "iu", "a", "o", "e",
    ]

    /// A word stemmed (`stem`) and reduced further so that the forms of a verb and a noun's genders meet: "entregamos",
    /// "entregam", "entrega" → "entreg"; "abrimos", "abrem" → "abr"; "sábado" → "sabad". For the knowledge base,
    /// whose passages and questions use different forms of the same words; the photo catalogue keeps `stem`.
    static func root(_ word: String) -> String {
        // A verb's "-amos" goes before the plural step would take its "s" for a plural's.
        if let ending = verbEndings.first(where: { word.hasSuffix($0) && word.count - $0.count >= 3 }) {
            return String(word.dropLast(ending.count))
        }
        let word = stem(word)
        guard word.count >= 5,
            let ending = rootEndings.first(where: { word.hasSuffix($0) && word.count - $0.count >= 3 })
        else { return word }
        return String(word.dropLast(ending.count))
    }

    /// The first person plural, which ends in an "s" that is no plural.
    static let verbEndings = ["aremos", "eremos", "iremos", "avamos", "iamos", "amos", "emos", "imos"]
}
