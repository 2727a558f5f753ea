import Foundation

/// The one normaliser of searchable text, for descriptions and queries alike, so every store matches the same
/// words: lower case, no accents, no words that never describe a photo, and Portuguese plurals made singular.
public enum SearchText {
    /// The terms of `text`, in order, each once.
    public static func terms(_ text: String) -> [String] {
        let folded = text.folding(
            options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "pt_BR"))
        var seen: Set<String> = []
        return folded.split { !$0.isLetter && !$0.isNumber }
            .map { singular(String($0)) }
            .filter { !stopWords.contains($0) && seen.insert($0).inserted }
    }

    static let stopWords: Set<String> = [
        "a", "o", "as", "os", "um", "uma", "de", "da", "do", "das", "dos", "e", "em", "no", "na", "nos", "nas", "com",
        "por", "para", "pra", "que", "meu", "minha", "seu", "sua", "me", "eu", "foto", "imagem", "mostre", "mostra",
    ]

    static func singular(_ word: String) -> String {
        guard word.count > 3 else { return word }
        for (ending, replacement) in [("oes", "ao"), ("aes", "ao"), ("ais", "al"), ("eis", "el"), ("ois", "ol")]
        where word.hasSuffix(ending) {
            return String(word.dropLast(ending.count)) + replacement
        }
        if word.hasSuffix("ns") { return String(word.dropLast(2)) + "m" }
        if word.hasSuffix("res") || word.hasSuffix("zes") { return String(word.dropLast(2)) }
        if word.hasSuffix("s") { return String(word.dropLast()) }
        return word
    }
}
