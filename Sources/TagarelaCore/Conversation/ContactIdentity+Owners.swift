extension ContactIdentity {
    /// Who already has these keys: each owning contact once, in key order (the store keeps the oldest and merges
    /// the others into it), and the keys no contact has yet (the store records them for the contact it keeps).
    /// `ownerOf` reads one key's contact from the store's identity index.
    public func owners(
        _ ownerOf: (String) throws -> Int64?
    ) rethrows -> (owners: [Int64], unknownKeys: [String]) {
        var owners: [Int64] = []
        var unknownKeys: [String] = []
        for key in keys {
            if let owner = try ownerOf(key) {
                if !owners.contains(owner) { owners.append(owner) }
            } else {
                unknownKeys.append(key)
            }
        }
        return (owners, unknownKeys)
    }
}
