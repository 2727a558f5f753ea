/// Masks personal data and secrets before they reach a log line.
public enum Redact {
    /// `whatsapp:+5511987654321` → `whatsapp:+55…4321`; business ids keep their country prefix only.
    public static func address(_ address: String) -> String {
        var prefix = ""
        var rest = Substring(address)
        if let colon = rest.firstIndex(of: ":") {
            prefix = String(rest[...colon])
            rest = rest[rest.index(after: colon)...]
        }
        guard rest.count > 6 else { return prefix + String(repeating: "•", count: rest.count) }
        if rest.first == "+" {
            return prefix + rest.prefix(3) + "…" + rest.suffix(4)
        }
        if let dot = rest.firstIndex(of: ".") {
            return prefix + rest[...dot] + "…" + rest.suffix(2)
        }
        return prefix + rest.prefix(2) + "…" + rest.suffix(2)
    }

    /// A secret is never shown: only its first characters and its length, so two settings can be told apart.
    public static func secret(_ secret: String) -> String {
        guard !secret.isEmpty else { return "(empty)" }
        return String(secret.prefix(min(3, secret.count / 4))) + "…(\(secret.count) chars)"
    }
}
