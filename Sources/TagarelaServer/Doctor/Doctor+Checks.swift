import Foundation
import TagarelaCore

extension Doctor {
    /// The checks the settings call for, in the order they are printed; what is off gets a – line naming the
    /// setting that turns it on.
    public init(for configuration: Configuration, environment: [String: String]) {
        let searchPath = environment["PATH"]
        var checks: [any DoctorCheck] = [
            DatabaseCheck(database: configuration.database),
            TimeZoneCheck(zone: configuration.tools.defaultTimeZone),
        ]
        checks += Self.programs(configuration, searchPath: searchPath)
        if let twilio = configuration.twilio {
            checks += [TwilioAccountCheck(twilio: twilio), TwilioSenderCheck(twilio: twilio)]
        } else {
            checks.append(Off(name: "Twilio", because: "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN turn it on"))
        }
        if let meta = configuration.meta {
            checks += [MetaPhoneNumberCheck(meta: meta), MetaSubscriptionCheck(meta: meta)]
        } else {
            checks.append(Off(name: "Meta", because: "WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID turn it on"))
        }
        checks += Self.providers(configuration)
        checks.append(BusinessCheck(configuration: configuration))
        if let s3 = configuration.mediaStorage.s3 {
            checks.append(S3BucketCheck(settings: s3))
        } else {
            checks.append(Off(name: "S3 bucket", because: "MEDIA_STORAGE=s3 keeps files in a bucket"))
        }
        checks.append(PublicHealthCheck(publicURL: configuration.server.publicURL))
        self.init(checks: checks)
    }

    /// ffmpeg and ffprobe when voice needs them, pdftotext as a hint for PDF documents.
    static func programs(_ configuration: Configuration, searchPath: String?) -> [any DoctorCheck] {
        let voice = configuration.voice
        let speaks = configuration.speech.provider != .none && configuration.speech.mode != .never
        let hears = voice.transcription != .none
        let need = hears ? "voice notes" : speaks ? "spoken answers" : nil
        let ffmpeg = voice.ffmpegPath
        let ffprobe =
            ffmpeg.contains("/")
            ? URL(fileURLWithPath: ffmpeg).deletingLastPathComponent().appendingPathComponent("ffprobe").path
            : "ffprobe"
        let install = "install ffmpeg (Debian: apt-get install ffmpeg) or set FFMPEG_PATH"
        let unneeded = "with TRANSCRIPTION_PROVIDER or voice replies"
        return [
            ProgramCheck(
                name: "ffmpeg", program: ffmpeg, neededFor: need, install: install, unneededBecause: unneeded,
                searchPath: searchPath),
            ProgramCheck(
                name: "ffprobe", program: ffprobe, neededFor: need, install: install, unneededBecause: unneeded,
                searchPath: searchPath),
            ProgramCheck(
                name: "pdftotext", program: "pdftotext", neededFor: nil,
                install: "install poppler-utils", unneededBecause: "for PDF documents in the knowledge base",
                searchPath: searchPath),
        ]
    }
}

/// A part that is off: one – line naming what turns it on.
struct Off: DoctorCheck {
    let name: String
    let because: String

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        .notConfigured(because)
    }
}
