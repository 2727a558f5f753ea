import Foundation

extension Dashboard {
    /// The effective configuration, every secret masked as the start-up log shows it, and the button that logs
    /// every dashboard session out.
    func settingsPage(_ session: AdminSession) -> HTML {
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
            \(toolsTable)
            <h2>Sessions</h2>
            <p>Ends every dashboard login, on every instance, this one included: for a lost laptop or a shared \
            password.</p>
            <form method="post" action="/admin/sessions/logout-all">\
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <button type="submit" class="danger" id="logout-all">Log out every session</button></form>
            """
    }

    /// The enabled tools, each with its kind and hosts.
    private var toolsTable: HTML {
        let rows = configuration.tools.listing.map { tool -> HTML in
            let hosts = tool.hosts.isEmpty ? "—" : tool.hosts.joined(separator: ", ")
            return
                "<tr><td><code>\(tool.name)</code></td><td>\(tool.origin)</td><td>\(tool.kind)</td><td>\(hosts)</td></tr>"
        }
        guard !rows.isEmpty else { return "<p id=\"tools\">None (<code>LLM_TOOLS=none</code>).</p>" }
        return """
            <table id="tools"><thead><tr><th>Tool</th><th>From</th><th>Kind</th><th>Hosts</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
    }
}
