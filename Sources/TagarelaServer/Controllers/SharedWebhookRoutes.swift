import HTTPTypes
import Hummingbird
import TagarelaChannels
import TagarelaCore

/// The webhook paths of the Python scripts Tagarela replaces (`/webhook`, `/whatsapp`, …), which served one channel
/// each, Twilio's or Meta's: here each serves both, told apart by the request itself, so a console that calls one of
/// them keeps working whichever channel it belongs to. `/webhooks/twilio` and `/webhooks/meta` stay one channel's.
struct SharedWebhookRoutes {
    let twilio: TwilioWebhookController?
    let meta: MetaWebhookController?

    static let paths = [
        "/webhook", "/webhook/whatsapp", "/webhook/whatsapp/v2", "/webhook/whatsapp/realtime", "/whatsapp",
    ]

    /// The channel a POST comes from: by its signature header, else by its body's type (an unsigned request is then
    /// refused by that channel, which says why).
    static func channel(of request: Request) -> ChannelKind? {
        let headers = request.headers
        if headers[HTTPField.Name(MetaSignatureValidator.signatureHeader)!] != nil { return .meta }
        if headers[HTTPField.Name(TwilioSignatureValidator.signatureHeader)!] != nil { return .twilio }
        let type = headers[.contentType]?.lowercased() ?? ""
        if type.hasPrefix("application/json") { return .meta }
        if type.hasPrefix("application/x-www-form-urlencoded") { return .twilio }
        return nil
    }

    func addRoutes(to router: Router<some RemoteAddressRequestContext>) {
        for path in Self.paths {
            // Only Meta verifies a webhook with a GET (`hub.mode`, `hub.verify_token`, `hub.challenge`).
            router.get(RouterPath(path)) { request, _ in
                guard let meta else { throw Self.notConfigured(.meta) }
                return try meta.verify(request)
            }
            router.post(RouterPath(path)) { request, context in
                switch Self.channel(of: request) {
                case .meta:
                    guard let meta else { throw Self.notConfigured(.meta) }
                    return try await meta.receive(request, context: context)
                case .twilio:
                    guard let twilio else { throw Self.notConfigured(.twilio) }
                    return try await twilio.receive(request, context: context)
                default:
                    throw HTTPError(
                        .unsupportedMediaType,
                        message: "Neither a Twilio form nor a Meta JSON delivery: nothing here takes this request.")
                }
            }
        }
    }

    /// A 404 that says which settings would make the path answer.
    static func notConfigured(_ channel: ChannelKind) -> HTTPError {
        let settings =
            channel == .meta
            ? "WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_VERIFY_TOKEN and WHATSAPP_APP_SECRET"
            : "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
        let name = channel == .meta ? "Meta's WhatsApp Cloud API" : "Twilio"
        return HTTPError(
            .notFound, message: "This looks like a \(name) webhook, but \(name) is not configured (\(settings)).")
    }
}
