import AsyncHTTPClient
import Foundation
import NIOHTTP1
import TagarelaCore

/// Sends the business's tools' requests through the one outbound fetcher: only the hosts the tools file names,
/// every redirect checked again, no loopback or private address unless the tool allows it.
public struct OutboundToolClient: ToolHTTPClient {
    public init() {}

    public func send(_ request: ToolHTTPRequest) async throws -> ToolHTTPResponse {
        let fetcher = OutboundFetcher(allowsPrivateAddresses: request.allowsPrivateAddresses)
        let policy = OutboundPolicy(use: "this tool", hosts: request.hosts)
        // The file's headers (its secrets) go only to the host the URL names, not to another one a redirect names.
        let home = URLComponents(string: request.url)?.host?.lowercased()
        let headers = request.headers.map { ($0.name, $0.value) }
        do {
            let response = try await fetcher.fetch(
                request.url, method: HTTPMethod(rawValue: request.method), body: request.body, policy: policy,
                timeout: request.timeout, maxBytes: request.maxBytes,
                headers: { $0.host?.lowercased() == home ? headers : [] })
            return ToolHTTPResponse(
                status: response.status, contentType: response.headers.first(name: "Content-Type"),
                body: response.body)
        } catch let refusal as OutboundRefusal {
            throw ToolError("\(refusal)")
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            throw ToolError("the service did not answer within \(request.timeout)")
        } catch let error as HTTPClientError {
            throw ToolError("the request failed: \(error)")
        }
    }
}
