import Foundation

/// The time zone database is installed and knows `DEFAULT_TIME_ZONE`.
struct TimeZoneCheck: DoctorCheck {
    let zone: TimeZone
    let name = "time zones"

    func run(_ context: DoctorContext) async throws -> DoctorOutcome {
        guard TimeZone(identifier: "America/Sao_Paulo") != nil else {
            return .failed("the time zone database is missing", fix: "install it (Debian: apt-get install tzdata)")
        }
        return .passed("DEFAULT_TIME_ZONE \(zone.identifier) is known")
    }
}
