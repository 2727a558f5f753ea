import Foundation

/// One request a business's tool makes, rendered and ready: where, how, and under which limits.
public struct ToolHTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// The only hosts this request, and any redirect, may reach.
    public var hosts: [String]
    public var timeout: Duration
    /// Loopback and private addresses allowed (the tool's `allow_private_addresses`).
    public var allowsPrivateAddresses: Bool
    /// Answers longer than this are refused (`TOOL_RESPONSE_MAX_BYTES`).
    public var maxBytes: Int

    public static func == (left: ToolHTTPRequest, right: ToolHTTPRequest) -> Bool {
        left.method == right.method && left.url == right.url && left.headers.elementsEqual(right.headers, by: ==)
            && left.body == right.body && left.hosts == right.hosts && left.timeout == right.timeout
            && left.allowsPrivateAddresses == right.allowsPrivateAddresses && left.maxBytes == right.maxBytes
    }
}

/// What the business's service answered.
public struct ToolHTTPResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var body: Data

    public init(status: Int, contentType: String?, body: Data) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// Sends a tool's request under the outbound policy (the live one is `OutboundToolClient`, over the one
/// outbound fetcher). A refusal or a failure throws, worded for the model.
public protocol ToolHTTPClient: Sendable {
    func send(_ request: ToolHTTPRequest) async throws -> ToolHTTPResponse
}
