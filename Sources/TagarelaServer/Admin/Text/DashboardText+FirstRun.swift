extension DashboardText {
    /// The one-time login link of a first run without `ADMIN_PASSWORD`: the login page's hint, the banner of the
    /// session it opens, and why a link was refused.
    struct FirstRun: Sendable {
        let loginHint: String
        let bannerTitle: String
        let banner: String
        let refusedTitle: String
        let wrong: String
        let used: String
        let expired: String
        let notThisMachine: String

        func refusal(_ refusal: FirstRunLogin.Refusal) -> String {
            switch refusal {
            case .wrong: wrong
            case .used: used
            case .expired: expired
            case .notThisMachine: notThisMachine
            }
        }

        static let english = FirstRun(
            loginHint:
                "ADMIN_PASSWORD is not set. Open the one-time link Tagarela printed on its terminal at start-up, "
                + "in a browser on the same machine; or set ADMIN_PASSWORD in the environment or in .env and restart.",
            bannerTitle: "Logged in with the one-time link.",
            banner: "This session ends when the server stops. To keep the dashboard, set ADMIN_PASSWORD (a long "
                + "passphrase) in the environment or in .env and restart Tagarela; then log in with it.",
            refusedTitle: "This link does not work",
            wrong: "This is not the link Tagarela printed. Copy it again from the terminal.",
            used: "This link was already used: it logs in once. Restart Tagarela for a new one, or set ADMIN_PASSWORD.",
            expired: "This link has expired (it works for 15 minutes). Restart Tagarela for a new one.",
            notThisMachine: "The one-time link works only in a browser on the machine Tagarela runs on, not through a "
                + "proxy or a tunnel. Set ADMIN_PASSWORD to log in from elsewhere.")

        static let portugueseBrazil = FirstRun(
            loginHint: "ADMIN_PASSWORD não está definida. Abra o link de uso único que o Tagarela mostrou no terminal "
                + "ao iniciar, num navegador da mesma máquina; ou defina ADMIN_PASSWORD no ambiente ou no .env e "
                + "reinicie.",
            bannerTitle: "Você entrou com o link de uso único.",
            banner: "Esta sessão termina quando o servidor parar. Para manter o painel, defina ADMIN_PASSWORD (uma "
                + "frase longa) no ambiente ou no .env e reinicie o Tagarela; depois entre com ela.",
            refusedTitle: "Este link não funciona",
            wrong: "Este não é o link que o Tagarela mostrou. Copie-o de novo do terminal.",
            used: "Este link já foi usado: ele entra uma vez só. Reinicie o Tagarela para ter outro, ou defina "
                + "ADMIN_PASSWORD.",
            expired: "Este link expirou (vale por 15 minutos). Reinicie o Tagarela para ter outro.",
            notThisMachine: "O link de uso único só funciona num navegador da máquina onde o Tagarela roda, não por um "
                + "proxy ou túnel. Defina ADMIN_PASSWORD para entrar de outro lugar.")
    }
}
