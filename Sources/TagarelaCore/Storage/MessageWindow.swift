/// A bounded slice of one contact's messages, in id order: a page or a poll reads this, never a whole history.
public enum MessageWindow: Sendable, Equatable {
    /// The newest `limit` messages older than `before` (nil: the newest of all).
    case newest(limit: Int, before: Int64? = nil)
    /// The oldest `limit` messages newer than `after`: what a poll has not seen yet.
    case after(Int64, limit: Int)
}
