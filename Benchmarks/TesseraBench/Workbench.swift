import Foundation
import Glibc

/// What every mode shares: where files go, which catalog, which server, and
/// how one measurement is run and printed.
struct Workbench {
    /// Generated catalogs (cached between runs) and ledgers.
    let directory: String
    let serverKind: ServerUnderTest.Kind?
    let serverBinary: String?
    /// Extra `tessera serve` arguments (`--serve-arg=--busy-poll-us=50`), process servers only.
    let serveArguments: [String]
    let threads: Int
    /// A run during which the hypervisor took more than this share of the CPU (steal, in %)
    /// is run again, up to `stealRetries` times, so figures describe the machine rather than
    /// its neighbours; nil: every run counts.
    let maxSteal: Double?
    static let stealRetries = 4

    static let commonOptions: Set<String> = ["dir", "server", "server-binary", "serve-arg", "client-threads", "max-steal"]

    init(_ options: Options) throws {
        directory = options.string("dir", default: NSTemporaryDirectory() + "tessera-bench")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        switch options.string("server") {
        case nil: serverKind = nil
        case "process": serverKind = .process
        case "in-process": serverKind = .inProcess
        case let other?: throw UsageError("--server must be process or in-process, got '\(other)'")
        }
        serverBinary = options.string("server-binary")
        // Split on spaces, so one option can carry several: --serve-arg='--busy-poll-us 50'.
        serveArguments = options.string("serve-arg").map { $0.split(separator: " ").map(String.init) } ?? []
        if !serveArguments.isEmpty, serverKind == .inProcess {
            throw UsageError("--serve-arg needs a process server (tessera serve), not --server in-process")
        }
        threads = try options.int("client-threads", default: 1)
        maxSteal = options.string("max-steal") == nil ? nil : try options.double("max-steal", default: 100)
    }

    /// The catalog of `name` and its requests: `large` or `small`, or `large-r2` or
    /// `small-r2`, the same with SPEC §7's budgets and group minimums (`OfferRulesRound2`),
    /// or `large-<members>` (`large-10k`, `large-200k`): the large shape at another size.
    func catalog(_ name: String) throws -> (path: String, scale: CatalogScale, population: Population) {
        let round2 = name == "large-r2" || name == "small-r2"
        guard let scale = CatalogScale.named(round2 ? String(name.dropLast(3)) : name) else {
            throw UsageError("--catalog must be large, small, large-r2, small-r2 or large-<members> (large-10k), got '\(name)'")
        }
        var path = try CatalogGenerator.catalog(scale, in: directory, log: note)
        if round2 { path = try OfferRulesRound2.catalog(from: path, log: note) }
        return (path, scale, try Population.read(catalog: path))
    }

    /// A server on `catalog`, with a new empty ledger unless `ledger` names one to start on.
    func startServer(
        catalog: String, kind: ServerUnderTest.Kind? = nil, environment: [String: String] = [:], ledger: String? = nil
    ) throws -> ServerUnderTest {
        let server = try ServerUnderTest.start(
            kind: kind ?? serverKind, binary: serverBinary, catalog: catalog, directory: directory,
            extraArguments: serveArguments, environment: environment, ledger: ledger)
        note(String(format: "server: %@ on port %d, catalog loaded in %d ms (start %.2f s)%@",
                    server.kind.rawValue, server.port, server.catalogLoadMilliseconds, server.startSeconds,
                    server.memory.map { ", resident \(mib($0.current)) MiB, peak \(mib($0.peak)) MiB" } ?? ""))
        return server
    }

    /// Runs `mix` `repeat` times against `port` and returns every result, printing each.
    func measure(
        _ mix: Mix, port: UInt16, connections: Int, depth: Int, seconds: Double, warmup: Double = 1,
        repeats: Int = 1, spin: Bool = false, generator: ((LoadGenerator) -> Void)? = nil
    ) throws -> [LoadGenerator.Result] {
        var results: [LoadGenerator.Result] = []
        for _ in 0..<max(1, repeats) {
            var settings = LoadGenerator.Settings(port: port)
            settings.connections = connections
            settings.depth = depth
            settings.seconds = seconds
            settings.warmupSeconds = warmup
            settings.threads = threads
            settings.resp = mix.resp
            settings.spin = spin
            var tries = 0
            while true {
                let load = LoadGenerator(settings)
                generator?(load)
                let before = CPUTimes.now()
                var result = try load.run(makeStream: mix.stream(connection:))
                result.stealPercent = CPUTimes.now().stealPercent(since: before)
                tries += 1
                if let maxSteal, result.stealPercent > maxSteal, tries <= Self.stealRetries, generator == nil {
                    note(String(format: "%@: steal %.0f %% > %.0f %%, run again", mix.name, result.stealPercent, maxSteal))
                    continue
                }
                printLine(mix: mix, connections: connections, depth: depth, result)
                results.append(result)
                break
            }
        }
        return results
    }

    func printLine(mix: Mix, connections: Int, depth: Int, _ r: LoadGenerator.Result) {
        let l = r.latency.summary
        let perReply = r.tally.replies > 0 ? Double(r.tally.dataLines) / Double(r.tally.replies) : 0
        print(String(
            format: "%-16@ c=%-3d P=%-3d %10.0f req/s  p50 %7.1f  p99 %7.1f  p99.9 %7.1f  max %8.1f µs  lines/reply %5.1f  err %llu bad %llu  steal %.0f%%",
            mix.name, connections, depth, r.requestsPerSecond, l.p50, l.p99, l.p999, l.max, perReply,
            r.tally.errors, r.tally.malformed + r.unanswered, r.stealPercent))
        for sample in r.tally.samples { print("    ! \(sample)") }
        fflush(nil)
    }
}

func note(_ message: String) {
    print("# \(message)")
    fflush(nil)
}

func mib(_ bytes: Int) -> Int { bytes / (1024 * 1024) }

/// The median result by throughput: robust to one run disturbed by a neighbour.
func median(_ results: [LoadGenerator.Result]) -> LoadGenerator.Result {
    let sorted = results.sorted { $0.requestsPerSecond < $1.requestsPerSecond }
    return sorted[sorted.count / 2]
}
