extension DashboardText {
    /// The effective settings, the tools and the button that ends every session.
    struct Settings: Sendable {
        let intro: HTML
        let tools: String
        let toolsIntro: HTML
        let sessions: String
        let sessionsIntro: String
        let logOutEverySession: String
        let noTools: HTML
        let tool: String
        let from: String
        let kind: String
        let hosts: String
        let mcpServers: String
        let server: String
        let transport: String
        let host: String
        let toolsOffered: @Sendable (Int) -> String
        let notReached: String
        /// A tool's origin or kind (`built-in`, `read-only`…) as a person reads it; others as they are.
        let toolWords: [String: String]

        func toolWord(_ raw: String) -> String { toolWords[raw] ?? raw }

        static let english = Settings(
            intro: """
                <p>What this instance runs with, read from its environment and <code>.env</code> at start-up. Change \
                a variable and restart to change it; secrets are shown masked.</p>
                """,
            tools: "Tools",
            toolsIntro: """
                <p>What the model may call: Tagarela's own tools and the business's from <code>TOOLS_FILE</code>, \
                with the only hosts each may reach.</p>
                """,
            sessions: "Sessions",
            sessionsIntro:
                "Ends every dashboard login, on every instance, this one included: for a lost laptop or a shared password.",
            logOutEverySession: "Log out every session", noTools: "None (<code>LLM_TOOLS=none</code>).",
            tool: "Tool", from: "From", kind: "Kind", hosts: "Hosts", mcpServers: "MCP servers", server: "Server",
            transport: "Transport", host: "Host", toolsOffered: { "\($0) tools offered" }, notReached: "not reached",
            toolWords: [:])

        static let portugueseBrazil = Settings(
            intro: """
                <p>Com o que esta instância roda, lido do ambiente e do <code>.env</code> na inicialização. Mude uma \
                variável e reinicie para mudar; os segredos aparecem mascarados.</p>
                """,
            tools: "Ferramentas",
            toolsIntro: """
                <p>O que o modelo pode chamar: as ferramentas do próprio Tagarela e as do negócio, do \
                <code>TOOLS_FILE</code>, com os únicos hosts que cada uma pode acessar.</p>
                """,
            sessions: "Sessões",
            sessionsIntro:
                "Encerra todo login no painel, em todas as instâncias, inclusive esta: para um notebook perdido ou uma senha compartilhada.",
            logOutEverySession: "Encerrar todas as sessões", noTools: "Nenhuma (<code>LLM_TOOLS=none</code>).",
            tool: "Ferramenta", from: "Origem", kind: "Tipo", hosts: "Hosts", mcpServers: "Servidores MCP",
            server: "Servidor", transport: "Transporte", host: "Host", toolsOffered: { "\($0) ferramentas oferecidas" },
            notReached: "não alcançado",
            toolWords: [
                "built-in": "embutida", "file": "arquivo", "read-only": "só leitura", "side effect": "com efeito",
                "side effect, confirmed": "com efeito, confirmada",
            ])
    }
}
