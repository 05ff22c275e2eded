/// What the loop has seen, for STATS. A value copied on the loop thread (read `Server.counters` there).
public struct ServerCounters: Sendable, Equatable {
    /// Connections being served (not counting closed ones briefly waiting for the peer's FIN).
    public var openConnections = 0
    /// Connections admitted since start (rejected ones not included).
    public var acceptedTotal = 0
    /// Connections refused with `overloadReply()` because of `maxConnections`.
    public var rejectedForLimit = 0
    /// Connections closed by the idle timeout.
    public var closedIdle = 0
    /// Lines handed to handlers (oversized ones not included).
    public var linesTotal = 0
    /// Lines refused for length.
    public var oversizedLinesTotal = 0
    /// Times a connection stopped being read because its unsent replies passed `maxPendingOutputBytes`.
    public var backpressureStallsTotal = 0
    /// The most unsent reply bytes one connection has held: stays near `maxPendingOutputBytes`
    /// plus one reply, however fast a client writes without reading.
    public var peakPendingOutputBytes = 0

    public init() {}
}
