extension PostgresSettings {
    /// What to change when the server's certificate was refused while `sslmode` verifies it (Tagarela's `require`
    /// verifies, unlike libpq's): nil for any other failure. Hosted providers such as Neon present certificates a
    /// system store trusts, but a provider with its own CA needs `sslrootcert`, or `no-verify` to skip the check.
    public func certificateHint(for error: any Error) -> String? {
        guard tlsMode == .require || tlsMode == .verifyCA || tlsMode == .verifyFull else { return nil }
        let text = String(reflecting: error).lowercased()
        // BoringSSL's reason for a refused chain (NIOSSL passes it on), and NIOSSL's own for a wrong host name.
        let refused =
            ["certificate_verify_failed", "certificate verify failed", "unable to get local issuer"]
            .contains { text.contains($0) } || text.contains("hostname") && text.contains("mismatch")
        guard refused else { return nil }
        return "the server's certificate was refused (sslmode=\(tlsMode.rawValue)): add sslrootcert=/path/to/ca.pem "
            + "(the provider's CA) to the URL, or sslmode=no-verify to encrypt without checking the certificate"
    }
}
