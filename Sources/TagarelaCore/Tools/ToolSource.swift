/// Tools whose list changes while Tagarela runs (an MCP server's, listed again when it says its tools changed):
/// the registry asks each source once per turn, so a turn sees one list from start to end.
public protocol ToolSource: Sendable {
    /// The tools offered now; a source that cannot reach its server offers none.
    func currentTools() async -> [any Tool]
}
