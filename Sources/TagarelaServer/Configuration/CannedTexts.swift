import Foundation

/// The fixed replies sent without asking the model, in the bot's language unless overridden one by one.
public struct CannedTexts: Sendable, Equatable {
    /// `BOT_LANGUAGE`, which picked the defaults and names media kinds in ``unsupported(kind:)``.
    public var language: BotLanguage
    /// `TEXT_FALLBACK`: the model failed or timed out after every attempt.
    public var fallback: String
    /// `TEXT_RATE_LIMITED`: the contact sent more than the rate limit allows.
    public var rateLimited: String
    /// `TEXT_TOO_LONG`: the message is longer than `MAX_INBOUND_CHARS`.
    public var tooLong: String
    /// `TEXT_UNSUPPORTED`: a media type not handled yet; `{kind}` becomes its name.
    public var unsupported: String
    /// `TEXT_HUMAN_HANDOFF`: reserved for passing a conversation to a person.
    public var humanHandoff: String
    /// `TEXT_MODELS_OFF`: the answer while `LLM_DISABLED` keeps every model call off, or the monthly token
    /// budget is spent.
    public var modelsOff: String
    /// `TEXT_BUDGET_EXCEEDED`: sent once a day to a contact past `CONTACT_DAILY_TOKEN_BUDGET`.
    public var budgetExceeded: String
    /// `TEXT_VOICE_FAILED`: a voice note could not be downloaded or transcribed.
    public var voiceFailed: String
    /// `TEXT_VOICE_ECHO`: the transcript sent back when `VOICE_ECHO_TRANSCRIPT` is on; `{transcript}` becomes it.
    public var voiceEcho: String
    /// `TEXT_MEDIA_QUOTA`: sent when a contact's media of the day are past `MEDIA_DAILY_LIMIT` or `MEDIA_DAILY_MB`.
    public var mediaQuota: String
    /// `TEXT_MEDIA_FAILED`: a photo, document or video could not be downloaded or kept.
    public var mediaFailed: String
    /// `TEXT_OUTSIDE_HOURS`: outside `BUSINESS_HOURS` (with `OUTSIDE_HOURS=notice`); `{opens}` becomes when a
    /// person is back ("amanhã às 09:00").
    public var outsideHours: String
    /// `TEXT_CONFIRM_TOOL`: Tagarela's own question before a tool marked `confirm` runs: `{tool}`, `{description}`,
    /// `{arguments}` (one `• name: value` line each) and `{minutes}` (`TOOL_CONFIRM_SECONDS`) are replaced.
    public var confirmTool: String
    /// `TEXT_SLOW_REPLY`: sent once when an answer is not ready after `SLOW_REPLY_NOTICE_SECONDS`.
    public var slowReply: String

    /// The reply to an unsupported message of `kind` (`audio`, `image`, ...), named in the bot's language.
    public func unsupported(kind: String) -> String {
        unsupported.replacingOccurrences(of: "{kind}", with: language.name(ofKind: kind))
    }

    /// The built-in texts for `language`.
    public static func defaults(for language: BotLanguage) -> CannedTexts {
        switch language {
        case .portuguese:
            CannedTexts(
                language: language,
                fallback: "Ops, tive um probleminha para responder agora. 😕 Pode tentar de novo daqui a pouquinho?",
                rateLimited: "Opa, chegou muita mensagem de uma vez! Me dá um minutinho que já continuo com você. 🙏",
                tooLong: "Sua mensagem ficou longa demais para mim. Consegue resumir ou mandar em partes menores?",
                unsupported:
                    "Desculpa, ainda não consigo entender mensagens do tipo {kind}. Pode me escrever em texto?",
                humanHandoff:
                    "Combinado! Vou passar a conversa para alguém da nossa equipe, que já já te responde por aqui.",
                modelsOff:
                    "Estou em pausa por alguns instantes. 🙏 Sua mensagem ficou registrada e a nossa equipe pode ver.",
                budgetExceeded:
                    "Por hoje já conversamos bastante! 😊 Amanhã eu volto a responder por aqui. Até logo!",
                voiceFailed: "Não consegui ouvir o seu áudio. 😕 Pode escrever ou mandar de novo?",
                voiceEcho: "🎤 Entendi: “{transcript}”",
                mediaQuota:
                    "Hoje já recebi muitos arquivos seus. 🙏 Amanhã posso receber mais; por enquanto, pode me escrever?",
                mediaFailed: "Não consegui abrir o arquivo que você mandou. 😕 Pode enviar de novo?",
                outsideHours:
                    "Olá! 😊 Nossa equipe está fora do horário de atendimento agora. Sua mensagem ficou registrada e "
                    + "voltamos {opens}.",
                confirmTool:
                    "Antes de continuar, preciso da sua confirmação para: *{tool}* ({description})\n{arguments}\n"
                    + "Responda *sim* em até {minutes} min para confirmar; qualquer outra resposta cancela.",
                slowReply: "Só um instante…"
            )
        case .english:
            CannedTexts(
                language: language,
                fallback: "Sorry, I ran into a problem answering that. Could you try again in a moment?",
                rateLimited: "Whoa, that's a lot of messages at once! Give me a minute and I'll be right with you.",
                tooLong: "That message is a bit too long for me. Could you shorten it or send it in smaller parts?",
                unsupported: "Sorry, I can't handle {kind} messages yet. Could you type it out instead?",
                humanHandoff: "Got it! I'm passing you to someone from our team, who will reply here shortly.",
                modelsOff: "I'm paused for a moment. Your message was saved and our team can see it.",
                budgetExceeded: "We've talked a lot today! I'll be back to answer here tomorrow. See you!",
                voiceFailed: "I couldn't hear your voice message. Could you type it or send it again?",
                voiceEcho: "🎤 I heard: “{transcript}”",
                mediaQuota:
                    "You've sent me a lot of files today. I can take more tomorrow; for now, could you type it?",
                mediaFailed: "I couldn't open the file you sent. Could you send it again?",
                outsideHours: "Hi! Our team is outside business hours right now. Your message was saved and we'll be "
                    + "back {opens}.",
                confirmTool:
                    "Before I go ahead, I need your confirmation for: *{tool}* ({description})\n{arguments}\n"
                    + "Reply *yes* within {minutes} min to confirm; any other reply cancels it.",
                slowReply: "Just a moment…"
            )
        }
    }
}

