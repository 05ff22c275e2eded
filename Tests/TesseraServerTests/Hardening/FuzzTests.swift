import Foundation
import Testing
@testable import TesseraServer
@testable import TesseraProtocol

/// Random and mutated request lines: the server must never crash or hang,
/// and must answer every request with exactly one terminal line.
@Suite("Fuzzing the protocol")
struct FuzzTests {
    /// A deterministic generator, so a failure can be replayed from its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds = [
        "EVAL event=gala code=vip321", "EVAL event=gala customer=cust-anna email=x%40y.z code=a code=b",
        "HOLD id=f1 event=gala code=VIP238 item=seat-unlock:gala-seated:1 ttl=60", "COMMIT id=f1 order=x",
        "RELEASE id=f1", "PING", "STATS", "CLOCK set=2026-01-01", "AUTH token=x", "EVAL event=jazz-night code=THANKS-4F7K",
        "HELP", "INFO",
    ]

    /// One fuzzed line (no "\n"): a seed mutated, random bytes, or a pathological shape.
    static func line(_ rng: inout SplitMix) -> [UInt8] {
        var bytes = Array(seeds[Int(rng.next() % UInt64(seeds.count))].utf8)
        switch rng.next() % 8 {
        case 0:  // random bytes, NUL and invalid UTF-8 included
            bytes = (0..<Int(rng.next() % 200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        case 1:  // thousands of arguments
            bytes += Array(String(repeating: " code=x", count: Int(rng.next() % 3000)).utf8)
        case 2:  // a huge value
            bytes += Array(" code=".utf8) + [UInt8](repeating: UInt8(ascii: "A"), count: Int(rng.next() % 4000))
        case 3:  // empty values and keys
            bytes += Array(" = code= email= customer= item=::".utf8)
        default:  // point mutations
            for _ in 0..<(1 + rng.next() % 6) where !bytes.isEmpty {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: i)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
                default: bytes.insert(contentsOf: Array("%".utf8), at: i)
                }
            }
        }
        return bytes.filter { $0 != UInt8(ascii: "\n") }
    }

    /// Whether the server owes this line a reply: not blank once one trailing "\r" is dropped.
    static func expectsReply(_ line: [UInt8]) -> Bool {
        var content = line[...]
        if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
        return content.contains { $0 != UInt8(ascii: " ") }
    }

    @Test func everyRandomLineGetsExactlyOneTerminalLine() throws {
        let service = try TesseraService(source: .demo, options: ServiceOptions(), ledger: nil)
        var rng = SplitMix(state: 20261123)
        var session = service.newSession()
        var out = ReplyWriter()
        for n in 0..<6_000 {
            // The network layer never passes a line over the limit (default 4096 bytes).
            var line = Array(Self.line(&rng).prefix(4096))
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            out.reset()
            let outcome = line.withUnsafeBytes { service.respond(to: $0, session: &session, out: &out) }
            if case .deferred = outcome { continue }
            let lines = String(decoding: out.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let terminal = lines.filter { $0.hasPrefix("OK") || $0.hasPrefix("ERR") }
            if Self.expectsReply(line) {
                #expect(terminal.count == 1 && lines.dropLast().last.map { $0.hasPrefix("OK") || $0.hasPrefix("ERR") } == true,
                        "line \(n): \(line)")
                #expect(out.bytes.last == UInt8(ascii: "\n"))
                #expect(!out.bytes.contains(UInt8(ascii: "\r")))
            } else {
                #expect(out.bytes.isEmpty, "blank line \(n) got a reply")
            }
            #expect(!String(decoding: out.bytes, as: UTF8.self).hasPrefix("ERR internal"))
        }
    }

    @Test func fuzzOverTCPKeepsTheServerAnsweringInOrder() throws {
        let server = try RunningServer()
        defer { server.stop() }
        var rng = SplitMix(state: 42)
        let client = try server.rawClient()
        var payload: [UInt8] = []
        var expected = 0
        for _ in 0..<2_000 {
            let line = Self.line(&rng)
            if line.starts(with: Array("QUIT".utf8)) { continue }
            payload += line + [UInt8(ascii: "\n")]
            if Self.expectsReply(line) { expected += 1 }
        }
        payload += Array("PING\n".utf8)
        try client.send(payload)
        var terminals = 0
        while let line = try client.readLine() {
            if line.hasPrefix("OK") || line.hasPrefix("ERR") { terminals += 1 }
            if terminals == expected + 1 { break }
        }
        #expect(terminals == expected + 1)
        // A partial line at close is dropped, and the server goes on serving others.
        try client.send("EVAL event=gala code=vip")
        let other = try server.client()
        #expect(try other.request("PING") == ["OK"])
    }
}
