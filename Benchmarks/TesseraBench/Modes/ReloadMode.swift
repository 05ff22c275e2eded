/// `tessera-bench reload`: the latency clients see while the large catalog is
/// reloaded under load (target: p99 ≤ 5 ms, no failed request).
enum ReloadMode {
    static let options: Set<String> = ["catalog", "connections", "depth", "seconds", "after"]

    static func run(_ options: Options) throws -> Int32 {
        let bench = try Workbench(options)
        let catalog = try bench.catalog(options.string("catalog", default: "large"))
        let server = try bench.startServer(catalog: catalog.path)
        defer { server.stop() }
        let mix = Suite.mix(named: "eval-customer-1", catalog.population, scale: catalog.scale)!
        let reload = try ReloadUnderLoad.run(
            bench, mix: mix, port: server.port, connections: try options.int("connections", default: 8),
            depth: try options.int("depth", default: 1), seconds: try options.double("seconds", default: 12),
            reloadAfter: try options.double("after", default: 2))
        reload.printSummary()
        if let memory = server.memory { note("server resident \(mib(memory.current)) MiB, peak \(mib(memory.peak)) MiB") }
        return reload.succeeded && reload.result.clean ? 0 : 1
    }
}
