import Foundation
import TagarelaCore
import Testing

@Suite("MemoryWindow", .timeLimit(.minutes(3)))
struct MemoryWindowTests {
    func message(_ id: Int64, _ direction: MessageDirection, _ text: String?, kind: MessageKind = .text)
        -> StoredMessage
    {
        StoredMessage(
            id: id, contactID: 1, direction: direction, channel: .twilio, providerMessageID: nil, kind: kind,
            text: text, createdAt: Date(), status: .received, errorCode: nil, turnID: nil)
    }

    @Test func mergesConsecutiveMessagesOfOneSide() {
        let window = MemoryWindow(maxTokens: 1000, maxMessages: 10)
        let messages = window.chatMessages(from: [
            message(1, .inbound, "Oi"), message(2, .inbound, "tudo bem?"), message(3, .outbound, "Tudo!"),
            message(4, .outbound, "E você?"), message(5, .inbound, "Bem"),
        ])
        #expect(
            messages == [
                ChatMessage(role: .user, content: "Oi\ntudo bem?"),
                ChatMessage(role: .assistant, content: "Tudo!\nE você?"),
                ChatMessage(role: .user, content: "Bem"),
            ])
    }

    @Test func dropsTheOldestToFitTheBudgetAndStartsWithTheContact() {
        let long = String(repeating: "palavra ", count: 50)  // about 104 tokens
        let window = MemoryWindow(maxTokens: 250, maxMessages: 10)
        let messages = window.chatMessages(from: [
            message(1, .inbound, "antiga " + long), message(2, .outbound, "resposta " + long),
            message(3, .inbound, "recente " + long), message(4, .outbound, "última resposta"),
            message(5, .inbound, "pergunta nova"),
        ])
        #expect(messages.first?.role == .user)
        #expect(messages.first?.content.hasPrefix("recente") == true)
        #expect(messages.last?.content == "pergunta nova")
        #expect(messages.map(\.content).reduce(0) { $0 + MemoryWindow.estimatedTokens($1) } <= 250)
    }

    @Test func theNewestMessageIsKeptEvenOverBudget() {
        let window = MemoryWindow(maxTokens: 10, maxMessages: 10)
        let huge = String(repeating: "x", count: 4000)
        let messages = window.chatMessages(from: [message(1, .inbound, "antes"), message(2, .inbound, huge)])
        #expect(messages == [ChatMessage(role: .user, content: "antes\n" + huge)])
    }

    @Test func mediaTheModelCannotSeeIsNamed() {
        let window = MemoryWindow(maxTokens: 100, maxMessages: 10)
        let messages = window.chatMessages(from: [message(1, .inbound, nil, kind: "image")])
        #expect(messages == [ChatMessage(role: .user, content: "[image]")])
        let captioned = window.chatMessages(from: [
            message(1, .inbound, "olha isso", kind: "image"), message(2, .inbound, "👍", kind: "reaction"),
        ])
        #expect(captioned == [ChatMessage(role: .user, content: "[image] olha isso\n[reaction] 👍")])
        let notice = window.chatMessages(from: [
            message(1, .inbound, "User changed from 1 to 2", kind: "system"), message(2, .inbound, "oi"),
        ])
        #expect(notice == [ChatMessage(role: .user, content: "oi")])
    }
}

@Suite("ContactGuards", .timeLimit(.minutes(3)))
struct ContactGuardsTests {
    @Test(arguments: ["STOP", "stop", " Sair! ", "sAIR", "SAÍR"])
    func optOutKeywordsIgnoreCaseAccentsAndPunctuation(text: String) {
        #expect(ContactGuards().isOptOut(text))
    }

    @Test(arguments: ["stop sending me ads", "sair de casa", "", "pare"])
    func otherTextIsNotAnOptOut(text: String) {
        #expect(!ContactGuards().isOptOut(text))
    }

    @Test func blockListWinsAndAllowListLimits() {
        let guards = ContactGuards(allowList: ["+5511900000001", "BR.7"], blockList: ["+5511900000002"])
        #expect(guards.admits(ContactIdentity(phone: "+5511900000001")))
        #expect(guards.admits(ContactIdentity(userID: "BR.7")))
        #expect(!guards.admits(ContactIdentity(phone: "+5511900000002")))
        #expect(!guards.admits(ContactIdentity(phone: "+5511900000003")))
        #expect(ContactGuards().admits(ContactIdentity(phone: "+1")))
    }
}

@Suite("MemoryWindow: folds into the running summary", .timeLimit(.minutes(3)))
struct MemoryFoldTests {
    @Test func aFoldIsQueuedOnlyPastTheWindowAndEndsBeforeTheContactSpeaks() {
        let window = MemoryWindow(maxTokens: 1000, maxMessages: 6, summaryMaxTokens: 100)
        let history = (1...6).map {
            MemoryWindowTests().message(Int64($0), $0 % 2 == 1 ? .inbound : .outbound, "mensagem \($0)")
        }
        let turn = [history[5]]
        // Everything summarised is read past: nothing to fold while the rest fits.
        #expect(window.foldThrough(history: history, summarisedThrough: 2, readLimit: 6, turn: turn) == nil)
        #expect(
            window.foldThrough(history: Array(history.prefix(5)), summarisedThrough: 0, readLimit: 6, turn: []) == nil)
        // A full read with nothing summarised: about half the window is folded, and the reply right after the fold
        // goes with it, so the window still starts with the contact.
        #expect(window.foldThrough(history: history, summarisedThrough: 0, readLimit: 6, turn: turn) == 4)
        // Over the token budget: the same, by tokens.
        let tight = MemoryWindow(maxTokens: 40, maxMessages: 40, summaryMaxTokens: 100)
        #expect(tight.foldThrough(history: history, summarisedThrough: 0, readLimit: 40, turn: turn) == 4)
        // Off: never.
        let off = MemoryWindow(maxTokens: 40, maxMessages: 6)
        #expect(off.foldThrough(history: history, summarisedThrough: 0, readLimit: 6, turn: turn) == nil)
    }
}
