import Foundation

/// `remember_fact`: saves a short, durable note about the contact (name, preferences, what they bought) that
/// the model sees in every later turn.
public struct RememberFactTool: Tool {
    public static let name = "remember_fact"
    /// A contact's notes are sent with every turn: they stay few and short.
    public static let maxFacts = 50
    public static let maxLength = 300

    public init() {}

    public var definition: ToolDefinition {
        ToolDefinition(
            name: Self.name,
            description: """
                Save one short fact about the contact to remember in future conversations (their name, \
                preferences, important details they shared). One fact per call, in a full sentence.
                """,
            properties: ["fact": ["type": "string", "description": "The fact, e.g. \"Prefers to be called Ana.\""]],
            required: ["fact"])
    }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let fact = (arguments["fact"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !fact.isEmpty else { throw ToolError("the fact is empty") }
        guard fact.count <= Self.maxLength else {
            throw ToolError("the fact is longer than \(Self.maxLength) characters; save a shorter one")
        }
        let known = context.factTexts
        if known.contains(fact) {
            return ToolOutput(result: ["saved": true, "note": "already remembered"])
        }
        guard known.count < Self.maxFacts else {
            throw ToolError("\(Self.maxFacts) facts are already saved; forget one that matters less first")
        }
        return ToolOutput(result: ["saved": true], effects: [.rememberFact(fact)])
    }
}

/// `forget_fact`: removes a saved fact, by the id shown beside it or by its words (the contact asked to be
/// forgotten, or the fact changed).
public struct ForgetFactTool: Tool {
    public static let name = "forget_fact"

    public init() {}

    public var definition: ToolDefinition {
        ToolDefinition(
            name: Self.name,
            description: """
                Forget a saved fact about the contact, by its id (the number in brackets in the list of what you \
                know) or by its text. Use it when a fact is wrong, outdated, or the contact asks you to forget it.
                """,
            properties: [
                "id": ["type": "integer", "description": "The fact's id."],
                "fact": ["type": "string", "description": "The fact's text, when the id is not known."],
            ],
            required: [])
    }

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let forgotten = Set(
            context.effects.compactMap { effect -> Int64? in
                if case .forgetFact(let id) = effect { return id }
                return nil
            })
        let saved = context.facts.filter { !forgotten.contains($0.id) }
        if let id = arguments["id"]?.intValue {
            guard saved.contains(where: { $0.id == Int64(id) }) else {
                throw ToolError("there is no saved fact with id \(id)")
            }
            return ToolOutput(result: ["forgotten": true], effects: [.forgetFact(id: Int64(id))])
        }
        let text = (arguments["fact"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ToolError("give the id or the text of the fact to forget") }
        let matches = saved.filter { Self.matches($0.text, text) }
        if matches.count == 1, let match = matches.first {
            return ToolOutput(result: ["forgotten": true], effects: [.forgetFact(id: match.id)])
        }
        if matches.count > 1 {
            throw ToolError("several facts match; give the id of the one to forget")
        }
        if let pending = context.factTexts.first(where: { Self.matches($0, text) }) {
            return ToolOutput(result: ["forgotten": true], effects: [.unrememberFact(pending)])
        }
        throw ToolError("no saved fact matches \"\(text)\"")
    }

    /// The same words, ignoring case, accents and the final full stop.
    static func matches(_ saved: String, _ given: String) -> Bool {
        func normal(_ text: String) -> String {
            text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        }
        return normal(saved) == normal(given)
    }
}
