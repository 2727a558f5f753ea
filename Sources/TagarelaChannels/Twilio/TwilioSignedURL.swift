/// A webhook URL split the way Twilio's reference validator splits it (Python's `urlparse`), giving the two
/// spellings it signs: with the port removed and with the default port added.
///
/// Mirrors twilio-python 9.x `remove_port`/`add_port` and CPython 3.11 `urlsplit`/`urlunparse`, quirks
/// included (`?` with an empty query is dropped, the scheme is lower-cased, a `:0` port counts as none),
/// because Twilio signs whatever its back end produced and the reference library defines what passes.
/// Not mirrored: CPython's NFKC check of non-ASCII hosts and its IPv6 address validation.
struct TwilioSignedURL: Equatable {
    /// The URL with any port removed (everything in the authority from its first `:` on).
    let withoutPort: String
    /// The URL with `:443` (https) or `:80` (anything else) added when it has no port.
    let withPort: String
    /// The raw query string, for `bodySHA256`.
    let query: String

    private static let usesNetloc: Set<String> = [
        "", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp", "snews",
        "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss",
    ]
    private static let usesParams: Set<String> = [
        "", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps", "rtspu", "sip", "sips",
        "mms", "sftp", "tel",
    ]

    /// Splits `url`; `nil` where the reference library raises (bad port, unbalanced IPv6 brackets).
    init?(_ url: String) {
        var rest = Array(url.unicodeScalars.drop { $0.value <= 0x20 })
        rest.removeAll { $0 == "\t" || $0 == "\r" || $0 == "\n" }
        var scheme = ""
        if let colon = rest.firstIndex(of: ":"), colon > 0, Self.isASCIILetter(rest[0]),
            rest[..<colon].allSatisfy(Self.isSchemeCharacter)
        {
            scheme = String(String.UnicodeScalarView(rest[..<colon])).lowercased()
            rest.removeFirst(colon + 1)
        }
        var netloc: [Unicode.Scalar] = []
        if rest.starts(with: ["/", "/"]) {
            let end = rest[2...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.count
            netloc = Array(rest[2..<end])
            rest.removeFirst(end)
            guard netloc.contains("[") == netloc.contains("]") else { return nil }
        }
        let fragment = Self.cut(&rest, at: "#")
        let query = Self.cut(&rest, at: "?")
        // `urlparse` splits `;params` off the last segment and `urlunparse` rejoins it only when non-empty.
        if Self.usesParams.contains(scheme), let slash = rest.lastIndex(of: "/") ?? rest.indices.first,
            let semicolon = rest[slash...].firstIndex(of: ";"), semicolon == rest.count - 1
        {
            rest.removeLast()
        }
        guard let port = Self.port(of: netloc) else { return nil }
        let path = String(String.UnicodeScalarView(rest))
        let host = String(String.UnicodeScalarView(netloc))
        func unparse(_ netloc: String) -> String {
            Self.unsplit(scheme: scheme, netloc: netloc, path: path, query: query, fragment: fragment)
        }
        let hasPort = port != 0  // Python's `if not uri.port` also treats port 0 as absent.
        let hostBeforeColon = String(String.UnicodeScalarView(netloc.prefix { $0 != ":" }))
        withoutPort = unparse(hasPort ? hostBeforeColon : host)
        withPort = unparse(hasPort ? host : host + (scheme == "https" ? ":443" : ":80"))
        self.query = query
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isSchemeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isASCIILetter(scalar) || ("0"..."9").contains(scalar) || scalar == "+" || scalar == "-" || scalar == "."
    }

    /// Removes and returns what follows the first `separator` (without it); `""` when there is none.
    private static func cut(_ scalars: inout [Unicode.Scalar], at separator: Unicode.Scalar) -> String {
        guard let index = scalars.firstIndex(of: separator) else { return "" }
        let tail = String(String.UnicodeScalarView(scalars[(index + 1)...]))
        scalars.removeSubrange(index...)
        return tail
    }

    /// The port as Python's `ParseResult.port` reads it: 0 when absent, `nil` when Python would raise.
    private static func port(of netloc: [Unicode.Scalar]) -> Int? {
        let hostinfo = netloc.lastIndex(of: "@").map { netloc[($0 + 1)...] } ?? netloc[...]
        var afterHost = hostinfo
        if let open = hostinfo.firstIndex(of: "[") {
            let bracketed = hostinfo[(open + 1)...]
            afterHost = bracketed.firstIndex(of: "]").map { bracketed[($0 + 1)...] } ?? []
        }
        guard let colon = afterHost.firstIndex(of: ":") else { return 0 }
        let digits = afterHost[(colon + 1)...]
        if digits.isEmpty { return 0 }
        guard digits.allSatisfy({ ("0"..."9").contains($0) }),
            let port = Int(String(String.UnicodeScalarView(digits))), port <= 65535
        else { return nil }
        return port
    }

    /// CPython's `urlunsplit`.
    private static func unsplit(scheme: String, netloc: String, path: String, query: String, fragment: String)
        -> String
    {
        var url = path
        if !netloc.isEmpty || (!scheme.isEmpty && usesNetloc.contains(scheme) && !url.hasPrefix("//")) {
            if !url.isEmpty && !url.hasPrefix("/") { url = "/" + url }
            url = "//" + netloc + url
        }
        if !scheme.isEmpty { url = scheme + ":" + url }
        if !query.isEmpty { url += "?" + query }
        if !fragment.isEmpty { url += "#" + fragment }
        return url
    }
}
