import Foundation

/// The photo script's `from_number` as E.164 with `+`: it stored Twilio's `From` (`whatsapp:+5511987654321`),
/// and hand-made rows hold `+5511987654321` or bare digits, sometimes with spaces, dashes or brackets. Bare digits
/// are read as the full international number (with its country code), as WhatsApp's `WaId` gives it.
enum PhotoScriptPhone {
    /// `+5511987654321`, or nil when the value is not a phone number.
    static func e164(_ raw: String) -> String? {
        var value = Substring(raw.trimmingCharacters(in: .whitespaces))
        if value.lowercased().hasPrefix("whatsapp:") { value = value.dropFirst("whatsapp:".count) }
        let kept = value.filter { !" -().".contains($0) }
        let digits = kept.hasPrefix("+") ? kept.dropFirst() : Substring(kept)
        // E.164: at most 15 digits, and no country code starts with 0.
        guard (8...15).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), digits.first != "0" else {
            return nil
        }
        return "+" + digits
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
