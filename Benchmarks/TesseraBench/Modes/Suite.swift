import Foundation

/// `tessera-bench suite`: every figure of the performance report in one run,
/// so the ratios compare measurements taken minutes apart on the same machine
/// in the same state: catalog load, PING and EVAL pipelined and not, Redis
/// side by side, RELOAD under load, durable HOLD+COMMIT, one fsync. Prints the
/// report's tables as Markdown (and to `--markdown FILE`).
enum Suite {
    static let options: Set<String> = ["catalog", "seconds", "repeat", "markdown", "skip-redis", "load-repeats"]

    static let mixNames = ["ping", "eval-customer-1", "eval-customer-20", "eval-code", "hold-commit", "redis-ping", "redis-get"]

    static func mix(named name: String, _ population: Population, scale: CatalogScale) -> Mix? {
        switch name {
        case "ping": .ping
        case "eval-customer-1":
            .evalCustomers(population.customer1, name: name, summary: "EVAL by customer id, customer in 1 audience")
        case "eval-customer-20":
            .evalCustomers(population.customer20, name: name, summary: "EVAL by customer id, customer in 20 audiences")
        case "eval-code": .evalCodes(population.codes)
        case "hold-commit": .holdCommit(population.holds, ticketsPerEvent: scale.ticketTypesPerEvent)
        case "redis-ping": .redisPing
        case "redis-get": .redisGet
        default: nil
        }
    }

    static func run(_ options: Options) throws -> Int32 {
        let bench = try Workbench(options)
        let seconds = try options.double("seconds", default: 5)
        let repeats = try options.int("repeat", default: 3)
        let loadRepeats = try options.int("load-repeats", default: 3)
        let catalog = try bench.catalog(options.string("catalog", default: "large"))
        let report = Report(catalog: catalog.scale, seconds: seconds, repeats: repeats, maxSteal: bench.maxSteal)
        func mix(_ name: String) -> Mix { Self.mix(named: name, catalog.population, scale: catalog.scale)! }

        note("fsync probe in \(bench.directory)")
        report.fsync = FsyncProbe.measure(directory: bench.directory)?.latency.summary

        // Catalog load: a fresh `tessera serve` each time (the last one stays up for the load runs).
        var server: ServerUnderTest?
        defer { server?.stop() }
        // A load during which the hypervisor took more than --max-steal is done again (bounded).
        var loadTries = 0
        while report.loads.count < max(1, loadRepeats) {
            server?.stop()
            let before = CPUTimes.now()
            let s = try bench.startServer(catalog: catalog.path)
            server = s
            let steal = CPUTimes.now().stealPercent(since: before)
            if let maxSteal = bench.maxSteal, steal > maxSteal, loadTries < Workbench.stealRetries {
                loadTries += 1
                note(String(format: "catalog load: steal %.0f %% > %.0f %%, load again", steal, maxSteal))
                continue
            }
            report.loads.append(.init(
                startSeconds: s.startSeconds, loadMilliseconds: s.catalogLoadMilliseconds,
                resident: s.memory?.current, peak: s.memory?.peak, kind: s.kind))
            usleep(200_000)
        }
        let port = server!.port

        // Redis beside Tessera, started first so that its runs can interleave with Tessera's.
        var redis: RedisBaseline?
        defer { redis?.stop() }
        if options.flag("skip-redis") {
            report.redisNote = "skipped (--skip-redis)"
        } else {
            do {
                redis = try RedisBaseline(directory: bench.directory)
                report.redisNote = "redis-server \(redis!.version), started by the benchmark on a loopback port, no persistence"
            } catch let error as RedisBaseline.Unavailable {
                report.redisNote = error.description
                note(error.description)
            }
        }

        // Throughput, pipelined: 8 connections, depth 32 (the targets' settings). Round-robin:
        // each round runs every mix once, so a ratio compares runs seconds apart, and the
        // report takes the median of the rounds' ratios (the machine is a shared VM).
        let pipelined = ["ping", "eval-customer-1", "eval-customer-20", "eval-code"]
        for _ in 0..<max(1, repeats) {
            for name in pipelined {
                report.add(name, connections: 8, depth: 32, try bench.measure(mix(name), port: port, connections: 8, depth: 32, seconds: seconds))
            }
            if let redis {
                for name in ["redis-ping", "redis-get"] {
                    report.add(name, connections: 8, depth: 32, try bench.measure(mix(name), port: redis.port, connections: 8, depth: 32, seconds: seconds))
                }
            }
        }

        // Latency, one connection, no pipelining: a client that sleeps in epoll_wait like a
        // storefront would, then one that busy-polls, which leaves out the client side's
        // vCPU wake-up (see LoadGenerator.Settings.spin).
        for spin in [false, true] {
            for name in pipelined {
                let results = try bench.measure(
                    mix(name), port: port, connections: 1, depth: 1, seconds: seconds, repeats: repeats, spin: spin)
                report.add(name, connections: 1, depth: 1, results, label: spin ? name + " (client busy-polls)" : name)
            }
            if let redis {
                let results = try bench.measure(
                    mix("redis-ping"), port: redis.port, connections: 1, depth: 1, seconds: seconds, repeats: repeats, spin: spin)
                report.add("redis-ping", connections: 1, depth: 1, results, label: spin ? "redis-ping (client busy-polls)" : "redis-ping")
            }
        }
        report.residentAfterLoad = server!.memory
        redis?.stop()

        // RELOAD of the large catalog under load.
        report.reload = try ReloadUnderLoad.run(
            bench, mix: mix("eval-customer-1"), port: port, connections: 8, depth: 1, seconds: 12, reloadAfter: 2)
        report.reload?.printSummary()
        report.residentAfterReload = server!.memory
        server?.stop()
        server = nil

        // Durable HOLD+COMMIT: in-process, to read the ledger's group-commit counters.
        let durable = try DurableMode.measure(bench, catalog: catalog.path, mix: mix("hold-commit"), seconds: seconds, repeats: repeats)
        report.durable = durable

        let markdown = report.markdown()
        print("\n" + markdown)
        if let path = options.string("markdown") {
            try markdown.write(toFile: path, atomically: true, encoding: .utf8)
            note("wrote \(path)")
        }
        return report.allClean ? 0 : 1
    }
}
