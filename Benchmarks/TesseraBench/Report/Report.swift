import Foundation

/// Collects a suite's figures and renders the report: a table of every run
/// (median of the repeats), the ratios issue 5 asks for, and each target met
/// or missed.
final class Report {
    struct Load {
        var startSeconds: Double
        var loadMilliseconds: Int
        var resident: Int?
        var peak: Int?
        var kind: ServerUnderTest.Kind
    }

    struct Row {
        var label: String
        var mix: String
        var connections: Int
        var depth: Int
        var results: [LoadGenerator.Result]
        var median: LoadGenerator.Result { TesseraBench.median(results) }
    }

    let catalog: CatalogScale
    let seconds: Double
    let repeats: Int
    let loadAtStart = Machine.loadAverage
    let cpuAtStart = CPUTimes.now()
    var fsync: LatencySummary?
    var loads: [Load] = []
    var rows: [Row] = []
    var residentAfterLoad: (current: Int, peak: Int)?
    var residentAfterReload: (current: Int, peak: Int)?
    var redisNote = ""
    var reload: ReloadUnderLoad?
    var durable: DurableMode.Figures?

    let maxSteal: Double?

    init(catalog: CatalogScale, seconds: Double, repeats: Int, maxSteal: Double?) {
        self.catalog = catalog
        self.seconds = seconds
        self.repeats = repeats
        self.maxSteal = maxSteal
    }

    /// Adds runs to the row of that label and settings (made on first use), in run order.
    func add(_ mix: String, connections: Int, depth: Int, _ results: [LoadGenerator.Result], label: String? = nil) {
        let label = label ?? mix
        if let i = rows.firstIndex(where: { $0.label == label && $0.connections == connections && $0.depth == depth }) {
            rows[i].results += results
        } else {
            rows.append(Row(label: label, mix: mix, connections: connections, depth: depth, results: results))
        }
    }

    /// The median over rounds of `a`'s throughput divided by `b`'s in the same round
    /// (rows measured round-robin), with the two rows' median throughputs.
    func pairedRatio(_ a: String, _ b: String) -> (ratio: Double, a: Double, b: Double, rounds: String)? {
        pairedRatio(a, b, connections: 8, depth: 32, of: \.requestsPerSecond)
    }

    /// The median over rounds of `metric` of `a` divided by that of `b` in the same round, at
    /// those settings, with the metric of each row's median run (by throughput).
    func pairedRatio(
        _ a: String, _ b: String, connections: Int, depth: Int, of metric: (LoadGenerator.Result) -> Double
    ) -> (ratio: Double, a: Double, b: Double, rounds: String)? {
        guard let x = row(a, connections, depth), let y = row(b, connections, depth), !x.results.isEmpty,
            x.results.count == y.results.count
        else {
            return nil
        }
        let perRound = zip(x.results, y.results).map { metric($0) / max(1e-9, metric($1)) }
        let sorted = perRound.sorted()
        let rounds = perRound.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        return (sorted[sorted.count / 2], metric(x.median), metric(y.median), rounds)
    }

    func row(_ label: String, _ connections: Int, _ depth: Int) -> Row? {
        rows.first { $0.label == label && $0.connections == connections && $0.depth == depth }
    }

    func rate(_ label: String, _ connections: Int = 8, _ depth: Int = 32) -> Double? {
        row(label, connections, depth)?.median.requestsPerSecond
    }

    var allClean: Bool {
        rows.allSatisfy { $0.results.allSatisfy(\.clean) } && (reload.map { $0.result.clean && $0.succeeded } ?? true)
            && (durable.map { $0.results.allSatisfy(\.clean) } ?? true)
    }

    // MARK: Rendering

