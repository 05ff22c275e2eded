import TesseraProtocol
/// The requests one connection sends, in order, and what each reply must be.
///
/// Request lines are built before the run (a pool per workload, walked from a
/// different offset on each connection), so the generator's hot loop only
/// copies bytes: the measured cost is the server's, not the formatting's.
/// HOLD+COMMIT pairs need fresh ids; those are a prefix, a counter and a suffix.
struct RequestStream {
    enum Source {
        /// Cycles through ready-made lines, each with its expectation.
        case pool(lines: [[UInt8]], expectations: [Expectation])
        /// `HOLD id=<prefix>c<connection>-<n><holdSuffix[i]>` then `COMMIT` of the same id.
        case holdCommit(idPrefix: [UInt8], holdSuffixes: [[UInt8]])
    }

    private let source: Source
    private var cursor: Int
    private var sequence = 0
    /// The id of the HOLD just sent, whose COMMIT comes next.
    private var pendingCommit = false

    init(source: Source, connection: Int) {
        self.source = source
        switch source {
        case .pool(let lines, _): cursor = lines.isEmpty ? 0 : (connection &* 7919) % lines.count
        case .holdCommit(_, let suffixes): cursor = suffixes.isEmpty ? 0 : (connection &* 7919) % suffixes.count
        }
        connectionTag = Array("c\(connection)-".utf8)
    }

    /// Makes hold ids unique across the run's connections.
    private let connectionTag: [UInt8]

    /// Appends the next request line to `out` and says what its reply must be.
    mutating func next(into out: inout [UInt8]) -> Expectation {
        switch source {
        case .pool(let lines, let expectations):
            let i = cursor
            cursor += 1
            if cursor == lines.count { cursor = 0 }
            out.append(contentsOf: lines[i])
            return expectations[i]
        case .holdCommit(let prefix, let suffixes):
            if pendingCommit {
                pendingCommit = false
                out.append(contentsOf: "COMMIT id=".utf8)
                out.append(contentsOf: prefix)
                out.append(contentsOf: connectionTag)
                appendDecimal(sequence, to: &out)
                out.append(UInt8(ascii: "\n"))
                return .commit
            }
            sequence += 1
            pendingCommit = true
            out.append(contentsOf: "HOLD id=".utf8)
            out.append(contentsOf: prefix)
            out.append(contentsOf: connectionTag)
            appendDecimal(sequence, to: &out)
            out.append(contentsOf: suffixes[cursor])
            cursor += 1
            if cursor == suffixes.count { cursor = 0 }
            return .hold
        }
    }
}

func appendDecimal(_ value: Int, to out: inout [UInt8]) {
    if value >= 10 { appendDecimal(value / 10, to: &out) }
    out.append(UInt8(ascii: "0") + UInt8(value % 10))
}
