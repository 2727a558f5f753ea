import Foundation

/// What the assistant is told, and how much of a conversation it remembers.
public struct MemorySettings: Sendable, Equatable {
    /// `SYSTEM_PROMPT`, the contents of `SYSTEM_PROMPT_FILE`, or ``defaultSystemPrompt``.
    public var systemPrompt: String
    /// `SYSTEM_PROMPT_FILE`, when the prompt came from a file.
    public var systemPromptFile: String?
    /// `MEMORY_MAX_TOKENS`, the estimated token budget of the history sent with each turn.
    public var maxTokens: Int
    /// `MEMORY_MAX_MESSAGES`, the most history messages sent with each turn.
    public var maxMessages: Int
    /// `MEMORY_SUMMARY`: older messages are folded into a running summary per contact (not with
    /// `OPENAI_HISTORY=conversations`, where OpenAI keeps and summarises the conversation).
    public var summary: Bool = true
    /// `MEMORY_SUMMARY_MAX_TOKENS`, the longest running summary.
    public var summaryMaxTokens: Int = 500
    /// `BUSINESS_NAME`: whose assistant this is; fills the default prompt.
    public var businessName: String?
    /// `BUSINESS_DESCRIPTION`: what the business does and what the assistant may help with; fills the default
    /// prompt. The operator's own words, so the model takes them as instructions (unlike what contacts write).
    public var businessDescription: String?

    /// Whether the assistant says whose it is: `BUSINESS_NAME`, or a prompt of the operator's own
    /// (`SYSTEM_PROMPT`, `SYSTEM_PROMPT_FILE`). WhatsApp's Business Solution terms allow a business's own
    /// assistant on a live channel, not a general-purpose one.
    public var describesBusiness: Bool {
        (businessName != nil && businessDescription != nil) || !promptIsDefault
    }

    /// Whether the prompt is the built-in one (with or without the business filled in).
    public var promptIsDefault: Bool {
        systemPrompt == Self.defaultSystemPrompt(businessName: businessName, description: businessDescription)
    }

    /// The prompt without a business named (`BUSINESS_NAME` unset): an unnamed business's assistant.
    public static var defaultSystemPrompt: String { defaultSystemPrompt(businessName: nil, description: nil) }

    /// The prompt used when none is configured: a business's customer-service assistant (WhatsApp's terms allow no
    /// general-purpose assistant), in pt-BR, asking the model to follow the contact's language.
    public static func defaultSystemPrompt(businessName: String?, description: String?) -> String {
        let whose = businessName ?? "uma empresa"
        let about = description.map { "Sobre \(businessName ?? "a empresa"): \($0)\n" } ?? ""
        return """
            Você é o assistente virtual de \(whose) e atende os clientes pelo WhatsApp, com simpatia.
            \(about)Ajude só com o que diz respeito a \(businessName ?? "essa empresa"): produtos, serviços, pedidos, \
            horários e dúvidas de clientes. Para outros assuntos, diga com gentileza que só pode ajudar com o \
            atendimento \(businessName.map { "de \($0)" } ?? "da empresa").
            Responda de forma breve e direta, como numa conversa de mensagens: poucas frases, sem enrolação.
            Responda sempre no mesmo idioma em que a pessoa escreveu.
            Use texto simples, próprio para o WhatsApp: nada de Markdown, tabelas ou títulos; \
            se precisar de uma lista, use itens curtos com hífen.
            Se não souber algo, diga com sinceridade em vez de inventar, e pergunte quando o pedido não estiver claro.
            """
    }
}

extension MemorySettings {
    /// Reads `SYSTEM_PROMPT` or the file named by `SYSTEM_PROMPT_FILE` (not both) and the memory limits.
    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        let file = reader.string("SYSTEM_PROMPT_FILE")
        let businessName = reader.string("BUSINESS_NAME")
        let businessDescription = reader.string("BUSINESS_DESCRIPTION")
        var prompt =
            reader.string("SYSTEM_PROMPT")
            ?? Self.defaultSystemPrompt(businessName: businessName, description: businessDescription)
        if let file {
            guard !reader.isSet("SYSTEM_PROMPT") else {
                throw ConfigurationError(
                    setting: "SYSTEM_PROMPT_FILE",
                    message: "SYSTEM_PROMPT and SYSTEM_PROMPT_FILE are both set: keep only one")
            }
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ConfigurationError(
                    setting: "SYSTEM_PROMPT_FILE",
                    message: "SYSTEM_PROMPT_FILE: cannot read \(ConfigurationError.quoted(file)) "
                        + "(missing, unreadable or not UTF-8)")
            }
            prompt = contents.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !prompt.isEmpty else {
                throw ConfigurationError(
                    setting: "SYSTEM_PROMPT_FILE",
                    message: "SYSTEM_PROMPT_FILE: \(ConfigurationError.quoted(file)) is empty")
            }
        }
        self.init(
            systemPrompt: prompt,
            systemPromptFile: file,
            maxTokens: try reader.int("MEMORY_MAX_TOKENS", default: 3000, in: 1...Int.max),
            maxMessages: try reader.int("MEMORY_MAX_MESSAGES", default: 40, in: 1...10_000),
            summary: try reader.bool("MEMORY_SUMMARY", default: true),
            summaryMaxTokens: try reader.int("MEMORY_SUMMARY_MAX_TOKENS", default: 500, in: 50...20_000),
            businessName: businessName, businessDescription: businessDescription
        )
    }
}
