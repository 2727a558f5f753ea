/// The release this build is: `tagarela --version` prints it and the admin-only `/api/health` reports it, so an
/// operator can tell which build answers.
public enum TagarelaVersion {
    public static let current = "0.9.0"
}
