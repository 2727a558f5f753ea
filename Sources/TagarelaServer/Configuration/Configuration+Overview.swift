import Foundation
import TagarelaCore

extension Configuration {
    /// What runs, a line per part, for the start-up log a person reads: each part on or off, and when off, why and
    /// which setting turns it on. The full list of settings (`summary`) goes to the debug log and the dashboard.
    public var overview: [(part: String, state: String)] {
        [
            ("database", databaseOverview),
            ("channels", channelsOverview),
            ("model", modelOverview),
            ("assistant", assistantOverview),
            ("voice", voiceOverview),
            ("photos", photosOverview),
            ("knowledge", knowledgeOverview),
            ("dashboard", dashboardOverview),
        ]
    }

    private var databaseOverview: String {
        switch database {
        case .sqlite(let path, _): "SQLite at \(path)"
        case .postgres: "PostgreSQL \(database.redactedURL)"
        }
    }

    private var channelsOverview: String {
        var channels: [String] = []
        if let twilio {
            channels.append(
                "Twilio (\(twilio.from ?? twilio.messagingServiceSID ?? "replies from the number written to"))")
        }
        if meta != nil { channels.append("Meta WhatsApp Cloud API") }
        guard !channels.isEmpty else {
            return "none: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or WHATSAPP_TOKEN and the other WHATSAPP_* "
                + "settings (the dashboard's playground works meanwhile)"
        }
        return channels.joined(separator: ", ")
    }

    private var modelOverview: String {
        guard models.isConfigured else {
            return "none: set OPENAI_API_KEY, GEMINI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server"
        }
        let chain = models.chain.map(\.rawValue).joined(separator: " → ")
        return models.disabled ? "\(chain), paused (LLM_DISABLED)" : chain
    }

    private var voiceOverview: String {
        let hearing =
            voice.transcription == .none
            ? "voice notes not transcribed (TRANSCRIPTION_PROVIDER)"
            : "voice notes "
                + "transcribed by \(voice.transcription.rawValue)"
        let speaking =
            speech.provider == .none || speech.mode == .never
            ? "replies in text" : "replies spoken by \(speech.provider.rawValue) (\(speech.mode.rawValue))"
        return "\(hearing); \(speaking)"
    }

    private var photosOverview: String {
        let catalogue =
            photos.descriptions == .off
            ? "no catalogue (IMAGE_DESCRIPTIONS=off)" : "catalogue on (descriptions: \(photos.descriptions.rawValue))"
        let place =
            switch mediaStorage.kind {
            case .database: "in the database"
            case .filesystem: "under \(mediaStorage.directory ?? "MEDIA_DIR")"
            case .s3: "in the S3 bucket"
            }
        return "\(catalogue); files kept \(place)"
    }

    private var knowledgeOverview: String {
        knowledge.provider == .none
            ? "documents searched by their words (EMBEDDINGS_PROVIDER adds search by meaning)"
            : "documents searched by their words and by \(knowledge.provider.rawValue) embeddings (\(knowledge.model))"
    }

    private var dashboardOverview: String {
        let origin = server.publicURL.map(Self.shown) ?? "http://\(server.host):\(server.port)"
        return admin.password == nil
            ? "\(origin)/admin opens once with the one-time link printed when the server is up; set ADMIN_PASSWORD "
                + "to keep it"
            : "\(origin)/admin"
    }
}
