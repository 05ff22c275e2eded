import Foundation
import TesseraCore

/// `tessera-bench smoke`: a few seconds on the small catalog with an
/// in-process server, every mix once, a RELOAD under load, Redis when present,
/// the counting allocator of issue 17 when it is built, and a small history ledger.
/// Exits 0 when every reply was well-formed and of the expected kind, 1
/// otherwise. No timing is asserted: CI machines differ, only correctness is checked.
enum SmokeMode {
    static let options: Set<String> = ["seconds", "connections", "depth"]

    static func run(_ options: Options) throws -> Int32 {
        let bench = try Workbench(options)
        let seconds = try options.double("seconds", default: 0.5)
        let connections = try options.int("connections", default: 4)
        let depth = try options.int("depth", default: 8)
        let catalog = try bench.catalog("small")
        let population = catalog.population
        let server = try bench.startServer(catalog: catalog.path, kind: bench.serverKind ?? .inProcess)
        defer { server.stop() }

        let mixes: [Mix] = [
            .ping,
            .evalCustomers(population.customer1, name: "eval-customer-1", summary: "EVAL by customer in 1 audience"),
            .evalCustomers(population.customer20, name: "eval-customer-20", summary: "EVAL by customer in 20 audiences"),
            .evalCodes(population.codes),
            .holdCommit(population.holds, ticketsPerEvent: catalog.scale.ticketTypesPerEvent),
        ]
        var failures: [String] = []
        for mix in mixes {
            let r = try bench.measure(mix, port: server.port, connections: connections, depth: depth, seconds: seconds, warmup: 0.1)[0]
            if !r.clean { failures.append(mix.name) }
        }
        let reload = try ReloadUnderLoad.run(
            bench, mix: mixes[1], port: server.port, connections: connections, depth: depth, seconds: 1.5, reloadAfter: 0.3)
        reload.printSummary()
        if !reload.result.clean || !reload.succeeded || reload.windowFailures > 0 { failures.append("reload-under-load") }

        do {
            let redis = try RedisBaseline(directory: bench.directory)
            defer { redis.stop() }
            for mix in [Mix.redisPing, .redisGet] {
                let r = try bench.measure(mix, port: redis.port, connections: connections, depth: depth, seconds: seconds, warmup: 0.1)[0]
                if !r.clean { failures.append(mix.name) }
            }
        } catch let error as RedisBaseline.Unavailable {
            note(error.description)
        }

        // SPEC §7's budgets and group minimums: EVAL's answers stay well-formed.
        let round2 = try bench.catalog("small-r2")
        let server2 = try bench.startServer(catalog: round2.path, kind: bench.serverKind ?? .inProcess)
        defer { server2.stop() }
        let round2Mixes: [Mix] = [
            .evalCustomers(round2.population.customer20, name: "eval-customer-20", summary: "EVAL by customer in 20 audiences"),
            .evalCodes(round2.population.codes),
        ]
        for mix in round2Mixes {
            let r = try bench.measure(mix, port: server2.port, connections: connections, depth: depth, seconds: seconds, warmup: 0.1)[0]
            if !r.clean { failures.append(mix.name + " (small-r2)") }
        }

        // Issue 17's allocation counter, when its library and `tessera` are built: it attaches,
        // counts, and the answers stay well-formed under it. The figures are not judged here
        // (a debug build allocates many times what a release build does).
        do {
            _ = try AllocationsPerRequest.measure(
                bench, catalog: catalog.path, population: population, scale: catalog.scale, count: 500,
                mixes: [("ping", "PING"), ("eval-customer-1", "customer in 1 audience")])
        } catch {
            note("allocation counter: \(error)")
            failures.append("allocation-counter")
        }

        // Issue 17: a small history (2,000 finished holds), answered from the ledger.
        let shape = HistoryLedger(holds: 2_000, members: 50, offers: 5, committedPercent: 10)
        let historyCatalog = "\(bench.directory)/smoke-history.catalog.sqlite"
        let historyLedger = "\(bench.directory)/smoke-history.ledger"
        try shape.writeCatalog(to: historyCatalog)
        let expectations = try shape.writeLedger(
            to: historyLedger, now: Instant(seconds: Int64(Date().timeIntervalSince1970)), log: { _ in })
        let server3 = try bench.startServer(catalog: historyCatalog, kind: bench.serverKind ?? .inProcess, ledger: historyLedger)
        defer { server3.stop() }
        let problems = try HistoryMode.check(expectations, shape: shape, port: server3.port)
        for problem in problems { note(problem) }
        if !problems.isEmpty { failures.append("history") }

        if failures.isEmpty {
            print("smoke: every reply well-formed (\(mixes.count) mixes, RELOAD under load, §7 budgets, a history ledger, Redis when installed, allocation counter when built)")
            return 0
        }
        print("smoke: FAILED: \(failures.joined(separator: ", "))")
        return 1
    }
}
