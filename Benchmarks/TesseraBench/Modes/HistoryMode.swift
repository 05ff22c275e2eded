import Foundation
import TesseraCore

/// `tessera-bench history` (issue 17): history must not cost memory or start-up.
///
/// Writes (or reuses from --dir) a ledger of `--holds` finished holds over `--members`
/// members and `--offers` offers (`HistoryLedger`), then starts `tessera serve` on it and
/// on the same catalog with an empty ledger, `--repeat` times each, and reports start-up
/// (spawn to listening: catalog load, ledger open, usage) and resident memory side by
/// side. Then it checks answers that come from the history: EVAL shows the commits'
/// usage, repeats of old HOLDs answer byte for byte, COMMIT of an expired hold is
/// `ERR expired`, a partial release of an old commit answers as it must, and STATS counts
/// every hold. With `--churn N`, it also makes N HOLD+RELEASE pairs on the empty ledger
/// and reports the resident memory they add per pair.
enum HistoryMode {
    static let options: Set<String> = ["holds", "members", "offers", "committed-percent", "repeat", "fresh", "churn"]

    static func run(_ options: Options) throws -> Int32 {
        let bench = try Workbench(options)
        let shape = HistoryLedger(
            holds: try options.int("holds", default: 10_000_000), members: try options.int("members", default: 100_000),
            offers: try options.int("offers", default: 100), committedPercent: try options.int("committed-percent", default: 10))
        guard shape.holds >= 0, shape.members > 1, shape.offers > 0, (0...100).contains(shape.committedPercent) else {
            throw UsageError("--holds ≥ 0, --members ≥ 2, --offers ≥ 1 and --committed-percent 0…100")
        }
        let catalog = "\(bench.directory)/\(shape.stem).catalog.sqlite"
        let ledger = "\(bench.directory)/\(shape.stem).ledger"
        try shape.writeCatalog(to: catalog)
        let churn = try options.int("churn", default: 0)
        // --holds 0: the churn alone, which any tessera can serve (--server-binary of an
        // earlier version, for the figure before).
        if shape.holds == 0 {
            let failures = churn > 0 ? try measureChurn(bench, catalog: catalog, shape: shape, pairs: churn) : []
            for failure in failures { print("history: FAILED: \(failure)") }
            return failures.isEmpty ? 0 : 1
        }
        var expectations = options.flag("fresh") ? nil : HistoryExpectations.read(ledger)
        if expectations == nil || !FileManager.default.fileExists(atPath: ledger) {
            note("writing \(ledger): \(shape.holds) holds, \(shape.members) members, \(shape.offers) offers, \(shape.committedPercent) % committed")
            let started = Date()
            expectations = try shape.writeLedger(to: ledger, now: Instant(seconds: Int64(Date().timeIntervalSince1970)), log: note)
            let size = (try? FileManager.default.attributesOfItem(atPath: ledger)[.size] as? Int) ?? 0
            note(String(format: "wrote the ledger in %.0f s, %d MiB", Date().timeIntervalSince(started), mib(size)))
        }
        guard let expect = expectations else { return 1 }

        var empty: [Start] = []
        var full: [Start] = []
        for _ in 0..<max(1, try options.int("repeat", default: 3)) {
            empty.append(try Start.measure(bench, catalog: catalog, ledger: nil))
            full.append(try Start.measure(bench, catalog: catalog, ledger: ledger))
        }
        var failures: [String] = []
        let server = try bench.startServer(catalog: catalog, ledger: ledger)
        failures += try check(expect, shape: shape, port: server.port)
        let afterChecks = server.memory?.current ?? 0
        server.stop()

        let e = Start.median(empty)
        let f = Start.median(full)
        print(String(format: "history: %d finished holds (%d %% committed), %d members, %d offers", shape.holds, shape.committedPercent, shape.members, shape.offers))
        print(String(format: "start-up   empty ledger %6.2f s   history %6.2f s   (median of %d; spawn to listening)", e.seconds, f.seconds, empty.count))
        print(String(format: "resident   empty ledger %6d MiB history %6d MiB  added %d MiB (peak %d → %d MiB; %d MiB after the checks)",
                     mib(e.resident), mib(f.resident), mib(f.resident - e.resident), mib(e.peak), mib(f.peak), mib(afterChecks)))

        if churn > 0 { failures += try measureChurn(bench, catalog: catalog, shape: shape, pairs: churn) }

        if failures.isEmpty {
            print("history: every answer as expected")
            return 0
        }
        for failure in failures { print("history: FAILED: \(failure)") }
        return 1
    }

    /// One start: its time and the resident memory it settles at.
    struct Start {
        var seconds: Double
        var resident: Int
        var peak: Int

        static func measure(_ bench: Workbench, catalog: String, ledger: String?) throws -> Start {
            let server = try bench.startServer(catalog: catalog, ledger: ledger)
            defer { server.stop() }
            let memory = server.memory ?? (0, 0)
            return Start(seconds: server.startSeconds, resident: memory.current, peak: memory.peak)
        }

