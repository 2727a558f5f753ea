import TagarelaCore

extension Configuration {
    /// The turn rules the configuration describes.
    var turnPolicy: TurnPolicy {
        let texts = texts
        return TurnPolicy(
            systemPrompt: memory.systemPrompt,
            memory: MemoryWindow(maxTokens: memory.maxTokens, maxMessages: memory.maxMessages),
            guards: ContactGuards(
                rateLimitMessages: guards.rateLimitMessages, rateLimitWindow: guards.rateLimitWindow,
                maxInboundCharacters: guards.maxInboundCharacters, allowList: guards.allowedContacts,
                blockList: guards.blockedContacts, optOutKeywords: Set(guards.optOutKeywords)),
            texts: TurnTexts(
                fallback: texts.fallback, rateLimited: texts.rateLimited, tooLong: texts.tooLong,
                modelsOff: texts.modelsOff, budgetExceeded: texts.budgetExceeded, voiceFailed: texts.voiceFailed,
                voiceEcho: texts.voiceEcho, mediaQuota: texts.mediaQuota, mediaFailed: texts.mediaFailed,
                unsupported: { texts.unsupported(kind: $0) },
                outsideHours: { [zone = businessHours?.timeZone ?? tools.defaultTimeZone] opens, now in
                    texts.outsideHours(opens: opens, now: now, timeZone: zone)
                }),
            modelsDisabled: models.disabled, budgets: models.budgets, prices: models.prices,
            echoTranscripts: voice.echoTranscripts,
            businessHours: businessHours)
    }
}
