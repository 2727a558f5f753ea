import Foundation
import Logging
import TagarelaCore

/// The origin (`https://host`) that links Tagarela hands out begin with when no request names one: `PUBLIC_URL`,
/// else the origin of the last correctly signed webhook (kept in the database, shared by every instance), else
/// none (the link is left out, or made relative).
enum LinkOrigin {
    static func current(
        _ publicURL: URL?, _ origins: (any WebhookOriginStore)?, logger: Logger? = nil
    ) async -> String? {
        if let publicURL {
            var base = publicURL.absoluteString
            while base.hasSuffix("/") { base.removeLast() }
            return base
        }
        do {
            return try await origins?.webhookOrigin()
        } catch {
            // A link is a convenience: without the database's answer the alert or list goes out without it.
            logger?.warning("the last webhook origin could not be read", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
