/// How the server listens and which limits protect it. Every limit is per connection unless said otherwise.
public struct ServerOptions: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks an ephemeral port; read it back from `Server.boundPort`.
    public var port: UInt16 = 7878
    /// Longest line, in bytes before "\r\n"; longer lines reach `handleOversizedLine` instead.
    public var maxLineBytes: Int = 4096
    /// Connections beyond this (across the server) get `overloadReply()` and are closed.
    public var maxConnections: Int = 1024
    /// 0 = never; closes connections silent that long (slowloris). Checked about once a second.
    public var idleTimeoutSeconds: Int = 300
    /// Stop reading a connection while its unsent replies exceed this; resume when drained below half.
    public var maxPendingOutputBytes: Int = 1 << 20
    /// Longest wait for deferred replies (and slow readers) at shutdown.
    public var shutdownGraceSeconds: Int = 10
    /// After a loop turn that had work, poll for new events this long before sleeping (0 = never).
    /// Cuts latency for a client that waits for each reply, at the cost of a busy core.
    public var busyPollMicroseconds: Int = 0

    public init(
        host: String = "127.0.0.1",
        port: UInt16 = 7878,
        maxLineBytes: Int = 4096,
        maxConnections: Int = 1024,
        idleTimeoutSeconds: Int = 300,
        maxPendingOutputBytes: Int = 1 << 20,
        shutdownGraceSeconds: Int = 10,
        busyPollMicroseconds: Int = 0
    ) {
        self.host = host
        self.port = port
        self.maxLineBytes = maxLineBytes
        self.maxConnections = maxConnections
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maxPendingOutputBytes = maxPendingOutputBytes
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.busyPollMicroseconds = busyPollMicroseconds
    }
}
