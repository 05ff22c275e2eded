import Foundation
import Testing

@testable import TesseraServer

/// The README's first session ("Try it") is what a new user types first: it must be what
/// the server answers, line for line. This replays it against the built-in demo catalog
/// with the test clock at the time the README says it ran.
@Suite struct ReadmeSessionTests {
    /// The request and reply lines of the first `nc` session after "## Try it".
    static func session() throws -> [String] {
        let text = try String(contentsOf: ReadmeTables.readme, encoding: .utf8)
        let section = try #require(text.range(of: "## Try it"))
        let start = try #require(text.range(of: "$ nc 127.0.0.1 7878\n", range: section.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        return text[start.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
    }

    @Test func theTryItSessionIsWhatTheDemoServerAnswers() throws {
        let lines = try Self.session()
        #expect(lines.count > 40, "the session reads as a whole")

        let server = try RunningServer { $0.testClock = true }
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.request("CLOCK set=2026-11-23T12:00:00Z") == ["OK now=2026-11-23T12:00:00Z"])
        try ReadmeSession.replay(lines, on: client)
    }
}