        static func median(_ starts: [Start]) -> Start {
            func middle<T: Comparable>(_ values: [T]) -> T { values.sorted()[values.count / 2] }
            return Start(seconds: middle(starts.map(\.seconds)), resident: middle(starts.map(\.resident)), peak: middle(starts.map(\.peak)))
        }
    }

    /// The answers the history decides; a description of each that differs.
    static func check(_ expect: HistoryExpectations, shape: HistoryLedger, port: UInt16) throws -> [String] {
        let client = try LineClient(port: port)
        var failures: [String] = []
        func expectReply(_ line: String, _ reply: String) throws {
            let got = try client.request(line)
            if got != reply { failures.append("\(line)\n  expected \(reply.debugDescription)\n  got      \(got.debugDescription)") }
        }
        // EVAL: each offer's remaining is the limit less the customer's commits, read from the sums.
        let eval = try client.request("EVAL event=\(HistoryLedger.event) customer=\(expect.evalCustomer)")
        var seen = 0
        for line in eval.split(separator: "\n") where line.hasPrefix("OFFER ") {
            let fields = Dictionary(line.split(separator: " ").dropFirst().compactMap { pair -> (String, String)? in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }, uniquingKeysWith: { a, _ in a })
            guard let id = fields["id"], let want = expect.remaining[id] else { continue }
            seen += 1
            if fields["remaining"] != String(want) { failures.append("EVAL: \(id) remaining=\(fields["remaining"] ?? "?"), expected \(want)") }
        }
        if seen != expect.remaining.count { failures.append("EVAL: \(seen) offers, expected \(expect.remaining.count): \(eval)") }
        let used = expect.remaining.values.reduce(0) { $0 + HistoryLedger.perMember - $1 }
        note("EVAL customer=\(expect.evalCustomer): \(seen) offers, \(used) units committed in the history")
        // Repeats of old HOLDs, byte for byte, and COMMIT of each kind.
        for exchange in expect.repeats {
            try expectReply(exchange.line, exchange.reply)
            let commit: String
            switch exchange.state {
            case "committed": commit = "OK id=\(exchange.id) state=committed\n"
            case "released": commit = "ERR released id=\(exchange.id)\n"
            default: commit = "ERR expired id=\(exchange.id)\n"
            }
            try expectReply("COMMIT id=\(exchange.id)", commit)
        }
        // A partial release of an old commit (its only unit), then its repeat: the same bytes.
        if let refund = expect.refund {
            try expectReply(refund.line, refund.reply)
            try expectReply(refund.line, refund.reply)
        }
        // STATS counts every hold, and the commits still counting.
        let stats = try client.request("STATS")
        let committed = Int((Double(shape.holds) * Double(shape.committedPercent) / 100).rounded())
        for line in stats.split(separator: "\n") {
            if line.hasPrefix("STAT name=holds_total "), line != "STAT name=holds_total value=\(shape.holds)" {
                failures.append("STATS: \(line), expected \(shape.holds)")
            }
            if line.hasPrefix("STAT name=holds_live ") { note("STATS \(line) (about \(committed) commits in the history)") }
        }
        note("checked \(2 * expect.repeats.count + 1 + (expect.refund == nil ? 0 : 2)) answers against the history")
        return failures
    }

    /// `pairs` HOLD+RELEASE pairs on a server with an empty ledger: resident memory before
    /// and after, per pair. Pipelined 128 pairs at a time over one connection.
    static func measureChurn(_ bench: Workbench, catalog: String, shape: HistoryLedger, pairs: Int) throws -> [String] {
        let server = try bench.startServer(catalog: catalog)
        defer { server.stop() }
        let client = try LineClient(port: server.port)
        _ = try client.request("PING")
        let before = server.memory?.current ?? 0
        let started = Date()
        var failures = 0
        var i = 0
        while i < pairs {
            var lines: [String] = []
            for k in i..<min(pairs, i + 128) {
                let customer = HistoryLedger.customer(k % shape.members + 1)
                let offer = shape.offerID(k % shape.offers)
                lines.append("HOLD id=churn-\(k) event=\(HistoryLedger.event) customer=\(customer) item=\(offer):\(HistoryLedger.ticket):1")
                lines.append("RELEASE id=churn-\(k)")
            }
            for reply in try client.pipeline(lines) where !reply.contains("OK id=") { failures += 1 }
            i += lines.count / 2
        }
        let after = server.memory?.current ?? 0
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "churn      %d HOLD+RELEASE pairs in %.1f s: resident %d → %d MiB, %.0f bytes per pair",
                     pairs, seconds, mib(before), mib(after), Double(after - before) / Double(pairs)))
        return failures == 0 ? [] : ["churn: \(failures) replies were not OK"]
    }
}
