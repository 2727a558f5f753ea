import Hummingbird
import NIOCore

/// The context of every request Tagarela answers: Hummingbird's basic context plus the address of the peer that
/// opened the connection, which ``ForwardedRequest`` needs to know whether to believe its forwarded headers
/// (https://docs.hummingbird.codes/2.0/documentation/hummingbird/remoteaddressrequestcontext).
struct ServerRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
