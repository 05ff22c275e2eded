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
    /// `2026-12-01T01:00:00+01:00` (or `+0100`), a date `2026-12-01` (00:00 UTC),
    /// and a time without zone (`2026-12-01 00:00:00`, as SQLite writes it), read as UTC.
    /// A fractional second is dropped. Returns nil for anything else.
    /// Walks UTF-8 bytes in place (no Foundation, no copy for native strings): it runs per request.
    public init?(iso8601 text: some StringProtocol) {
        let parsed: Int64?? = text.utf8.withContiguousStorageIfAvailable(ISO8601Parser.parse)
        guard let seconds = parsed ?? ISO8601Parser.parse(Array(text.utf8)) else { return nil }
        self.init(seconds: seconds)
    }

    /// `2026-12-01T00:00:00Z`: UTC with seconds, as replies carry times.
    public var iso8601: String { ISO8601Formatter.string(seconds: seconds) }

    /// The same 20 bytes written into `buffer` (room for 20), for replies
    /// that write in place; false, writing nothing, for a year outside
    /// 0000–9999, which only `iso8601` prints.
    public func writeISO8601(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        ISO8601Formatter.write(seconds: seconds, into: buffer)
    }
}

extension Instant: CustomStringConvertible {
    /// The ISO 8601 form, so test failures and logs read as times.
    public var description: String { iso8601 }
}