    func markdown() -> String {
        var md = "Measured \(Self.timestamp()) on \(Machine.description); "
        md += String(format: "load average %.2f at the start, %.2f at the end; the hypervisor took (steal) %.0f %% of the CPU time meanwhile.\n",
                     loadAtStart, Machine.loadAverage, CPUTimes.now().stealPercent(since: cpuAtStart))
        md += "Catalog: \(catalog.name), \(catalog). Each figure is the median of \(repeats) runs of "
        md += String(format: "%.0f s after a 1 s warm-up; the 8 × 32 runs go round-robin and each ratio is the median of the rounds' ratios; ", seconds)
        md += "latency in µs from a log-linear histogram (< 1 % error)."
        if let maxSteal { md += String(format: " Runs during which the hypervisor took more than %.0f %% of the CPU were run again (up to %d times).", maxSteal, Workbench.stealRetries) }
        md += "\n\n"

        md += runsTable()
        if let durable {
            let r = durable.median
            let l = r.latency.summary
            let failures = durable.results.reduce(0) { $0 + $1.tally.errors + $1.tally.malformed + $1.unanswered }
            md += "| hold-commit (durable, requests) | \(durable.connections) × \(durable.depth) | \(Self.grouped(r.requestsPerSecond)) | "
            md += String(format: "%.0f | %.0f | %.0f | %.0f | %.1f | %llu | %.0f |\n", l.p50, l.p99, l.p999, l.max,
                         r.tally.replies > 0 ? Double(r.tally.dataLines) / Double(r.tally.replies) : 0, failures, r.stealPercent)
        }
        md += "\nRedis: \(redisNote).\n\n"

        md += "| Figure | Value |\n|---|---|\n"
        if !loads.isEmpty {
            let ms = loads.map(\.loadMilliseconds).sorted()
            let starts = loads.map(\.startSeconds).sorted()
            md += "| Catalog load (server's own `load_ms`), median of \(loads.count) | \(ms[ms.count / 2]) ms (all: \(ms.map(String.init).joined(separator: ", "))) |\n"
            md += String(format: "| `tessera serve` start to listening, median | %.2f s |\n", starts[starts.count / 2])
            if let peak = loads.compactMap(\.peak).max(), let resident = loads.last?.resident {
                md += "| Server resident after load (VmRSS) / peak during load (VmHWM) | \(mib(resident)) MiB / \(mib(peak)) MiB |\n"
            }
        }
        if let m = residentAfterLoad { md += "| Server resident after the load runs | \(mib(m.current)) MiB |\n" }
        if let m = residentAfterReload { md += "| Server resident / peak after RELOAD | \(mib(m.current)) MiB / \(mib(m.peak)) MiB |\n" }
        if let reload {
            let w = reload.window
            md += String(format: "| RELOAD under load (8 × 1, EVAL by customer): round trip | %.2f s, `%@` |\n", reload.seconds, reload.reply.last ?? "-")
            md += String(format: "| … client latency during it: p50 / p99 / p99.9 / max | %.0f / %.0f / %.0f / %.0f µs over %llu replies, %llu failed |\n",
                         w.p50, w.p99, w.p999, w.max, w.count, reload.windowFailures)
            md += String(format: "| … slowest reply of that run completed at | %+.2f s after RELOAD was sent (%.0f µs) |\n",
                         reload.slowestAfter, Double(reload.result.slowest) / 1000)
        }
        if let durable {
            md += String(format: "| Durable HOLD+COMMIT pairs/s (16 connections, depth 32, in-process) | %@ |\n", Self.grouped(durable.pairsPerSecond))
            md += String(format: "| Ledger writes per fsync (group commit) | %.1f (%d transactions) |\n", durable.writesPerBatch, durable.batches)
        }
        if let f = fsync ?? durable?.fsync {
            md += String(format: "| One fsync of a 4 KiB append on this disk: p50 / p99 / max | %.0f / %.0f / %.0f µs |\n", f.p50, f.p99, f.max)
        }

        md += "\n| Target | Measured | Met |\n|---|---|---|\n"
        for target in targets() {
            md += "| \(target.name) | \(target.measured) | \(target.met.map { $0 ? "yes" : "**no**" } ?? "n/a") |\n"
        }
        return md
    }

