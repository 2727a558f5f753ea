import Foundation

extension Dashboard {
    /// The effective configuration, every secret masked as the start-up log shows it.
    func settingsPage() -> HTML {
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
            """
    }
}
