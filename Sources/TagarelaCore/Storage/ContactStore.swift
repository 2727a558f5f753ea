import Foundation

/// One contact as the dashboard, the API and the tools see them: their record, messages, facts, handoff, erasure.
public protocol ContactStore: Sendable {
    func contact(id: Int64) async throws -> Contact?

    func messages(contactID: Int64) async throws -> [StoredMessage]

    /// A window of the contact's messages, in id order.
    func messages(contactID: Int64, window: MessageWindow) async throws -> [StoredMessage]

    /// What the model remembered about the contact (`remember_fact`), oldest first.
    func facts(contactID: Int64) async throws -> [ContactFact]

    /// Hands the contact to a person since `at` (with a reason), or gives them back to the bot (`reason` nil):
    /// while handed off, the bot stays silent for them. False if there is no such contact.
    @discardableResult
    func setHandoff(contactID: Int64, reason: String?, at: Date) async throws -> Bool

    /// Forgets the contact's memory: later turns see no message up to now, and no fact. The messages stay for
    /// the record (the dashboard). False if there is no such contact.
    @discardableResult
    func clearMemory(contactID: Int64) async throws -> Bool

    /// Deletes the contact and everything of theirs (messages, turns, facts): a data-protection request.
    /// False if there is no such contact.
    @discardableResult
    func deleteContact(contactID: Int64) async throws -> Bool
}
