import Foundation
import GRDB

/// How long each turn waited for the model, as the server recorded it: taken away from the end-to-end
/// time, it leaves the server's own overhead (the "instant" fake model still costs an HTTP round trip).
enum ModelWait {
    /// The recorded model latency of each contact's turn, by the contact's WhatsApp address.
    static func byAddress(databasePath: String) throws -> [String: Duration] {
        let database = try DatabaseQueue(path: databasePath, configuration: readOnly)
        return try database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT c.reply_address, t.latency_ms FROM turns t JOIN contacts c ON c.id = t.contact_id")
            return Dictionary(
                rows.map {
                    ($0["reply_address"] as String, Duration.interval(($0["latency_ms"] as Double? ?? 0) / 1000))
                },
                uniquingKeysWith: { first, _ in first })
        }
    }

    private static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }
}
