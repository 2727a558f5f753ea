import Foundation

/// How long a contact may wait: the deadline a turn's reply must meet, and when they are told it is coming.
/// Both count from the turn's claim.
public struct ReplyTiming: Sendable, Equatable {
    /// `REPLY_DEADLINE_SECONDS`: past it the turn stops, the contact gets the fallback text and the turn is
    /// recorded as timed out; nil lets a turn take as long as its providers do.
    public var deadline: Duration?
    /// `SLOW_REPLY_NOTICE_SECONDS`: when the answer is not ready by then, the contact gets one short notice;
    /// nil sends none.
    public var slowNotice: Duration?

    public init(deadline: Duration?, slowNotice: Duration? = nil) {
        self.deadline = deadline
        self.slowNotice = slowNotice
    }

    /// No deadline and no notice.
    public static let off = ReplyTiming(deadline: nil)
}
