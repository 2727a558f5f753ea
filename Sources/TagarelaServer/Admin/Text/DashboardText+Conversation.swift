extension DashboardText {
    /// One conversation: its state, timeline, controls and the forms that write to the contact.
    struct Conversation: Sendable {
        /// What a control did, by the code the redirect carries (`paused`, `resumed`, `cleared`, `sent`, `photos`).
        let notices: [String: String]
        let olderMessages: String
        let newestMessages: String
        /// Paused since a time, with the reason when one was given.
        let pausedSince: @Sendable (_ time: String, _ reason: String?) -> String
        let botAnswers: String
        let remembers: String
        let summaryHeading: String
        let summaryNote: @Sendable (Int64) -> String
        let firstSeen: @Sendable (String) -> String
        let inOut: @Sendable (_ in: Int, _ out: Int) -> String
        let heading: String
        let writeAsAPerson: String
        let freeTextNote: String
        let sendAPhoto: String
        let photo: String
        let caption: String
        let captionPlaceholder: String
        let sendPhoto: String
        /// The photo form's note: the size limit in MB, and the link to the contact's catalogue.
        let photoNote: @Sendable (_ megabytes: Int, _ contactID: Int64) -> HTML
        let templateHeading: String
        let template: String
        let templatePlaceholder: String
        let language: String
        let variables: String
        let sendTemplate: String
        let templateNote: String
        let pause: String
        let resume: String
        let clearMemory: String
        let export: String
        let deleteContact: String
        let voiceNote: String
        let templateMessage: @Sendable (String) -> String
        let sentByAPerson: String
        let tokens: @Sendable (_ input: Int, _ output: Int) -> String
        let fromKnowledge: HTML

        static let english = Conversation(
            notices: [
                "paused": "The bot is paused for this contact: a person answers now.",
                "resumed": "The bot answers this contact again.",
                "cleared": "The contact's memory was cleared.",
                "sent": "Your message is on its way.",
                "photos": "The photos are on their way.",
            ],
            olderMessages: "← older messages", newestMessages: "newest messages →",
            pausedSince: { "Paused since \($0)\($1.map { ": \($0)" } ?? ""). A person answers this contact." },
            botAnswers: "The bot answers this contact.", remembers: "What the bot remembers",
            summaryHeading: "Summary of earlier messages",
            summaryNote: {
                "Made by the model from the messages before its memory window, through message \($0)."
            },
            firstSeen: { "first seen \($0)" }, inOut: { "\($0) in, \($1) out" }, heading: "Conversation",
            writeAsAPerson: "Write as a person",
            freeTextNote: "Free text reaches WhatsApp only within 24 hours of the contact's last message.",
            sendAPhoto: "Send a photo", photo: "Photo", caption: "Caption", captionPlaceholder: "Caption (optional)",
            sendPhoto: "Send photo",
            photoNote: {
                """
                A JPEG, PNG or WebP of up to \($0) MB, within the same 24 hours. Or send one from the contact's \
                <a href="/admin/gallery?contact=\($1)" id="contact-gallery">photo catalogue</a>.
                """
            },
            templateHeading: "Send an approved template", template: "Template",
            templatePlaceholder: "Twilio HX… or Meta template name", language: "Language", variables: "Variables",
            sendTemplate: "Send template", templateNote: "Delivered whatever the time since the contact wrote.",
            pause: "Pause the bot (a person answers)", resume: "Resume the bot", clearMemory: "Clear memory",
            export: "Export data (JSON)", deleteContact: "Delete contact and data", voiceNote: "voice note",
            templateMessage: { "Template \($0)" }, sentByAPerson: "sent by a person",
            tokens: { "\($0)+\($1) tokens" },
            fromKnowledge: "From the <a href=\"/admin/knowledge\">knowledge base</a>:")

        static let portugueseBrazil = Conversation(
            notices: [
                "paused": "O bot está pausado para este contato: agora uma pessoa responde.",
                "resumed": "O bot voltou a responder este contato.",
                "cleared": "A memória do contato foi apagada.",
                "sent": "Sua mensagem está a caminho.",
                "photos": "As fotos estão a caminho.",
            ],
            olderMessages: "← mensagens anteriores", newestMessages: "mensagens mais recentes →",
            pausedSince: { "Pausado desde \($0)\($1.map { ": \($0)" } ?? ""). Uma pessoa responde este contato." },
            botAnswers: "O bot responde este contato.", remembers: "O que o bot lembra",
            summaryHeading: "Resumo das mensagens anteriores",
            summaryNote: {
                "Feito pelo modelo a partir das mensagens antes da janela de memória dele, até a mensagem \($0)."
            },
            firstSeen: { "visto pela primeira vez em \($0)" }, inOut: { "\($0) recebidas, \($1) enviadas" },
            heading: "Conversa", writeAsAPerson: "Escrever como pessoa",
            freeTextNote: "Texto livre só chega pelo WhatsApp até 24 horas depois da última mensagem do contato.",
            sendAPhoto: "Enviar uma foto", photo: "Foto", caption: "Legenda", captionPlaceholder: "Legenda (opcional)",
            sendPhoto: "Enviar foto",
            photoNote: {
                """
                Um JPEG, PNG ou WebP de até \($0) MB, dentro das mesmas 24 horas. Ou envie uma do \
                <a href="/admin/gallery?contact=\($1)" id="contact-gallery">catálogo de fotos</a> do contato.
                """
            },
            templateHeading: "Enviar um modelo aprovado", template: "Modelo",
            templatePlaceholder: "HX… da Twilio ou nome do modelo da Meta", language: "Idioma", variables: "Variáveis",
            sendTemplate: "Enviar modelo",
            templateNote: "Entregue não importa quanto tempo faz que o contato escreveu.",
            pause: "Pausar o bot (uma pessoa responde)", resume: "Retomar o bot", clearMemory: "Apagar a memória",
            export: "Exportar dados (JSON)", deleteContact: "Apagar contato e dados", voiceNote: "mensagem de voz",
            templateMessage: { "Modelo \($0)" }, sentByAPerson: "enviada por uma pessoa",
            tokens: { "\($0)+\($1) tokens" },
            fromKnowledge: "Da <a href=\"/admin/knowledge\">base de conhecimento</a>:")
    }
}
