import Foundation
import Logging
import ServiceLifecycle

/// Sends what turns put in the outbox, in order per contact, with retries; several contacts at once.
public final class OutboxWorker: Service {
    public struct Settings: Sendable {
        public var owner: String
        public var concurrency: Int
        /// Longer than the channel's own send timeout, so a live send never looks dead.
        public var leaseDuration: Duration
        public var maxAttempts: Int
        public var retryPolicy: RetryPolicy
        public var pollInterval: Duration
        /// On shutdown, how long the outbox keeps sending what is already due.
        public var drainTime: Duration
        /// After a send with an unknown outcome, how long to wait before asking the provider whether it has it.
        public var recheckDelay: Duration

        public init(
            owner: String, concurrency: Int, leaseDuration: Duration = .seconds(60), maxAttempts: Int = 6,
            retryPolicy: RetryPolicy = RetryPolicy(baseDelay: .seconds(2), maxDelay: .seconds(300)),
            pollInterval: Duration = .seconds(1), drainTime: Duration = .seconds(10),
            recheckDelay: Duration = .seconds(30)
        ) {
            self.owner = owner
            self.concurrency = max(1, concurrency)
            self.leaseDuration = leaseDuration
            self.maxAttempts = max(1, maxAttempts)
            self.retryPolicy = retryPolicy
            self.pollInterval = pollInterval
            self.drainTime = drainTime
            self.recheckDelay = recheckDelay
        }
    }

    let store: any OutboxStore
    let senders: [ChannelKind: any ChannelSender]
    let settings: Settings
    let timeSource: any TimeSource
    let signal: WorkSignal
    let observer: any WorkObserver
    let logger: Logger

    public init(
        store: any OutboxStore, senders: [any ChannelSender], settings: Settings, timeSource: any TimeSource,
        signal: WorkSignal, observer: any WorkObserver = NoWorkObserver(), logger: Logger
    ) {
        self.store = store
        self.senders = Dictionary(senders.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
        self.settings = settings
        self.timeSource = timeSource
        self.signal = signal
        self.observer = observer
        self.logger = logger
    }

    /// What a turn worker asks storage for to send a turn's first reply through this outbox at once.
    public var firstReplyRequest: SendClaimRequest {
        SendClaimRequest(owner: settings.owner, channels: Set(senders.keys), leaseDuration: settings.leaseDuration)
    }

    public func run() async throws {
        let channels = Set(senders.keys)
        // Turns stop before the outbox: what they left is sent now rather than at the next start.
        let loop = ClaimLoop<OutboundClaim>(
            capacity: settings.concurrency, signal: signal, timeSource: timeSource,
            pollInterval: settings.pollInterval, minimumWait: .milliseconds(20), drainTime: settings.drainTime,
            logger: logger)
        await loop.run(
            claim: { [store, settings, timeSource] limit in
                try await store.claimOutbound(
                    owner: settings.owner, channels: channels, now: timeSource.now(),
                    leaseDuration: settings.leaseDuration, limit: limit)
            },
            process: { claim in await self.deliver(claim) },
            nextDue: { [store] in try await store.nextOutboundDue(channels: channels) })
    }

    /// Sends one message and records the verdict.
    func deliver(_ claim: OutboundClaim) async {
        let result = await verdict(for: claim)
        observer.sendFinished(channel: claim.channel, result: result)
        do {
            try await store.recordSend(claim, result: result, now: timeSource.now())
        } catch {
            logger.error(
                "could not record a send", metadata: ["message": "\(claim.envelope.messageID)", "error": "\(error)"])
        }
    }

    func verdict(for claim: OutboundClaim) async -> SendRecord {
        let envelope = claim.envelope
        let metadata: Logger.Metadata = [
            "message": "\(envelope.messageID)", "to": "\(Redact.address(envelope.to))", "attempt": "\(claim.attempt)",
        ]
        guard let sender = senders[claim.channel] else {
            logger.error("no sender for channel \(claim.channel)", metadata: metadata)
            return .failed(code: nil, reason: "channel \(claim.channel) is not configured", optedOut: false)
        }
        let lookup = sender.sentLookup
        if let since = claim.recoveringSince {
            // An earlier attempt's outcome is unknown: ask the provider before sending again.
            switch await lookup?.findSent(envelope, since: since) ?? .cannotTell {
            case .found(let providerMessageID):
                logger.notice("interrupted send had reached the provider", metadata: metadata)
                return .sent(providerMessageID: providerMessageID)
            case .notFound:
                logger.notice("interrupted send never reached the provider; sending it now", metadata: metadata)
            case .unavailable(let reason):
                return recheckOrGiveUp(claim, reason: "lookup failed: \(reason)", metadata: metadata)
            case .cannotTell:
                logger.error("interrupted send has an unknown outcome; not resending", metadata: metadata)
                return .unknown(reason: "interrupted mid-send; the provider could not tell")
            }
        }
        switch await sender.send(envelope) {
        case .accepted(let providerMessageID):
            return .sent(providerMessageID: providerMessageID)
        case .rejected(let code, let reason, let optedOut):
            logger.error(
                "send refused", metadata: metadata.merging(["code": "\(code ?? "-")", "reason": "\(reason)"]) { $1 })
            return .failed(code: code, reason: reason, optedOut: optedOut)
        case .retryable(let reason, let retryAfter):
            guard claim.attempt < settings.maxAttempts else {
                logger.error("send failed, giving up", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
                return .failed(code: nil, reason: "gave up after \(claim.attempt) attempts: \(reason)", optedOut: false)
            }
            let delay = settings.retryPolicy.delay(afterAttempt: claim.attempt, retryAfter: retryAfter)
            logger.warning(
                "send failed, will retry",
                metadata: metadata.merging(["reason": "\(reason)", "in": "\(delay)"]) { $1 })
            return .retry(at: timeSource.now().addingTimeInterval(delay.timeInterval), reason: reason)
        case .unknown(let reason):
            guard lookup != nil else {
                logger.error(
                    "send outcome unknown; not resending", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
                return .unknown(reason: reason)
            }
            return recheckOrGiveUp(claim, reason: reason, metadata: metadata)
        }
    }

    /// Leaves the message in flight to be looked up later, until the attempts run out.
    private func recheckOrGiveUp(_ claim: OutboundClaim, reason: String, metadata: Logger.Metadata) -> SendRecord {
        guard claim.attempt < settings.maxAttempts else {
            logger.error("send outcome still unknown; not resending", metadata: metadata)
            return .unknown(reason: reason)
        }
        logger.warning(
            "send outcome unknown; will ask the provider", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        return .recheck(at: timeSource.now().addingTimeInterval(settings.recheckDelay.timeInterval), reason: reason)
    }
}
