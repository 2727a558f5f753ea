import Foundation

/// The two forms of the signing time SigV4 uses: `20261201T120000Z` (`x-amz-date`, `X-Amz-Date`) and `20261201`
/// (the credential scope). Always UTC, whole seconds.
struct SigV4Timestamp: Sendable, Equatable {
    let amzDate: String
    let date: String

    init(_ instant: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        func pad(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        date = pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2)
        amzDate = date + "T" + pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2) + "Z"
    }
}
