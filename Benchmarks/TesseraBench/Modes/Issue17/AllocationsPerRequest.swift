import Foundation
import Glibc

/// Issue 17's "no heap allocation per EVAL": a `tessera serve` of its own with the counting
/// allocator preloaded (`AllocationCounter`), and for each mix a warm-up pass, then `count`
/// requests over one connection 32 at a time; the counts read before and after, divided by
/// the requests. PING's figure, measured the same way, is what the transport allocates per
/// request; EVAL's minus PING's is the rule engine's and the answer's. Every thread of the
/// server counts (the ledger's writer is idle meanwhile).
enum AllocationsPerRequest {
    struct Figure {
        var mix: String
        var requests: Int
        var counts: AllocationCounter.Counts
        var perRequest: Double { Double(counts.allocations) / Double(max(1, requests)) }
        var bytesPerRequest: Double { Double(counts.bytes) / Double(max(1, requests)) }
        var freesPerRequest: Double { Double(counts.frees) / Double(max(1, requests)) }
    }

    static let mixes = [
        ("ping", "PING"), ("eval-customer-1", "customer in 1 audience"), ("eval-code", "by code"),
        ("eval-customer-20", "customer in 20 audiences"),
    ]

    /// The figures, nil (with a note) when the library or the `tessera` executable is not built.
    static func measure(
        _ bench: Workbench, catalog: String, population: Population, scale: CatalogScale, count: Int,
        mixes names: [(String, String)] = mixes, detail: Int = 0
    ) throws -> [Figure]? {
        let counter: AllocationCounter
        do {
            counter = try AllocationCounter(directory: bench.directory)
        } catch let error as AllocationCounter.Unavailable {
            note(error.description)
            return nil
        }
        guard bench.serverBinary != nil || ServerUnderTest.siblingBinary != nil else {
            note("no tessera executable beside tessera-bench: allocation counts need a tessera serve process; skipped")
            return nil
        }
        let server = try bench.startServer(catalog: catalog, kind: .process, environment: counter.environment)
        defer { server.stop() }
        guard counter.attached else {
            note("the counting allocator did not attach to tessera serve (LD_PRELOAD=\(counter.library)); skipped")
            return nil
        }
        var figures: [Figure] = []
        for (name, _) in names {
            let mix = Suite.mix(named: name, population, scale: scale)!
            let pool = mix.lines!
            let expectation = pool.expectations[0]
            // Warm-up: buffers grown, tables touched, every answer's fragments made once.
            _ = try OnePass.run(port: server.port, lines: pool.lines, expecting: expectation, count: min(count, max(2_000, pool.lines.count)))
            usleep(50_000)
            let before = counter.read()
            let pass = try OnePass.run(port: server.port, lines: pool.lines, expecting: expectation, count: count)
            // The replies are read; let the server finish the turn that sent the last one.
            usleep(50_000)
            let figure = Figure(mix: name, requests: pass.replies, counts: counter.read() - before)
            if pass.failures > 0 {
                note("\(name): \(pass.failures) failed replies: \(pass.firstProblem ?? "")")
                throw OnePass.Failure(description: "\(name): \(pass.failures) failed replies while counting allocations")
            }
            print(String(format: "%-16@ %d requests: %.3f allocations/request (%.1f bytes), %.3f frees/request",
                         name, figure.requests, figure.perRequest, figure.bytesPerRequest, figure.freesPerRequest))
            fflush(nil)
            figures.append(figure)
            if detail > 0, figure.counts.allocations > 0 {
                try printAllocatingRequests(port: server.port, counter: counter, lines: Array(pool.lines.prefix(detail)), expectation: expectation)
            }
        }
        return figures
    }

    /// Which requests allocate: each of `lines` sent alone on one connection (after the
    /// warm-up), the counts read around it (the reply is read, so the server's turn is over);
    /// prints how many requests allocated how often, and the worst few.
    static func printAllocatingRequests(port: UInt16, counter: AllocationCounter, lines: [[UInt8]], expectation: Expectation) throws {
        var histogram: [UInt64: Int] = [:]
        var worst: [(allocations: UInt64, line: String)] = []
        let connection = try OnePass(port: port)
        // The first request of a connection also pays for its accept: not counted.
        _ = try connection.send(lines: [lines[0]], expecting: expectation, depth: 1)
        for line in lines {
            let before = counter.read()
            _ = try connection.send(lines: [line], expecting: expectation, depth: 1)
            let allocations = (counter.read() - before).allocations
            histogram[allocations, default: 0] += 1
            worst.append((allocations, String(decoding: line.dropLast(), as: UTF8.self)))
        }
        let spread = histogram.sorted { $0.key < $1.key }.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
        print("    requests sent one at a time, how many allocated how often: \(spread)")
        for w in worst.sorted(by: { $0.allocations > $1.allocations }).prefix(5) { print("    \(w.allocations): \(w.line)") }
        fflush(nil)
    }

    /// Runs `measure` and adds its targets (EVAL minus PING ≤ 0.01 per request) and table.
    static func report(
        _ bench: Workbench, report: Issue17Report, catalog: String, population: Population, scale: CatalogScale, count: Int,
        detail: Int = 0
    ) throws {
        guard let figures = try measure(bench, catalog: catalog, population: population, scale: scale, count: count, detail: detail) else {
            report.target("No heap allocation per EVAL (server, steady state)", "not measured: counting allocator not built", met: nil)
            return
        }
        let ping = figures.first { $0.mix == "ping" }?.perRequest ?? 0
        var table = "Allocations in the server per request (counting allocator preloaded into `tessera serve`, \(count) requests per mix "
        table += "over one connection, 32 in flight, after a warm-up pass):\n\n"
        table += "| Mix | Requests | Allocations per request | … minus PING's | Bytes allocated per request | Frees per request |\n|---|---:|---:|---:|---:|---:|\n"
        for f in figures {
            table += String(format: "| %@ | %d | %.3f | %@ | %.1f | %.3f |\n", f.mix, f.requests, f.perRequest,
                            f.mix == "ping" ? "—" : String(format: "%.3f", f.perRequest - ping), f.bytesPerRequest, f.freesPerRequest)
        }
        report.sections.append(table)
        for f in figures where f.mix != "ping" {
            let summary = mixes.first { $0.0 == f.mix }?.1 ?? f.mix
            let net = f.perRequest - ping
            report.target("No heap allocation per EVAL (server, steady state), \(summary): ≤ 0.01 per request above PING's",
                          String(format: "%.3f per EVAL (%.3f; PING %.3f; %.0f bytes per EVAL)", net, f.perRequest, ping, f.bytesPerRequest),
                          met: net <= 0.01)
        }
    }
}
