import Foundation

extension Dashboard {
    /// The effective configuration, every secret masked as the start-up log shows it, and the button that logs
    /// every dashboard session out.
    func settingsPage(_ session: AdminSession) async -> HTML {
        let servers = await mcp?.listing() ?? configuration.mcp.servers.map { MCPServerListing($0, tools: nil) }
        let rows = configuration.summary.sorted { $0.key < $1.key }.map { name, value -> HTML in
            "<dt>\(name)</dt><dd>\(value)</dd>"
        }
        let warnings: HTML =
            configuration.warnings.isEmpty
            ? "" : "<ul class=\"error\">\(configuration.warnings.map { "<li>\($0)</li>" as HTML })</ul>"
        return """
            <h1>Settings</h1>
            <p>What this instance runs with, read from its environment and <code>.env</code> at start-up. Change a \
            variable and restart to change it; secrets are shown masked.</p>
            \(warnings)<dl class="settings" id="settings">\(rows)</dl>
            <h2>Tools</h2>
            <p>What the model may call: Tagarela's own tools and the business's from <code>TOOLS_FILE</code>, with the \
            only hosts each may reach.</p>
            \(toolsTable(servers))
            <h2>Sessions</h2>
            <p>Ends every dashboard login, on every instance, this one included: for a lost laptop or a shared \
            password.</p>
            <form method="post" action="/admin/sessions/logout-all">\
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <button type="submit" class="danger" id="logout-all">Log out every session</button></form>
            """
    }

    /// The enabled tools, each with its kind and hosts, then the MCP servers' offered tools and the servers.
    private func toolsTable(_ servers: [MCPServerListing]) -> HTML {
        let tools = configuration.tools.listing + servers.flatMap { $0.tools ?? [] }
        let rows = tools.map { tool -> HTML in
            let hosts = tool.hosts.isEmpty ? "—" : tool.hosts.joined(separator: ", ")
            return
                "<tr><td><code>\(tool.name)</code></td><td>\(tool.origin)</td><td>\(tool.kind)</td><td>\(hosts)</td></tr>"
        }
        guard !rows.isEmpty else {
            return "<p id=\"tools\">None (<code>LLM_TOOLS=none</code>).</p>\(mcpServersTable(servers))"
        }
        return """
            <table id="tools"><thead><tr><th>Tool</th><th>From</th><th>Kind</th><th>Hosts</th></tr></thead>\
            <tbody>\(rows)</tbody></table>\(mcpServersTable(servers))
            """
    }

    /// `MCP_SERVERS`: each server's transport, host and how many of its tools are offered (or that it is not reached).
    private func mcpServersTable(_ servers: [MCPServerListing]) -> HTML {
        guard !servers.isEmpty else { return "" }
        let rows = servers.map { server -> HTML in
            let state = server.tools.map { "\($0.count) tools offered" } ?? "not reached"
            return
                "<tr><td><code>\(server.name)</code></td><td>\(server.transport)</td><td>\(server.host)</td><td>\(state)</td></tr>"
        }
        return """
            <h3>MCP servers</h3><table id="mcp-servers"><thead><tr><th>Server</th><th>Transport</th><th>Host</th>\
            <th>Tools</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
