import Foundation

/// The rules a turn follows before and around the model: guards, texts, memory and limits.
public struct TurnPolicy: Sendable {
    public var systemPrompt: String
    public var memory: MemoryWindow
    public var guards: ContactGuards
    public var texts: TurnTexts
    /// The kill switch: no model is called, every turn that would have asked one answers `texts.modelsOff`.
    public var modelsDisabled: Bool
    public var budgets: TokenBudgets
    /// `LLM_PRICES`: what each turn cost is recorded with it, and the budgets in dollars count it.
    public var prices: Prices
    /// `VOICE_ECHO_TRANSCRIPT`: a voice note's transcript is sent back to the contact before the answer.
    public var echoTranscripts: Bool
    /// `BUSINESS_HOURS`: when people are on duty; nil when the bot keeps no hours.
    public var businessHours: BusinessHours?
    /// `TOOL_CONFIRM_SECONDS`: how long a call held for the contact's yes waits for it.
    public var toolConfirmWindow: Duration
    /// `REPLY_DEADLINE_SECONDS` and `SLOW_REPLY_NOTICE_SECONDS`: how long a turn may take, and when the contact is
    /// told to wait.
    public var timing: ReplyTiming

    public init(
        systemPrompt: String, memory: MemoryWindow, guards: ContactGuards, texts: TurnTexts,
        modelsDisabled: Bool = false, budgets: TokenBudgets = .off, prices: Prices = Prices(),
        echoTranscripts: Bool = false, businessHours: BusinessHours? = nil, toolConfirmWindow: Duration = .seconds(600),
        timing: ReplyTiming = .off
    ) {
        self.timing = timing
        self.toolConfirmWindow = toolConfirmWindow
        self.prices = prices
        self.businessHours = businessHours
        self.echoTranscripts = echoTranscripts
        self.systemPrompt = systemPrompt
        self.memory = memory
        self.guards = guards
        self.texts = texts
        self.modelsDisabled = modelsDisabled
        self.budgets = budgets
    }
}

/// Abuse and cost guards, all configurable.
public struct ContactGuards: Sendable, Equatable {
    /// Messages a contact may send per `rateLimitWindow` before the model is no longer called; 0 turns it off.
    public var rateLimitMessages: Int
    public var rateLimitWindow: Duration
    /// Longer texts get a notice instead of a model call.
    public var maxInboundCharacters: Int
    /// When not empty, only these contacts are answered (phone numbers `+55...` or business ids).
    public var allowList: Set<String>
    public var blockList: Set<String>
    /// Words that opt a contact out, compared without case or accents (`STOP`, `SAIR`).
    public var optOutKeywords: Set<String>

    public init(
        rateLimitMessages: Int = 20, rateLimitWindow: Duration = .seconds(60), maxInboundCharacters: Int = 4000,
        allowList: Set<String> = [], blockList: Set<String> = [], optOutKeywords: Set<String> = ["STOP", "SAIR"]
    ) {
        self.rateLimitMessages = rateLimitMessages
        self.rateLimitWindow = rateLimitWindow
        self.maxInboundCharacters = maxInboundCharacters
        self.allowList = allowList
        self.blockList = blockList
        self.optOutKeywords = Set(optOutKeywords.map(Self.normalizedKeyword))
    }

    /// Whether the bot may talk to this contact at all.
    public func admits(_ identity: ContactIdentity) -> Bool {
        // The terminal chat and the playground are the operator's own: no list applies to them.
        if identity.phone == nil, identity.userID == nil, identity.localID != nil { return true }
        let names = [identity.phone, identity.userID, identity.localID].compactMap { $0 }
        if names.contains(where: blockList.contains) { return false }
        return allowList.isEmpty || names.contains(where: allowList.contains)
    }

    /// Whether a message is an opt-out keyword ("Sair", " stop! " count; "stop sending me ads" does not).
    public func isOptOut(_ text: String) -> Bool {
        optOutKeywords.contains(Self.normalizedKeyword(text))
    }

    static func normalizedKeyword(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
            .uppercased()
    }
}

/// The texts a turn sends without the model.
public struct TurnTexts: Sendable, Equatable {
    public var fallback: String
    public var rateLimited: String
    public var tooLong: String
    /// Sent instead of a model's answer while the kill switch is on, or the monthly token budget is spent.
    public var modelsOff: String
    /// Sent once a day to a contact past its daily token budget.
    public var budgetExceeded: String
    /// Sent when a voice note could not be downloaded or transcribed: type it, or send it again.
    public var voiceFailed: String
    /// The transcript echoed back (`{transcript}` is replaced), when echoing is on.
    public var voiceEcho: String
    /// Sent when a contact's media of the day are past the quota.
    public var mediaQuota: String
    /// Sent when a photo, document or video could not be downloaded or kept.
    public var mediaFailed: String
    /// Produces the notice for a message kind this version does not handle.
    public var unsupported: @Sendable (String) -> String
    /// Produces the notice sent outside business hours from when a person is back (nil: not this week).
    public var outsideHours: @Sendable (_ opens: Date?, _ now: Date) -> String
    /// Asks the contact to confirm a held call: `{tool}`, `{description}`, `{arguments}` and `{minutes}` are
    /// replaced.
    public var confirmTool: String
    /// Sent once while a turn is slow (`SLOW_REPLY_NOTICE_SECONDS`), before its answer.
    public var slowReply: String

    public init(
        fallback: String, rateLimited: String, tooLong: String, modelsOff: String = "", budgetExceeded: String = "",
        voiceFailed: String = "", voiceEcho: String = "🎤 {transcript}", mediaQuota: String = "",
        mediaFailed: String = "",
        unsupported: @escaping @Sendable (String) -> String,
        outsideHours: @escaping @Sendable (_ opens: Date?, _ now: Date) -> String = { _, _ in "" },
        confirmTool: String =
            "Please confirm: {tool} ({description})\n{arguments}\nAnswer yes within {minutes} minutes.",
        slowReply: String = "Só um instante…"
    ) {
        self.slowReply = slowReply
        self.confirmTool = confirmTool
        self.outsideHours = outsideHours
        self.voiceFailed = voiceFailed
        self.voiceEcho = voiceEcho
        self.mediaQuota = mediaQuota
        self.mediaFailed = mediaFailed
        self.budgetExceeded = budgetExceeded
        self.fallback = fallback
        self.rateLimited = rateLimited
        self.tooLong = tooLong
        self.modelsOff = modelsOff
        self.unsupported = unsupported
    }

    public static func == (lhs: TurnTexts, rhs: TurnTexts) -> Bool {
        lhs.fallback == rhs.fallback && lhs.rateLimited == rhs.rateLimited && lhs.tooLong == rhs.tooLong
            && lhs.modelsOff == rhs.modelsOff && lhs.budgetExceeded == rhs.budgetExceeded
            && lhs.voiceFailed == rhs.voiceFailed && lhs.voiceEcho == rhs.voiceEcho && lhs.mediaQuota == rhs.mediaQuota
            && lhs.mediaFailed == rhs.mediaFailed && lhs.slowReply == rhs.slowReply
    }
}
