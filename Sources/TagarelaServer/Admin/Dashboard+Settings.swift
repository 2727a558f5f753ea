import Foundation

extension Dashboard {
    /// The effective configuration, every secret masked as the start-up log shows it, and the button that logs
    /// every dashboard session out.
    func settingsPage(_ session: AdminSession, _ all: DashboardText) async -> HTML {
        let text = all.settings
        let servers = await mcp?.listing() ?? configuration.mcp.servers.map { MCPServerListing($0, tools: nil) }
        let rows = configuration.summary.sorted { $0.key < $1.key }.map { name, value -> HTML in
            "<dt>\(name)</dt><dd>\(value)</dd>"
        }
        let warnings: HTML =
            configuration.warnings.isEmpty
            ? ""
            : "<ul class=\"error\" id=\"settings-warnings\">\(configuration.warnings.map { "<li>\($0)</li>" as HTML })</ul>"
        return """
            <h1>\(all.layout.settings)</h1>
            \(text.intro)
            \(warnings)<dl class="settings" id="settings">\(rows)</dl>
            <h2>\(text.tools)</h2>
            \(text.toolsIntro)
            \(toolsTable(servers, text))
            <h2>\(text.sessions)</h2>
            <p>\(text.sessionsIntro)</p>
            <form method="post" action="/admin/sessions/logout-all">\
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <button type="submit" class="danger" id="logout-all">\(text.logOutEverySession)</button></form>
            """
    }

    /// The enabled tools, each with its kind and hosts, then the MCP servers' offered tools and the servers.
    private func toolsTable(_ servers: [MCPServerListing], _ text: DashboardText.Settings) -> HTML {
        let tools = configuration.tools.listing + servers.flatMap { $0.tools ?? [] }
        let rows = tools.map { tool -> HTML in
            let hosts = tool.hosts.isEmpty ? "—" : tool.hosts.joined(separator: ", ")
            return
                "<tr><td><code>\(tool.name)</code></td><td>\(text.toolWord(tool.origin))</td><td>\(text.toolWord(tool.kind))</td><td>\(hosts)</td></tr>"
        }
        guard !rows.isEmpty else {
            return "<p id=\"tools\">\(text.noTools)</p>\(mcpServersTable(servers, text))"
        }
        return """
            <table id="tools"><thead><tr><th>\(text.tool)</th><th>\(text.from)</th><th>\(text.kind)</th>\
            <th>\(text.hosts)</th></tr></thead><tbody>\(rows)</tbody></table>\(mcpServersTable(servers, text))
            """
    }

    /// `MCP_SERVERS`: each server's transport, host and how many of its tools are offered (or that it is not reached).
    private func mcpServersTable(_ servers: [MCPServerListing], _ text: DashboardText.Settings) -> HTML {
        guard !servers.isEmpty else { return "" }
        let rows = servers.map { server -> HTML in
            let state = server.tools.map { text.toolsOffered($0.count) } ?? text.notReached
            return
                "<tr><td><code>\(server.name)</code></td><td>\(server.transport)</td><td>\(server.host)</td><td>\(state)</td></tr>"
        }
        return """
            <h3>\(text.mcpServers)</h3><table id="mcp-servers"><thead><tr><th>\(text.server)</th>\
            <th>\(text.transport)</th><th>\(text.host)</th><th>\(text.tools)</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
