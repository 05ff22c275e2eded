import Foundation

/// `tessera-bench issue17`: every figure issue 17 asks for, in one run, as a table of its
/// targets: EVAL against Redis GET of a value as large as the mean answer (8 × 32 throughput
/// and 1 × 1 p99), cost growth from 10k to 1M members, allocations per EVAL in the server,
/// and memory against Redis holding the same catalog. `--parts` runs some of them.
enum Issue17Mode {
    static let options: Set<String> = [
        "catalog", "growth-catalog", "seconds", "repeat", "parts", "alloc-requests", "alloc-detail", "memory-catalogs",
        "markdown",
    ]
    static let allParts = ["get", "growth", "allocs", "memory"]

    static func run(_ options: Options) throws -> Int32 {
        let bench = try Workbench(options)
        let seconds = try options.double("seconds", default: 5)
        let repeats = try options.int("repeat", default: 3)
        let parts = Set(options.string("parts", default: allParts.joined(separator: ",")).split(separator: ",").map(String.init))
        if let unknown = parts.subtracting(allParts).first {
            throw UsageError("--parts takes \(allParts.joined(separator: ",")), got '\(unknown)'")
        }
        let catalog = try bench.catalog(options.string("catalog", default: "large"))
        let report = Issue17Report(catalog: catalog.scale, seconds: seconds, repeats: repeats, maxSteal: bench.maxSteal)

        if parts.contains("get") || parts.contains("growth") {
            let server = try bench.startServer(catalog: catalog.path)
            defer { server.stop() }
            if parts.contains("get") {
                do {
                    let redis = try RedisBaseline(directory: bench.directory)
                    defer { redis.stop() }
                    try SizedRedisGet.measure(
                        bench, report: report, port: server.port, redis: redis, population: catalog.population,
                        scale: catalog.scale, seconds: seconds, repeats: repeats)
                } catch let error as RedisBaseline.Unavailable {
                    note(error.description)
                    report.target("EVAL against Redis GET of the mean answer", "not measured: \(error.description)", met: nil)
                }
            }
            if parts.contains("growth") {
                try CostGrowth.measure(
                    bench, report: report, large: (server.port, catalog.population, catalog.scale),
                    smallName: options.string("growth-catalog", default: "large-10k"), seconds: seconds, repeats: repeats)
            }
        }
        if parts.contains("allocs") {
            try AllocationsPerRequest.report(
                bench, report: report, catalog: catalog.path, population: catalog.population, scale: catalog.scale,
                count: try options.int("alloc-requests", default: 20_000), detail: try options.int("alloc-detail", default: 1_000))
        }
        if parts.contains("memory") {
            let names = options.string("memory-catalogs", default: "large-200k,large").split(separator: ",").map(String.init)
            try MemoryVersusRedis.report(bench, report: report, catalogs: names)
        }

        let markdown = report.markdown()
        print("\n" + markdown)
        if let path = options.string("markdown") {
            try markdown.write(toFile: path, atomically: true, encoding: .utf8)
            note("wrote \(path)")
        }
        return report.allClean ? 0 : 1
    }
}
