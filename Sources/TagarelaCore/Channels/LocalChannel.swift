import Foundation
import Synchronization

/// The in-process channel behind `tagarela chat` (and later the playground): replies go to whoever
/// listens at the contact's local address. With nobody listening, the send is retried later, so a
/// reply waits for the person to come back rather than being lost.
public final class LocalChannel: ChannelSender, Sendable {
    public let channel = ChannelKind.local
    public let maxTextLength = 4096
    private struct Listener {
        var id: UUID
        var continuation: AsyncStream<String>.Continuation
    }

    private let listeners = Mutex<[String: Listener]>([:])

    public init() {}

    /// The reply address of a local contact.
    public static func address(of localID: String) -> String { "local:\(localID)" }

    /// A message typed by the local contact `localID`.
    public static func inbound(from localID: String, name: String? = nil, text: String) -> InboundMessage {
        InboundMessage(
            channel: .local, providerMessageID: "local-\(UUID().uuidString)",
            identity: ContactIdentity(localID: localID), replyAddress: address(of: localID), profileName: name,
            content: .text(text))
    }

    /// Replies for `localID`, as they are sent. A new listener replaces the previous one.
    public func listen(as localID: String) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let address = Self.address(of: localID)
        let id = UUID()
        let previous = listeners.withLock {
            $0.updateValue(Listener(id: id, continuation: continuation), forKey: address)
        }
        previous?.continuation.finish()
        continuation.onTermination = { [weak self] _ in
            self?.listeners.withLock { listeners in
                if listeners[address]?.id == id { listeners[address] = nil }
            }
        }
        return stream
    }

    public func send(_ message: OutboundEnvelope) async -> SendOutcome {
        let listener = listeners.withLock { $0[message.to]?.continuation }
        guard let listener, case .enqueued = listener.yield(message.text) else {
            return .retryable(reason: "nobody is listening at \(message.to)", retryAfter: .seconds(5))
        }
        return .accepted(providerMessageID: "local-\(UUID().uuidString)")
    }
}
