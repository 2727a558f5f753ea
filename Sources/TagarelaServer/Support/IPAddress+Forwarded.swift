import Foundation
import TagarelaChannels

extension IPAddress {
    /// Parses one hop of `X-Forwarded-For`, which proxies also write as `[2001:db8::1]:4711` or `192.0.2.1:4711`
    /// (https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For).
    init?(forwarded hop: some StringProtocol) {
        var text = String(hop).trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<end])
        } else if text.filter({ $0 == ":" }).count == 1 {
            text = String(text.prefix { $0 != ":" })
        }
        self.init(text)
    }
}
