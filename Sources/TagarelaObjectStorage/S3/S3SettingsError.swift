/// Why the S3 settings cannot be used. The description names the setting and never repeats a secret's value.
public enum S3SettingsError: Error, Equatable, CustomStringConvertible {
    /// A required setting is unset or empty.
    case missing(setting: String)
    /// A setting has a value that cannot work; `reason` says why (and holds no secret).
    case invalid(setting: String, reason: String)
    /// A setting and its alias are both set, to different values.
    case conflicting(setting: String, alias: String)

    public var description: String {
        switch self {
        case .missing(let setting):
            "\(setting) is not set: S3 storage needs it"
        case .invalid(let setting, let reason):
            "\(setting) is invalid: \(reason)"
        case .conflicting(let setting, let alias):
            "\(setting) and \(alias) are both set, to different values: keep one (\(alias) is the old name)"
        }
    }
}
