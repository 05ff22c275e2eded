import Foundation
import Testing
@testable import TesseraServer

@Suite struct LineFramingTests {
    /// Lines with "\r\n", bare "\n", empty lines, a lone "\r" inside, and two "\r" before "\n".
    static let payload = "alpha\r\nbeta\n\ngamma delta\r\n\r\nmid\rdle\nx\r\r\nlast\n"
    static let expected = ["[alpha]", "[beta]", "[]", "[gamma delta]", "[]", "[mid\rdle]", "[x\r]", "[last]"]

    @Test func linesSplitAtEveryOffsetArriveWhole() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let client = try NetTestClient(port: running.port)
        let bytes = Array(Self.payload.utf8)
        for split in 0...bytes.count {
            client.send(Array(bytes[..<split]))
            // Give the loop a chance to read the first part on its own.
            usleep(1_000)
            client.send(Array(bytes[split...]))
            let lines = client.readLines(Self.expected.count)
            #expect(lines == Self.expected, "split at \(split)")
            if lines != Self.expected { break }  // one failure says it all; don't wait out every timeout
        }
    }

    @Test func linesSentOneByteAtATimeArriveWhole() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let client = try NetTestClient(port: running.port)
        for byte in Self.payload.utf8 {
            client.send([byte])
            usleep(200)
        }
        #expect(client.readLines(Self.expected.count) == Self.expected)
    }

    @Test func thousandPipelinedLinesAreAnsweredInOrder() throws {
        let running = try NetTestServer()
        defer { running.stop() }
        let client = try NetTestClient(port: running.port)
        let lines = (0..<1000).map { "line-\($0)" }
        client.send(lines.map { $0 + ($0.hasSuffix("7") ? "\r\n" : "\n") }.joined())
        #expect(client.readLines(1000) == lines.map { "[\($0)]" })
    }

    @Test func oversizedLineGetsOneCallAndTheNextLineWorks() throws {
        let running = try NetTestServer { $0.maxLineBytes = 16 }
        defer { running.stop() }
        let client = try NetTestClient(port: running.port)
        let sixteen = "0123456789abcdef"
        // Exactly at the limit (with and without "\r"), one byte over, and one far over in pieces.
        client.send("\(sixteen)\n\(sixteen)\r\n\(sixteen)g\nok\n")
        #expect(client.readLines(4) == ["[\(sixteen)]", "[\(sixteen)]", "TOO_LONG", "[ok]"])

        let huge = String(repeating: "z", count: 100_000)
        client.send(huge)
        usleep(5_000)
        client.send(huge + "\r")
        usleep(5_000)
        client.send("\nnext\n")
        #expect(client.readLines(2) == ["TOO_LONG", "[next]"])
        let counters = try #require(running.counters())
        #expect(counters.oversizedLinesTotal == 2)
    }
}
