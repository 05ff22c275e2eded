/// UTC offsets of one IANA time zone, precomputed once at catalog load so that
/// period boundaries cost a binary search per request, never a Foundation call.
public final class ZoneRules: Sendable {
    public let identifier: String

    /// nil when the identifier is not a known IANA zone.
    public static func named(_ identifier: String) -> ZoneRules? { fatalError("TODO") }

    init(identifier: String) { self.identifier = identifier }

    /// Seconds east of UTC in force at `instant`.
    public func offset(at instant: Instant) -> Int32 { fatalError("TODO") }
}
