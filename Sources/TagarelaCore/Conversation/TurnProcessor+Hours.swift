import Foundation

extension TurnProcessor {
    /// Outside business hours with `OUTSIDE_HOURS=notice`: the contact hears when a person is back, once per
    /// closed spell (a turn run again after a lost lease adds nothing), and no model is asked.
    func outsideHours(_ claim: TurnClaim, optIn: Bool?) async throws -> TurnOutcome? {
        let now = timeSource.now()
        guard let hours = policy.businessHours, hours.outside == .notice, !hours.isOpen(at: now) else { return nil }
        let notice = policy.texts.outsideHours(hours.nextOpening(after: now), now)
        try await store.enqueueOutbound(
            .notice(notice), contactID: claim.contact.id, now: now,
            unlessSince: hours.lastClosing(before: now) ?? .distantPast)
        return TurnOutcome(
            replies: [], record: TurnRecord(status: .skipped, note: "outside business hours"), optOut: optIn)
    }

    /// The system prompt (with the knowledge base's sentence while it has documents), what the model remembers of
    /// the contact and, outside business hours when the bot answers alone, when the team is back (so a contact
    /// asking for a person hears it).
    func instructions(facts: [ContactFact], knowledge: Bool = false) -> String {
        // The knowledge base's sentence is the same in every turn: it belongs to the stable, cached instructions.
        let stable = knowledge ? policy.systemPrompt + "\n\n" + KnowledgeReference.instructions : policy.systemPrompt
        let prompt = ContactFact.systemPrompt(stable, facts: facts)
        let now = timeSource.now()
        guard let hours = policy.businessHours, !hours.isOpen(at: now) else { return prompt }
        let back = hours.nextOpening(after: now).map { Self.localTime($0, hours.timeZone) } ?? "not this week"
        return prompt + "\n\nThe human team is away now, back \(back). If the contact asks for a person, say so."
    }

    /// `2026-12-07 09:00 (America/Sao_Paulo)`.
    static func localTime(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let weekday = calendar.weekdaySymbols[(parts.weekday ?? 1) - 1]
        return String(
            format: "%@ %04d-%02d-%02d %02d:%02d (%@)", weekday, parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, zone.identifier)
    }
}
