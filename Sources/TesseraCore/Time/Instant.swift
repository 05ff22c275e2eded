/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
///
/// The SPEC makes every time a whole second (fractions are dropped), so an
/// integer is exact, cheap to compare and cheap to hash on hot paths.
public struct Instant: Hashable, Comparable, Sendable {
    public var seconds: Int64

    @inlinable public init(seconds: Int64) { self.seconds = seconds }

    @inlinable public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }

    @inlinable public func adding(seconds delta: Int64) -> Instant { Instant(seconds: seconds + delta) }
}

extension Instant {
    /// Parses the catalog's time forms: `2026-12-01T00:00:00Z`,
    /// `2026-12-01T01:00:00+01:00`, or a date `2026-12-01` (00:00 UTC).
    /// A fractional second is dropped. Returns nil for anything else.
    public init?(iso8601 text: some StringProtocol) {
        fatalError("TODO")
    }

    /// `2026-12-01T00:00:00Z`: UTC with seconds, as replies carry times.
    public var iso8601: String { fatalError("TODO") }
}
