/// Every string the dashboard's pages (and the welcome page at `/`) show, in one language, a part per page. Each
/// part is a struct with one property per string and one instance per language, so the compiler refuses a string
/// missing from either language, and a page never writes its own. Strings with values are functions; strings
/// holding markup are `HTML` (their values still escaped by `HTML`'s interpolation).
struct DashboardText: Sendable {
    let common: Common
    let layout: Layout
    let login: Login
    let firstRun: FirstRun
    let welcome: Welcome
    let overview: Overview
    let chart: Chart
    let conversations: Conversations
    let conversation: Conversation
    let gallery: Gallery
    let knowledge: Knowledge
    let playground: Playground
    let settings: Settings

    static let english = DashboardText(
        common: .english, layout: .english, login: .english, firstRun: .english, welcome: .english, overview: .english,
        chart: .english,
        conversations: .english, conversation: .english, gallery: .english, knowledge: .english,
        playground: .english, settings: .english)

    static let portugueseBrazil = DashboardText(
        common: .portugueseBrazil, layout: .portugueseBrazil, login: .portugueseBrazil, firstRun: .portugueseBrazil,
        welcome: .portugueseBrazil,
        overview: .portugueseBrazil, chart: .portugueseBrazil, conversations: .portugueseBrazil,
        conversation: .portugueseBrazil, gallery: .portugueseBrazil, knowledge: .portugueseBrazil,
        playground: .portugueseBrazil, settings: .portugueseBrazil)
}
