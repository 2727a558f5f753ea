import Foundation

/// The `Retry-After` header (RFC 9110): whole seconds, or an HTTP date (IMF-fixdate) to wait until.
public enum RetryAfter {
    /// The wait the header asks for from `now`; nil when absent or unreadable.
    public static func parse(_ value: String?, now: Date) -> Duration? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Double(text), seconds >= 0 {
            return .interval(seconds)
        }
        guard let date = httpDate(text) else { return nil }
        return .interval(max(0, date.timeIntervalSince(now)))
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 9110 requires senders to use.
    public static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
