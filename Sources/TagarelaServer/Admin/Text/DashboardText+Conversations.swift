extension DashboardText {
    /// The list of conversations.
    struct Conversations: Sendable {
        let bot: String
        let newer: String
        let older: String
        let noneYet: String
        let noneMatches: @Sendable (String) -> String
        let contact: String
        let number: String
        let lastMessage: String
        let when: String
        let whoAnswers: String
        let searchPlaceholder: String
        /// The page's own 404: a contact that is not there.
        let noContact: @Sendable (Int64) -> String

        static let english = Conversations(
            bot: "bot", newer: "← newer", older: "older →", noneYet: "No conversation yet.",
            noneMatches: { "No conversation matches “\($0)”." }, contact: "Contact", number: "Number",
            lastMessage: "Last message", when: "When", whoAnswers: "Who answers",
            searchPlaceholder: "Name, number or words said", noContact: { "There is no contact \($0)." })

        static let portugueseBrazil = Conversations(
            bot: "bot", newer: "← mais novas", older: "mais antigas →", noneYet: "Nenhuma conversa ainda.",
            noneMatches: { "Nenhuma conversa corresponde a “\($0)”." }, contact: "Contato", number: "Número",
            lastMessage: "Última mensagem", when: "Quando", whoAnswers: "Quem responde",
            searchPlaceholder: "Nome, número ou palavras ditas", noContact: { "Não existe o contato \($0)." })
    }
}
