import Glibc
import TesseraCore

/// The time every rule reads (validity, periods, hold expiry), in whole
/// seconds. With a test clock, `CLOCK set=` freezes it at a chosen instant
/// (SPEC §6 Test clock); it is real time until then and is never persisted.
///
/// A value kept by the service with its other loop-confined state, not a
/// class shared between threads: nothing here needs a promise of thread safety.
/// Requests read it only through `RequestTime`, once each.
public struct ServerClock: Sendable {
    public let isTestClock: Bool
    private var frozen: Instant?
    /// Where real time comes from: the system clock, or a test's own source.
    private let realTime: @Sendable () -> Instant

    public init(testClock: Bool, realTime: @escaping @Sendable () -> Instant = ServerClock.systemTime) {
        self.isTestClock = testClock
        self.realTime = realTime
    }

    /// The system's real time, in whole seconds.
    public static func systemTime() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Instant(seconds: Int64(ts.tv_sec))
    }

    /// File-private: a request reads the clock through `RequestTime`, which
    /// keeps the reading, so no command can read it a second time.
    fileprivate func read() -> Instant {
        if let frozen { return frozen }
        return realTime()
    }

    /// Only meaningful with a test clock; the command checks that.
    mutating func set(_ instant: Instant) { frozen = instant }
}

/// One request's instant. The clock is read the first time a command asks and
/// every later question in the same request gets that reading, so validity,
/// periods, usage and a hold's expiry all agree on one instant, and a request
/// that needs no time (PING) reads no clock.
///
/// Non-copyable: a copy would keep its own reading, and a request with two
/// copies could see two instants. It is made once per request (`respond`) and
/// lent to the command.
struct RequestTime: ~Copyable {
    private var reading: Instant?

    init() {}

    /// The request's instant: `clock`'s reading, taken on the first call.
    mutating func now(_ clock: borrowing ServerClock) -> Instant {
        if let reading { return reading }
        let now = clock.read()
        reading = now
        return now
    }

    /// `CLOCK set=`: from here on the request's instant is `instant` (the test
    /// clock was just set to it).
    mutating func set(_ instant: Instant) { reading = instant }
}
