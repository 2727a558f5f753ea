extension DashboardText {
    /// The gallery of the contacts' photo catalogues.
    struct Gallery: Sendable {
        let changed: @Sendable (String) -> String
        let photos: @Sendable (Int) -> String
        let sendTo: @Sendable (String) -> String
        let delete: String
        let everyContact: String
        let newest: String
        let bestMatches: String
        let older: String
        let more: String
        let noneYet: String
        let noneMatches: @Sendable (String) -> String
        let deleted: String
        let searchPlaceholder: String
        let photoAlt: String

        static let english = Gallery(
            changed: { "changed \($0)" }, photos: { $0 == 1 ? "1 photo" : "\($0) photos" },
            sendTo: { "Send to \($0)" }, delete: "Delete", everyContact: "← every contact", newest: "newest",
            bestMatches: "best matches", older: "older", more: "more", noneYet: "No photo yet.",
            noneMatches: { "No photo matches “\($0)”." }, deleted: "The item and its photos were deleted.",
            searchPlaceholder: "What the photos show", photoAlt: "photo")

        static let portugueseBrazil = Gallery(
            changed: { "alterado em \($0)" }, photos: { $0 == 1 ? "1 foto" : "\($0) fotos" },
            sendTo: { "Enviar para \($0)" }, delete: "Apagar", everyContact: "← todos os contatos",
            newest: "mais recentes", bestMatches: "melhores resultados", older: "mais antigos", more: "mais",
            noneYet: "Nenhuma foto ainda.", noneMatches: { "Nenhuma foto corresponde a “\($0)”." },
            deleted: "O item e as fotos dele foram apagados.", searchPlaceholder: "O que as fotos mostram",
            photoAlt: "foto")
    }
}
