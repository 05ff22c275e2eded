import Foundation

/// A named workload: the requests every connection sends and what their
/// replies must look like. The mixes of issue 5: EVAL by customer (in 1 and in
/// 20 audiences), EVAL by code, durable HOLD+COMMIT, PING, and Redis's PING
/// and GET through inline commands for the side-by-side baseline.
struct Mix: Sendable {
    var name: String
    var summary: String
    var resp = false
    private var makeSource: @Sendable () -> RequestStream.Source

    init(name: String, summary: String, resp: Bool = false, _ make: @escaping @Sendable () -> RequestStream.Source) {
        self.name = name
        self.summary = summary
        self.resp = resp
        self.makeSource = make
    }

    func stream(connection: Int) -> RequestStream {
        RequestStream(source: makeSource(), connection: connection)
    }

    static let ping = Mix(name: "ping", summary: "PING: the transport's limit") {
        .pool(lines: [Array("PING\n".utf8)], expectations: [.ok])
    }

    static func evalCustomers(_ askers: [Population.Asker], name: String, summary: String) -> Mix {
        let lines = askers.map { Array("EVAL event=\($0.event) customer=\(encode($0.customer ?? ""))\n".utf8) }
        return Mix(name: name, summary: summary) {
            .pool(lines: lines, expectations: [Expectation](repeating: .eval, count: lines.count))
        }
    }

    static func evalCodes(_ askers: [Population.Asker]) -> Mix {
        let lines = askers.map { Array("EVAL event=\($0.event) code=\(encode($0.code ?? ""))\n".utf8) }
        return Mix(name: "eval-code", summary: "EVAL by code (barcodes and access codes, sent in lower case)") {
            .pool(lines: lines, expectations: [Expectation](repeating: .eval, count: lines.count))
        }
    }

    /// HOLD of one unit of the unlimited offer, then COMMIT of that hold, both
    /// pipelined: every pair is two ledger writes, each acknowledged after fsync.
    static func holdCommit(_ askers: [Population.Asker], ticketsPerEvent: Int) -> Mix {
        let suffixes = askers.enumerated().map { i, asker in
            let ticket = "tt-" + asker.event.dropFirst(3) + "-" + CatalogGenerator.pad(i % ticketsPerEvent, 2)
            return Array(" event=\(asker.event) customer=\(encode(asker.customer ?? "")) item=o0000-0:\(ticket):1\n".utf8)
        }
        return Mix(name: "hold-commit", summary: "HOLD 1 unit, then COMMIT it (durable: both fsync'd)") {
            // Ids unique across runs on the same ledger: a nonce per stream (made
            // anew for every run and connection), the connection, a counter. A
            // nonce made once per Mix let `--repeat` send the first run's ids
            // again, and the server answered those as idempotent repeats, with no write.
            let nonce = String(UInt64.random(in: 0 ... .max), radix: 36)
            return .holdCommit(idPrefix: Array("b\(nonce)-".utf8), holdSuffixes: suffixes)
        }
    }

    static let redisPing = Mix(name: "redis-ping", summary: "Redis PING (inline)", resp: true) {
        .pool(lines: [Array("PING\r\n".utf8)], expectations: [.redisPong])
    }

    static let redisGet = Mix(name: "redis-get", summary: "Redis GET of a 64-byte value (inline)", resp: true) {
        .pool(lines: [Array("GET bench:key\r\n".utf8)], expectations: [.redisBulk])
    }

    /// Redis GET of a value of `bytes` bytes stored under `key` (`RedisBaseline.store`):
    /// the transport cost of moving an answer as large as an EVAL's (issue 17).
    static func redisGet(key: String, bytes: Int, name: String) -> Mix {
        Mix(name: name, summary: "Redis GET of a \(bytes)-byte value (inline)", resp: true) {
            .pool(lines: [Array("GET \(key)\r\n".utf8)], expectations: [.redisBulk])
        }
    }

    /// The request lines of a pool mix, each once (nil for HOLD+COMMIT, whose ids are made
    /// as it goes), with what their replies must be: what `OnePass` sends.
    var lines: (lines: [[UInt8]], expectations: [Expectation])? {
        if case .pool(let lines, let expectations) = makeSource() { return (lines, expectations) }
        return nil
    }

    /// Percent-encodes a value for a request line (SPEC §4).
    static func encode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            if byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "%") && byte != UInt8(ascii: "=") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}