    /// One line per row: the median run of its repeats (the table's header included).
    func runsTable() -> String {
        var md = "| Run | Conns × depth | Requests/s | p50 µs | p99 µs | p99.9 µs | max µs | Data lines per reply | Errors | Steal % |\n"
        md += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for row in rows {
            let r = row.median
            let l = r.latency.summary
            let failures = row.results.reduce(0) { $0 + $1.tally.errors + $1.tally.malformed + $1.unanswered }
            md += "| \(row.label) | \(row.connections) × \(row.depth) | \(Self.grouped(r.requestsPerSecond)) | "
            md += String(format: "%.0f | %.0f | %.0f | %.0f | %.1f | %llu | %.0f |\n", l.p50, l.p99, l.p999, l.max,
                         r.tally.replies > 0 ? Double(r.tally.dataLines) / Double(r.tally.replies) : 0, failures, r.stealPercent)
        }
        return md
    }

    func targets() -> [(name: String, measured: String, met: Bool?)] {
        var list: [(String, String, Bool?)] = []
        for (label, name) in [("eval-customer-1", "1 audience"), ("eval-customer-20", "20 audiences")] {
            if let r = pairedRatio(label, "ping") {
                list.append(("EVAL ≥ 0.8 × PING, 8 × 32, customer in \(name)",
                             String(format: "%.3f × (rounds: %@; medians %@ vs %@ req/s)", r.ratio, r.rounds, Self.grouped(r.a), Self.grouped(r.b)),
                             r.ratio >= 0.8))
            }
        }
        if let r = pairedRatio("ping", "redis-ping") {
            list.append(("Tessera PING ≥ Redis PING, 8 × 32",
                         String(format: "%.2f × (rounds: %@; medians %@ vs %@ req/s)", r.ratio, r.rounds, Self.grouped(r.a), Self.grouped(r.b)),
                         r.ratio >= 1))
        } else {
            list.append(("Tessera PING ≥ Redis PING, 8 × 32", "Redis not measured", nil))
        }
        for label in ["eval-customer-1", "eval-customer-20", "eval-code"] {
            for variant in [label, label + " (client busy-polls)"] {
                if let r = row(variant, 1, 1) {
                    let p99 = r.median.latency.summary.p99
                    list.append(("\(variant), 1 × 1: p99 ≤ 100 µs", String(format: "%.0f µs", p99), p99 <= 100))
                }
            }
        }
        if !loads.isEmpty {
            let ms = loads.map(\.loadMilliseconds).sorted()[loads.count / 2]
            list.append(("Large catalog loads in ≤ 3 s", "\(ms) ms", ms <= 3000))
            if let resident = loads.last?.resident {
                let peak = loads.compactMap(\.peak).max() ?? resident
                list.append(("… into ≤ 512 MiB resident", "\(mib(resident)) MiB after load (peak \(mib(peak)) MiB)", resident <= 512 << 20))
            }
        }
        if let reload {
            let w = reload.window
            list.append(("RELOAD under load: client p99 ≤ 5 ms, no request fails",
                         String(format: "p99 %.2f ms, %llu failed, RELOAD %@", w.p99 / 1000, reload.windowFailures, reload.succeeded ? "OK" : "failed"),
                         w.p99 <= 5000 && reload.windowFailures == 0 && reload.succeeded))
        }
        if let durable {
            list.append(("Durable HOLD+COMMIT ≥ 20,000 pairs/s, 16 connections",
                         "\(Self.grouped(durable.pairsPerSecond)) pairs/s", durable.pairsPerSecond >= 20_000))
        }
        return list
    }

    static func grouped(_ value: Double) -> String {
        let n = Int(value.rounded())
        var digits = String(n)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
