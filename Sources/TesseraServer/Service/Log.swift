import TesseraCore

import Glibc

/// One line per event to standard error: `2026-11-23T10:00:00Z INFO message`.
/// Tokens and request contents are never logged.
public enum Log {
    public enum Level: String, Sendable { case info = "INFO", warning = "WARN", error = "ERROR" }

    public static func write(_ level: Level, _ message: String) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let line = "\(Instant(seconds: Int64(ts.tv_sec)).iso8601) \(level.rawValue) \(message)\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    public static func info(_ message: String) { write(.info, message) }
    public static func warning(_ message: String) { write(.warning, message) }
    public static func error(_ message: String) { write(.error, message) }
}
