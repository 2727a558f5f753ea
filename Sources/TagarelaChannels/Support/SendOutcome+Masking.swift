import Foundation
import TagarelaCore

extension SendOutcome {
    /// Providers' error messages quote the recipient ("Invalid 'To' Phone Number: whatsapp:+55…"): the address
    /// is masked, in each form a provider may quote it (`whatsapp:+55…`, `+55…`, `55…`), before the reason
    /// reaches a log line or the outbox.
    func maskingAddress(_ address: String) -> SendOutcome {
        let bare = String(address.split(separator: ":", maxSplits: 1).last ?? "")
        let digits = bare.hasPrefix("+") ? String(bare.dropFirst()) : bare
        // Longest first, so a shorter form never cuts into a longer one before it is masked.
        let forms = [address, bare, digits].filter { $0.count > 4 }
        func mask(_ text: String) -> String {
            forms.reduce(text) { text, form in text.replacingOccurrences(of: form, with: Redact.address(form)) }
        }
        switch self {
        case .accepted: return self
        case .rejected(let code, let reason, let optedOut):
            return .rejected(code: code, reason: mask(reason), optedOut: optedOut)
        case .retryable(let reason, let retryAfter): return .retryable(reason: mask(reason), retryAfter: retryAfter)
        case .unknown(let reason): return .unknown(reason: mask(reason))
        }
    }
}
