import Testing

/// The README's `nc` sessions, replayed against a server: each request line is sent and must
/// be answered with exactly the lines printed under it.
enum ReadmeSession {
    static let verbs: Set<String> = ["EVAL", "HOLD", "COMMIT", "RELEASE", "CLOCK", "PING", "RELOAD", "STATS", "QUIT"]

    static func isRequest(_ line: String) -> Bool { verbs.contains(String(line.prefix { $0 != " " })) }

    /// Sends each request of `lines` on `client` and expects the lines that follow it.
    static func replay(_ lines: [String], on client: TestClient) throws {
        #expect(lines.first.map(isRequest) == true)
        var i = 0
        while i < lines.count {
            let request = lines[i]
            var expected: [String] = []
            i += 1
            while i < lines.count, !isRequest(lines[i]) {
                expected.append(lines[i])
                i += 1
            }
            #expect(try client.request(request) == expected, "README: \(request)")
        }
    }
}
