import TagarelaCore

extension Configuration {
    /// The running summary's size, 0 when there is none: `MEMORY_SUMMARY=off`, or OpenAI keeps the conversation
    /// (`OPENAI_HISTORY=conversations`): its turns send OpenAI only what is new, so a summary in the window would
    /// never reach it, and OpenAI already replaces a long conversation by one seeded with a summary.
    var memorySummaryTokens: Int {
        guard memory.summary else { return 0 }
        if openAI?.history == .conversations, models.chain.contains(.openai) { return 0 }
        return memory.summaryMaxTokens
    }

    /// The turn rules the configuration describes.
    var turnPolicy: TurnPolicy {
        let texts = texts
        return TurnPolicy(
            systemPrompt: memory.systemPrompt,
            memory: MemoryWindow(
                maxTokens: memory.maxTokens, maxMessages: memory.maxMessages, summaryMaxTokens: memorySummaryTokens),
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
                }, confirmTool: texts.confirmTool, slowReply: texts.slowReply),
            modelsDisabled: models.disabled, budgets: models.budgets, prices: models.prices,
            echoTranscripts: voice.echoTranscripts,
            businessHours: businessHours, toolConfirmWindow: tools.confirmWindow, timing: queue.replyTiming)
    }
}
