import Foundation

/// Portuguese text as search terms, the same for every store: a catalogue's descriptions, the knowledge base's
/// chunks and the contact's questions go through this one normaliser, so SQLite, PostgreSQL and the in-memory store
/// find the same images and passages.
///
/// A term is a word lowercased, without accents, that is neither a stop word nor a word of the request itself
/// ("mostre", "fotos"), with its plural ending reduced: "Mostre fotos de gatos" → `["gato"]`, and
/// "Meu gato dormindo no sofá" → `["gato", "dormindo", "sofa"]`. Neither SQLite's FTS5 nor a stock PostgreSQL
/// configuration stems Portuguese, hence this.
public enum SearchText {
    /// The distinct terms of `text`, in order of first appearance.
    public static func terms(_ text: String) -> [String] {
        var seen: Set<String> = []
        return words(text).compactMap { word in
            guard !ignored.contains(word) else { return nil }
            let term = stem(word)
            return seen.insert(term).inserted ? term : nil
        }
    }

    /// Every word of `text` that is not a stop word, reduced to its root (`root`), repeats kept, in order: the
    /// knowledge base counts them
    /// (a question's "entrega" matches a chunk that says "entregas" three times better than one that says it once).
    /// Unlike `terms`, the words of a photo request stay: "foto" is a fine thing to ask a knowledge base about.
    public static func tokens(_ text: String) -> [String] {
        words(text).compactMap { stopWords.contains($0) ? nil : root($0) }
    }

    /// The terms joined by spaces: what a store keeps beside a description to search it.
    public static func searchable(_ text: String) -> String {
        terms(text).joined(separator: " ")
    }

    /// How many of the query's terms the description has; zero means it does not match.
    public static func score(query: [String], description: [String]) -> Int {
        let present = Set(description)
        return Set(query).filter(present.contains).count
    }

    /// The items whose text matches `query`, best first; equal scores keep the order given (a store passes them
    /// newest first, say). A query with no terms ("mostre fotos") matches nothing.
    public static func ranked<Item>(_ items: [Item], matching query: String, text: (Item) -> String) -> [Item] {
        let wanted = terms(query)
        guard !wanted.isEmpty else { return [] }
        var scored: [(offset: Int, score: Int)] = []
        for (offset, item) in items.enumerated() {
            let found = score(query: wanted, description: terms(text(item)))
            if found > 0 { scored.append((offset, found)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.offset < $1.offset }
        return scored.map { items[$0.offset] }
    }

    /// Lowercased words without accents, split at anything that is not a letter or a digit.
    static func words(_ text: String) -> [String] {
        var folded = String.UnicodeScalarView()
        folded.append(
            contentsOf: text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                !isCombiningMark($0)
            })
        return String(folded).split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// The combining diacritical marks (U+0300–U+036F) that canonical decomposition splits off: á → a + ´.
    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        (0x0300...0x036F).contains(scalar.value)
    }
}
