/// `tessera-bench run --mix NAME`: one mix at chosen settings, for exploring
/// and profiling (attach `perf` to the server while it runs).
enum RunMode {
    static let options: Set<String> = [
        "mix", "catalog", "connections", "depth", "seconds", "warmup", "repeat", "port", "spin", "value-bytes",
    ]

    static func run(_ options: Options) throws -> Int32 {
        let bench = try Workbench(options)
        let name = options.string("mix", default: "eval-customer-1")
        let connections = try options.int("connections", default: 8)
        let depth = try options.int("depth", default: 32)
        let seconds = try options.double("seconds", default: 5)
        let warmup = try options.double("warmup", default: 1)
        let repeats = try options.int("repeat", default: 1)
        let catalog = try bench.catalog(options.string("catalog", default: "large"))
        guard var mix = Suite.mix(named: name, catalog.population, scale: catalog.scale) else {
            throw UsageError("unknown mix '\(name)'; one of \(Suite.mixNames.joined(separator: ", "))")
        }
        // `--value-bytes N`: redis-get of an N-byte value (issue 17 sizes it like an EVAL answer).
        let valueBytes = options.string("value-bytes") == nil ? nil : try options.int("value-bytes", default: 64)
        if let valueBytes {
            guard name == "redis-get" else { throw UsageError("--value-bytes is for --mix redis-get") }
            mix = .redisGet(key: "bench:value:\(valueBytes)", bytes: valueBytes, name: "redis-get \(valueBytes) B")
        }
        var redis: RedisBaseline?
        var server: ServerUnderTest?
        defer { server?.stop(); redis?.stop() }
        let port: UInt16
        if let given = options.string("port") {
            guard let p = UInt16(given) else { throw UsageError("--port must be a port number") }
            port = p
        } else if mix.resp {
            redis = try RedisBaseline(directory: bench.directory)
            port = redis!.port
            if let valueBytes { try redis!.store(key: "bench:value:\(valueBytes)", bytes: valueBytes) }
        } else {
            server = try bench.startServer(catalog: catalog.path)
            port = server!.port
        }
        let results = try bench.measure(
            mix, port: port, connections: connections, depth: depth, seconds: seconds, warmup: warmup, repeats: repeats,
            spin: options.flag("spin"))
        if let memory = server?.memory { note("server resident \(mib(memory.current)) MiB, peak \(mib(memory.peak)) MiB") }
        return results.allSatisfy(\.clean) ? 0 : 1
    }
}
