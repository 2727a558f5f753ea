extension DashboardText {
    /// Words several pages share.
    struct Common: Sendable {
        let search: String
        let send: String
        let message: String
        let deleteForGood: String
        let waitingForAPerson: String
        let optedOut: String
        let toolsCalled: String
        /// A contact without a name or number.
        let contactNumbered: @Sendable (Int64) -> String
        /// A message kind (`image`, `audio`…) as a person reads it; unknown kinds as they are.
        let kindNames: [String: String]
        /// A send's status (`delivered`, `failed`…) as a person reads it; unknown ones as they are.
        let statusNames: [String: String]

        func kind(_ raw: String) -> String { kindNames[raw] ?? raw }
        func status(_ raw: String) -> String { statusNames[raw] ?? raw }

        static let english = Common(
            search: "Search", send: "Send", message: "Message", deleteForGood: "delete for good",
            waitingForAPerson: "waiting for a person", optedOut: "opted out", toolsCalled: "Tools called:",
            contactNumbered: { "Contact \($0)" }, kindNames: [:], statusNames: [:])

        static let portugueseBrazil = Common(
            search: "Buscar", send: "Enviar", message: "Mensagem", deleteForGood: "apagar de vez",
            waitingForAPerson: "esperando uma pessoa", optedOut: "saiu (opt-out)", toolsCalled: "Ferramentas chamadas:",
            contactNumbered: { "Contato \($0)" },
            kindNames: [
                "text": "texto", "audio": "áudio", "image": "imagem", "video": "vídeo", "document": "documento",
                "sticker": "figurinha", "location": "localização", "contacts": "contatos", "reaction": "reação",
                "button": "botão", "interactive": "interativa", "order": "pedido", "system": "sistema",
                "unsupported": "não suportada", "template": "modelo", "notice": "aviso",
            ],
            statusNames: [
                "received": "recebida", "recorded": "registrada", "pending": "na fila", "sending": "enviando",
                "sent": "enviada", "delivered": "entregue", "read": "lida", "played": "ouvida", "failed": "falhou",
                "undelivered": "não entregue", "cancelled": "cancelada", "unknown": "incerta",
            ])
    }
}
