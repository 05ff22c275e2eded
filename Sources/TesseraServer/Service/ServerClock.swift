import Glibc
import TesseraCore

/// The time every rule reads (validity, periods, hold expiry), in whole
/// seconds. With a test clock, `CLOCK set=` freezes it at a chosen instant
/// (SPEC §6 Test clock); it is real time until then and is never persisted.
public final class ServerClock: @unchecked Sendable {
    public let isTestClock: Bool
    private var frozen: Instant?

    public init(testClock: Bool) { self.isTestClock = testClock }

    public func now() -> Instant {
        if let frozen { return frozen }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Instant(seconds: Int64(ts.tv_sec))
    }

    /// Only meaningful with a test clock; the command checks that.
    public func set(_ instant: Instant) { frozen = instant }
}
