import ArgumentParser
import TagarelaServer

/// The `tagarela` command: `serve` (the default) runs the server, `chat` talks to the bot in the terminal,
/// `copy-to-postgres` moves a SQLite installation to PostgreSQL, `backup` copies a running SQLite database,
/// `import-catalogue` brings the photo script's catalogue along, `knowledge` fills the knowledge base.
@main
struct Tagarela: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "An AI assistant on WhatsApp.",
        version: TagarelaVersion.current,
        subcommands: [
            ServeCommand.self, ChatCommand.self, CopyCommand.self, BackupCommand.self, ImportCatalogueCommand.self,
            KnowledgeCommand.self, ToolsCommand.self, DoctorCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}