extension CannedTexts {
    /// The defaults of `BOT_LANGUAGE`, each replaced by its `TEXT_*` variable when set.
    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        var language = BotLanguage.portuguese
        if let code = reader.string("BOT_LANGUAGE") {
            guard let chosen = BotLanguage(code: code) else {
                throw .invalid("BOT_LANGUAGE", mustBe: "pt-BR or en", got: code)
            }
            language = chosen
        }
        self = .defaults(for: language)
        fallback = reader.string("TEXT_FALLBACK") ?? fallback
        rateLimited = reader.string("TEXT_RATE_LIMITED") ?? rateLimited
        tooLong = reader.string("TEXT_TOO_LONG") ?? tooLong
        unsupported = reader.string("TEXT_UNSUPPORTED") ?? unsupported
        humanHandoff = reader.string("TEXT_HUMAN_HANDOFF") ?? humanHandoff
        modelsOff = reader.string("TEXT_MODELS_OFF") ?? modelsOff
        budgetExceeded = reader.string("TEXT_BUDGET_EXCEEDED") ?? budgetExceeded
        voiceFailed = reader.string("TEXT_VOICE_FAILED") ?? voiceFailed
        voiceEcho = reader.string("TEXT_VOICE_ECHO") ?? voiceEcho
        mediaQuota = reader.string("TEXT_MEDIA_QUOTA") ?? mediaQuota
        mediaFailed = reader.string("TEXT_MEDIA_FAILED") ?? mediaFailed
        outsideHours = reader.string("TEXT_OUTSIDE_HOURS") ?? outsideHours
        confirmTool = reader.string("TEXT_CONFIRM_TOOL") ?? confirmTool
        slowReply = reader.string("TEXT_SLOW_REPLY") ?? slowReply
    }

    /// The outside-hours notice with `{opens}` said in the bot's language: "hoje às 13:00", "amanhã às 09:00",
    /// "segunda-feira às 09:00" ("today at…", "tomorrow at…", "on Monday at…").
    public func outsideHours(opens: Date?, now: Date, timeZone: TimeZone) -> String {
        outsideHours.replacingOccurrences(of: "{opens}", with: language.when(opens, now: now, timeZone: timeZone))
    }
}

/// The language of the canned texts (the model itself answers in whatever language the contact uses).
public enum BotLanguage: String, Sendable, Equatable, CaseIterable {
    case portuguese = "pt-BR"
    case english = "en"

    /// Accepts `pt-BR`, `pt_BR`, `pt`, `en`, `en-US`... in any case; nil for other languages.
    public init?(code: String) {
        let lowered = code.lowercased().replacingOccurrences(of: "_", with: "-")
        if lowered == "pt" || lowered.hasPrefix("pt-") {
            self = .portuguese
        } else if lowered == "en" || lowered.hasPrefix("en-") {
            self = .english
        } else {
            return nil
        }
    }

    /// When something happens, relative to `now`, in this language.
    func when(_ date: Date?, now: Date, timeZone: TimeZone) -> String {
        let portuguese = self == .portuguese
        guard let date else { return portuguese ? "em breve" : "soon" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.locale = Locale(identifier: portuguese ? "pt_BR" : "en_US")
        let days =
            calendar.dateComponents([.day], from: calendar.startOfDay(for: now), to: calendar.startOfDay(for: date))
            .day ?? 0
        let time = String(
            format: "%02d:%02d", calendar.component(.hour, from: date), calendar.component(.minute, from: date))
        let weekdays =
            portuguese
            ? ["domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"]
            : ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let day =
            switch days {
            case 0: portuguese ? "hoje" : "today"
            case 1: portuguese ? "amanhã" : "tomorrow"
            default: (portuguese ? "" : "on ") + weekdays[calendar.component(.weekday, from: date) - 1]
            }
        return portuguese ? "\(day) às \(time)" : "\(day) at \(time)"
    }

    /// A media kind's name in this language.
    func name(ofKind kind: String) -> String {
        let names: [String: (pt: String, en: String)] = [
            "audio": ("áudio", "audio"), "voice": ("áudio", "voice"), "image": ("imagem", "image"),
            "video": ("vídeo", "video"), "document": ("documento", "document"), "file": ("documento", "file"),
            "sticker": ("figurinha", "sticker"), "location": ("localização", "location"),
            "contact": ("contato", "contact"), "contacts": ("contato", "contact"), "reaction": ("reação", "reaction"),
            "order": ("pedido", "order"), "flow": ("formulário", "form"), "poll": ("enquete", "poll"),
            "empty": ("vazia", "empty"),
        ]
        // A kind WhatsApp itself calls unsupported, or one newer than this version, is named as unknown: its
        // raw name (`pool`, `unsupported`) means nothing to the contact.
        guard let name = names[kind.lowercased()] else { return self == .portuguese ? "desconhecido" : "unknown" }
        return self == .portuguese ? name.pt : name.en
    }
}
