import Glibc

/// Checks replies as bytes arrive, without building strings: splits lines with
/// `memchr`, classifies each by its first word, and reports a reply as done at
/// its final line. One per connection; the state carries over between reads,
/// so a reply split across reads is checked the same as one that is not.
struct ReplyChecker {
    enum Verdict { case ok, error, malformed }

    /// Data lines of the reply in progress.
    private var lines = 0
    private var offerLines = 0
    private var problem: String?
    /// RESP: bytes of a bulk string still to skip (payload and its CRLF).
    private var bulkRemaining = -1

    /// Checks one complete line (without "\n") of a Tessera reply. Returns a
    /// verdict when the line ends the reply, nil for a data line.
    mutating func tesseraLine(_ line: UnsafeRawBufferPointer, expecting expectation: Expectation) -> Verdict? {
        if line.starts(with: "OK") && (line.count == 2 || line[2] == UInt8(ascii: " ")) {
            if expectation == .eval {
                // `OK offers=<n>` must count the OFFER lines.
                if let n = Self.number(after: "OK offers=", in: line), n == offerLines {
                } else if problem == nil {
                    problem = "EVAL: \(offerLines) OFFER lines but '\(Self.text(line))'"
                }
            } else if expectation == .commit, !Self.contains(line, " state=committed") {
                if problem == nil { problem = "COMMIT: '\(Self.text(line))'" }
            } else if expectation == .hold, lines == 0 {
                if problem == nil { problem = "HOLD: OK without a HELD line" }
            } else if expectation == .ok, line.count != 2 {
                if problem == nil { problem = "PING: '\(Self.text(line))'" }
            }
            return finish(problem == nil ? .ok : .malformed)
        }
        if line.starts(with: "ERR ") {
            if problem == nil { problem = Self.text(line) }
            return finish(lines == 0 ? .error : .malformed)
        }
        lines += 1
        switch expectation {
        case .eval:
            if line.starts(with: "OFFER ") {
                offerLines += 1
            } else if line.starts(with: "TICKET ") || line.starts(with: "SEAT ") {
                if offerLines == 0, problem == nil { problem = "EVAL: TICKET/SEAT before any OFFER" }
            } else if line.starts(with: "CODE ") {
            } else if problem == nil {
                problem = "EVAL: unexpected line '\(Self.text(line))'"
            }
        case .hold:
            if !line.starts(with: "HELD "), problem == nil { problem = "HOLD: unexpected line '\(Self.text(line))'" }
        default:
            if problem == nil { problem = "unexpected data line '\(Self.text(line))'" }
        }
        return nil
    }

    /// The problem of the reply that just ended, if any.
    private(set) var lastProblem: String?

    private mutating func finish(_ verdict: Verdict) -> Verdict {
        lastProblem = problem
        lines = 0
        offerLines = 0
        problem = nil
        return verdict
    }

    /// Consumes RESP bytes of one reply from `bytes[start..<end]`. Returns the
    /// index after what it consumed and a verdict when the reply ended there;
    /// (start, nil) when more bytes are needed.
    mutating func resp(
        _ bytes: UnsafeRawPointer, from start: Int, to end: Int, expecting expectation: Expectation
    ) -> (next: Int, verdict: Verdict?) {
        var i = start
        if bulkRemaining >= 0 {
            let take = min(bulkRemaining, end - i)
            bulkRemaining -= take
            i += take
            if bulkRemaining > 0 { return (i, nil) }
            bulkRemaining = -1
            return (i, finish(problem == nil ? .ok : .malformed))
        }
        guard i < end, let newline = memchr(bytes + i, 0x0A, end - i) else { return (start, nil) }
        let lineEnd = UnsafeRawPointer(newline) - bytes
        let line = UnsafeRawBufferPointer(start: bytes + i, count: lineEnd - i)
        i = lineEnd + 1
        guard line.last == 0x0D else { problem = "RESP line without CR"; return (i, finish(.malformed)) }
        let body = UnsafeRawBufferPointer(rebasing: line.dropLast())
        switch (body.first, expectation) {
        case (UInt8(ascii: "+")?, .redisPong):
            if !body.elementsEqual("+PONG".utf8) { problem = "expected +PONG, got '\(Self.text(body))'" }
            return (i, finish(problem == nil ? .ok : .malformed))
        case (UInt8(ascii: "$")?, .redisBulk):
            guard let n = Self.number(after: "$", in: body) ?? (body.elementsEqual("$-1".utf8) ? -1 : nil) else {
                problem = "bad bulk header '\(Self.text(body))'"
                return (i, finish(.malformed))
            }
            if n < 0 { return (i, finish(.ok)) }
            bulkRemaining = n + 2
            return resp(bytes, from: i, to: end, expecting: expectation)
        case (UInt8(ascii: "-")?, _):
            problem = Self.text(body)
            return (i, finish(.error))
        default:
            problem = "unexpected RESP line '\(Self.text(body))'"
            return (i, finish(.malformed))
        }
    }

    // MARK: Bytes

    static func number(after prefix: StaticString, in line: UnsafeRawBufferPointer) -> Int? {
        let p = prefix.utf8Start
        let n = prefix.utf8CodeUnitCount
        guard line.count > n, memcmp(line.baseAddress!, p, n) == 0 else { return nil }
        var value = 0
        for b in line[n...] {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        return value
    }

    static func contains(_ line: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard line.count >= n else { return false }
        for start in 0...(line.count - n) where memcmp(line.baseAddress! + start, needle.utf8Start, n) == 0 {
            return true
        }
        return false
    }

    static func text(_ line: UnsafeRawBufferPointer) -> String {
        String(decoding: line.prefix(120), as: UTF8.self)
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always) func starts(with prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        return count >= n && memcmp(baseAddress!, prefix.utf8Start, n) == 0
    }
}
