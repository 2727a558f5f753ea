import Foundation
import TagarelaCore

extension MCPServerConfig {
    /// How the toolbox opens transports: HTTP servers each with an address `pin` checked and returned (the outbound
    /// policy's check; nil leaves the name to the resolver), commands started as children. `errors` is where a
    /// command's stderr goes (nil: nowhere).
    public static func connector(
        timeout: Duration, errors: URL? = nil, pin: @escaping @Sendable (URL) async throws -> String?
    ) -> MCPToolbox.Connect {
        { server, onNotification in
            switch server.endpoint {
            case .http(let url, let headers):
                let address = try await pin(url)
                return MCPHTTPTransport(
                    url: url, headers: headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                    pinnedAddress: address, timeout: timeout, onNotification: onNotification)
            case .stdio(let executable, let arguments, let environment):
                return try MCPStdioTransport(
                    executable: executable, arguments: arguments, environment: environment, errors: errors,
                    onNotification: onNotification)
            }
        }
    }
}
