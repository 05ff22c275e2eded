/// Cuts the bytes a server sends into replies. Pure: it is fed whatever `recv` returned,
/// split anywhere, and hands out each reply once its last line is complete.
///
/// A line ends with `\n`; a `\r` before it is dropped. A reply ends with its first line
/// whose first word is `OK` or `ERR` (SPEC §4); data lines never start with either.
public struct ReplyReader: Sendable {
    private var buffer: [UInt8] = []
    /// Where the next line starts in `buffer`; the bytes before it are consumed.
    private var start = 0
    /// Where to look for the next `\n`: bytes before it were searched already.
    private var scanned = 0
    /// Complete lines of the reply being read.
    private var lines: [String] = []

    public init() {}

    /// Adds the bytes received.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(..<start)
            scanned -= start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, or nil until more bytes come.
    public mutating func next() -> Reply? {
        while let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = String(decoding: buffer[start..<end], as: UTF8.self)
            start = newline + 1
            scanned = start
            lines.append(line)
            if Reply.isStatusLine(line) {
                defer { lines = [] }
                return Reply(lines: lines)
            }
        }
        scanned = buffer.count
        return nil
    }

    /// Whether part of a reply has been received: bytes of a line, or lines without their
    /// status line yet.
    public var isInsideReply: Bool { start < buffer.count || !lines.isEmpty }
}
