import Foundation

/// `tessera-bench durable`: HOLD+COMMIT pairs per second over 16 pipelining
/// connections, every reply sent only after its ledger write is fsync'd
/// (issue 3's target: 20,000 pairs/s), and what one fsync costs on this disk.
/// The server runs in-process so the ledger's counters tell how many writes
/// shared each fsync.
enum DurableMode {
    static let options: Set<String> = ["catalog", "seconds", "repeat", "connections", "depth"]

    struct Figures {
        var results: [LoadGenerator.Result]
        var connections: Int
        var depth: Int
        /// Ledger transactions (one fsync each) and writes during the whole run.
        var batches: Int
        var writes: Int
        var fsync: LatencySummary?

        var median: LoadGenerator.Result { TesseraBench.median(results) }
        /// Pairs per second: two requests per pair.
        var pairsPerSecond: Double { median.requestsPerSecond / 2 }
        var writesPerBatch: Double { batches > 0 ? Double(writes) / Double(batches) : 0 }
    }

    static func run(_ options: Options) throws -> Int32 {
        let bench = try Workbench(options)
        let catalog = try bench.catalog(options.string("catalog", default: "small"))
        let mix = Suite.mix(named: "hold-commit", catalog.population, scale: catalog.scale)!
        let figures = try measure(
            bench, catalog: catalog.path, mix: mix, seconds: try options.double("seconds", default: 5),
            repeats: try options.int("repeat", default: 3), connections: try options.int("connections", default: 16),
            depth: try options.int("depth", default: 32))
        print(String(format: "durable HOLD+COMMIT: %.0f pairs/s, %.1f writes per fsync; one fsync p50 %.0f µs p99 %.0f µs",
                     figures.pairsPerSecond, figures.writesPerBatch, figures.fsync?.p50 ?? 0, figures.fsync?.p99 ?? 0))
        return figures.results.allSatisfy(\.clean) ? 0 : 1
    }

    static func measure(
        _ bench: Workbench, catalog: String, mix: Mix, seconds: Double, repeats: Int, connections: Int = 16, depth: Int = 32
    ) throws -> Figures {
        let fsync = FsyncProbe.measure(directory: bench.directory)?.latency.summary
        let server = try bench.startServer(catalog: catalog, kind: .inProcess)
        defer { server.stop() }
        let before = server.ledgerCounters ?? (0, 0)
        let results = try bench.measure(mix, port: server.port, connections: connections, depth: depth, seconds: seconds, repeats: repeats)
        let after = server.ledgerCounters ?? (0, 0)
        return Figures(
            results: results, connections: connections, depth: depth, batches: after.batches - before.batches,
            writes: after.writes - before.writes, fsync: fsync)
    }
}
