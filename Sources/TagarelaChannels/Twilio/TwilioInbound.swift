import TagarelaCore

/// A WhatsApp message that Twilio posted to the inbound webhook, parsed from its form fields.
public struct TwilioInbound: Sendable, Equatable {
    /// One attachment: `MediaUrl{N}` and `MediaContentType{N}`.
    public struct Media: Sendable, Equatable {
        /// A Twilio API URL (no file extension); fetching it needs Basic auth and redirects to a CDN.
        public var url: String
        public var contentType: String?

        public init(url: String, contentType: String?) {
            self.url = url
            self.contentType = contentType
        }
    }

    /// `MessageSid`: `SM…` for text, `MM…` with media. Redelivery of the same sid must be harmless.
    public var messageSid: String
    public var accountSid: String?
    /// `From` exactly as sent (`whatsapp:+5511…` or `whatsapp:US.1234`): replies go to this address.
    public var from: String
    /// `To`: our WhatsApp sender.
    public var to: String?
    public var identity: ContactIdentity
    public var profileName: String?
    /// `Body` as sent; for media this is the caption, kept for when media is supported.
    public var body: String = ""
    /// `MessageType` lower-cased (`text`, `image`, `interactive`, `location`…), when Twilio sent one.
    public var messageType: String?
    public var content: InboundContent
    public var media: [Media] = []
    /// `ButtonPayload` of a quick-reply tap.
    public var buttonPayload: String?
    /// `OriginalRepliedMessageSid`: our message the contact swipe-replied to.
    public var repliedToMessageSid: String?

    /// Every attachment as a message of its own, as WhatsApp would send them: the first carries `Body` (the
    /// caption), each further one is stored under `<MessageSid>/<index>`, so a redelivery dedupes them all; a
    /// burst of them is answered in one turn like any other.
    public var inboundMessages: [InboundMessage] {
        var messages = [inboundMessage]
        for (index, item) in media.enumerated().dropFirst() {
            let kind = TwilioInboundParser.mediaKind(item.contentType, messageType: messageType)
            messages.append(
                InboundMessage(
                    channel: .twilio, providerMessageID: "\(messageSid)/\(index)", identity: identity,
                    replyAddress: from, profileName: profileName,
                    content: .media(
                        MediaAttachment(kind: MessageKind(rawValue: kind), url: item.url, mimeType: item.contentType)),
                    businessAddress: businessAddress))
        }
        return messages
    }

    /// The channel-neutral message the conversation core stores and answers.
    public var inboundMessage: InboundMessage {
        InboundMessage(
            channel: .twilio,
            providerMessageID: messageSid,
            identity: identity,
            replyAddress: from,
            profileName: profileName,
            content: content,
            businessAddress: businessAddress
        )
    }

    /// `To` when it is a WhatsApp address: the number replies go out from (the contact's 24-hour window is
    /// that number's), which also lets one account answer on several numbers.
    var businessAddress: String? {
        guard let to, to.lowercased().hasPrefix("whatsapp:"), to.utf8.count <= 64 else { return nil }
        return to
    }
}
