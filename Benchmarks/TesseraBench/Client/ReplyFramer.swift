/// Splits a stream of Tessera replies into replies as bytes arrive (split anywhere),
/// checks each with `ReplyChecker`, and counts their bytes: what an answer weighs on the
/// wire, for the Redis value sized like it (issue 17).
struct ReplyFramer {
    let expectation: Expectation
    /// Replies completed, and their bytes (every line, newlines included).
    private(set) var replies = 0
    private(set) var bytes = 0
    /// Data lines (OFFER, TICKET, …) of the completed replies.
    private(set) var dataLines = 0
    /// Replies that were ERR or malformed, and the first problem seen.
    private(set) var failures = 0
    private(set) var firstProblem: String?

    private var checker = ReplyChecker()
    private var line: [UInt8] = []
    private var replyBytes = 0
    private var replyLines = 0

    init(expecting expectation: Expectation) { self.expectation = expectation }

    /// Mean bytes per completed reply; 0 before the first.
    var meanBytes: Double { replies > 0 ? Double(bytes) / Double(replies) : 0 }

    mutating func feed(_ chunk: some Sequence<UInt8>) {
        for byte in chunk {
            guard byte == 0x0A else {
                line.append(byte)
                continue
            }
            replyBytes += line.count + 1
            let verdict = line.withUnsafeBytes { checker.tesseraLine($0, expecting: expectation) }
            line.removeAll(keepingCapacity: true)
            guard let verdict else {
                replyLines += 1
                continue
            }
            replies += 1
            bytes += replyBytes
            dataLines += replyLines
            replyBytes = 0
            replyLines = 0
            if verdict != .ok {
                failures += 1
                if firstProblem == nil { firstProblem = checker.lastProblem ?? "\(verdict)" }
            }
        }
    }
}
