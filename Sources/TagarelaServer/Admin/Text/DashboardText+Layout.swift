extension DashboardText {
    /// The frame of every page: the navigation and the logout button.
    struct Layout: Sendable {
        let overview: String
        let conversations: String
        let gallery: String
        let knowledge: String
        let playground: String
        let settings: String
        let logOut: String

        static let english = Layout(
            overview: "Overview", conversations: "Conversations", gallery: "Gallery", knowledge: "Knowledge",
            playground: "Playground", settings: "Settings", logOut: "Log out")

        static let portugueseBrazil = Layout(
            overview: "Visão geral", conversations: "Conversas", gallery: "Galeria", knowledge: "Conhecimento",
            playground: "Simulador", settings: "Configurações", logOut: "Sair")
    }

    /// The login page.
    struct Login: Sendable {
        let title: String
        let password: String
        let expired: String
        let wrongPassword: String
        /// Too many failures: from everywhere (`true`) or this address, and the seconds to wait.
        let throttled: @Sendable (_ global: Bool, _ seconds: Int) -> String

        static let english = Login(
            title: "Log in", password: "Admin password", expired: "The login form expired: try again.",
            wrongPassword: "Wrong password.",
            throttled: { global, seconds in
                let wait = seconds < 120 ? "\(seconds) seconds" : "\((seconds + 59) / 60) minutes"
                return global
                    ? "Too many failed logins right now: try again in \(wait)."
                    : "Too many failed logins from your address: try again in \(wait)."
            })

        static let portugueseBrazil = Login(
            title: "Entrar", password: "Senha do painel", expired: "O formulário de entrada expirou: tente de novo.",
            wrongPassword: "Senha errada.",
            throttled: { global, seconds in
                let wait = seconds < 120 ? "\(seconds) segundos" : "\((seconds + 59) / 60) minutos"
                return global
                    ? "Tentativas erradas demais agora: tente de novo em \(wait)."
                    : "Tentativas erradas demais do seu endereço: tente de novo em \(wait)."
            })
    }

    /// The public page at `/`.
    struct Welcome: Sendable {
        let heading: String
        let intro: String
        let dashboardOpen: HTML
        let dashboardClosed: HTML
        /// Without `ADMIN_PASSWORD`: the one-time link printed at start-up.
        let firstRunLink: HTML
        /// A live channel whose assistant does not say whose it is.
        let businessMissing: HTML
        let connect: HTML

        static let english = Welcome(
            heading: "Tagarela is running", intro: "This server puts an AI assistant on WhatsApp.",
            dashboardOpen: """
                <p><a href="/admin">Open the dashboard</a> to see the conversations and try the assistant in the \
                playground.</p>
                """,
            dashboardClosed: """
                <p>The dashboard at <code>/admin</code> is closed until <code>ADMIN_PASSWORD</code> is set (in the \
                environment or in <code>.env</code>); then its playground lets you talk to the assistant in the \
                browser.</p>
                """,
            firstRunLink: """
                <p id="first-run">To try the assistant now, open the one-time link Tagarela printed on its terminal at \
                start-up, in a browser on this machine: it logs in to the dashboard and its playground once. Set \
                <code>ADMIN_PASSWORD</code> to keep the dashboard.</p>
                """,
            businessMissing: """
                <p id="business-warning" class="error">A live WhatsApp channel should have <code>BUSINESS_NAME</code> \
                and <code>BUSINESS_DESCRIPTION</code> set: WhatsApp's \
                <a href="https://www.whatsapp.com/legal/business-solution-terms">Business Solution terms</a> allow a \
                business's own assistant, not a general-purpose one.</p>
                """,
            connect: """
                <p>To connect a number, point Twilio's or Meta's webhook at <code>/webhooks/twilio</code> or \
                <code>/webhooks/meta</code> on this server's public address; <code>tagarela doctor</code> checks the \
                settings and the credentials. <code>/health</code> answers whether the server can serve.</p>
                """)

        static let portugueseBrazil = Welcome(
            heading: "O Tagarela está no ar", intro: "Este servidor coloca um assistente de IA no WhatsApp.",
            dashboardOpen: """
                <p><a href="/admin">Abra o painel</a> para ver as conversas e experimentar o assistente no \
                simulador.</p>
                """,
            dashboardClosed: """
                <p>O painel em <code>/admin</code> fica fechado até <code>ADMIN_PASSWORD</code> ser definida (no \
                ambiente ou no <code>.env</code>); aí o simulador dele deixa você conversar com o assistente no \
                navegador.</p>
                """,
            firstRunLink: """
                <p id="first-run">Para experimentar o assistente agora, abra o link de uso único que o Tagarela \
                mostrou no terminal ao iniciar, num navegador desta máquina: ele entra uma vez no painel e no \
                simulador. Defina <code>ADMIN_PASSWORD</code> para manter o painel.</p>
                """,
            businessMissing: """
                <p id="business-warning" class="error">Um canal do WhatsApp em produção deve ter \
                <code>BUSINESS_NAME</code> e <code>BUSINESS_DESCRIPTION</code> definidos: os \
                <a href="https://www.whatsapp.com/legal/business-solution-terms">termos da WhatsApp Business \
                Solution</a> permitem o assistente da própria empresa, não um assistente de uso geral.</p>
                """,
            connect: """
                <p>Para ligar um número, aponte o webhook da Twilio ou da Meta para <code>/webhooks/twilio</code> ou \
                <code>/webhooks/meta</code> no endereço público deste servidor; <code>tagarela doctor</code> confere \
                as configurações e as credenciais. <code>/health</code> responde se o servidor pode atender.</p>
                """)
    }
}
