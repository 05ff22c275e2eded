extension ServeOption {
    /// Every option of `tessera serve`, one row each, in the order `--help` and
    /// config/tessera.conf list them. Adding an option is adding a row here, and the
    /// `ServeConfiguration` property it fills: the config file key, the flag, the check of
    /// its value and its line in `--help` follow from the row. config/tessera.conf is
    /// written by hand, and a test keeps it in step with these rows.
    public static let all: [ServeOption] = [
        .path("catalog", \.catalog, "the SQLite catalog; unset: the built-in demo catalog"),
        .path(
            "ledger", \.ledger,
            "the usage ledger; unset: <catalog>.ledger beside the catalog, tessera-demo.ledger for the demo"),
        .address(
            "listen", host: \.host, port: \.port, default: ("127.0.0.1", 7878),
            "address to listen on; set a token before listening beyond loopback"),
        .flag("test_clock", \.testClock, default: false, "enables CLOCK so tests can set the clock; never in production"),
        .secret("token", \.token, "when set, every verb but PING, AUTH and QUIT needs AUTH token=<token> first"),
        .secret("admin_token", \.adminToken, "when set, RELOAD needs AUTH token=<admin_token>"),
        .integer(
            "max_line_bytes", \.maxLineBytes, default: 4096, in: 16...1 << 24,
            "longest request line (without \\r\\n); a longer one gets ERR line_too_long"),
        .integer(
            "max_connections", \.maxConnections, default: 1024, in: 1...1_000_000,
            "most open connections; one more gets ERR unavailable and is closed"),
        .integer(
            "idle_timeout_seconds", \.idleTimeoutSeconds, default: 300, in: 0...86_400 * 30,
            "closes a connection silent this long (0: never)"),
        .integer(
            "max_pending_output_bytes", \.maxPendingOutputBytes, default: 1 << 20, in: 1024...1 << 30,
            "stops reading a connection while its unsent replies exceed this"),
        .integer(
            "hold_ttl_seconds", \.holdTTLSeconds, default: 900, in: 1...2_592_000,
            "a HOLD's life when the request gives no ttl"),
        .integer(
            "shutdown_grace_seconds", \.shutdownGraceSeconds, default: 10, in: 0...3600,
            "on SIGINT/SIGTERM, the longest wait for replies in flight"),
        .integer(
            "busy_poll_us", \.busyPollMicroseconds, default: 0, in: 0...10_000,
            "after work, poll this many microseconds before sleeping (0: off; costs a busy core)"),
    ]
}
