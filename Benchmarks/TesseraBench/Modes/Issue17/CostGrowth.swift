/// Issue 17's cost growth: the same EVAL mixes on the full catalog (a million members) and on
/// one of the same shape with fewer members (`large-10k`: events, audiences and offers the
/// same, `CatalogScale.large(members:)`), two servers up at once and their runs interleaved
/// round by round. Each catalog's requests are its own (`bench_requests`), of the same kinds.
enum CostGrowth {
    static let mixes = [("eval-customer-1", "customer in 1 audience"), ("eval-code", "by code")]

    static func measure(
        _ bench: Workbench, report: Issue17Report, large: (port: UInt16, population: Population, scale: CatalogScale),
        smallName: String, seconds: Double, repeats: Int
    ) throws {
        let small = try bench.catalog(smallName)
        let server = try bench.startServer(catalog: small.path)
        defer { server.stop() }
        let sides = [(large.port, large.population, large.scale), (server.port, small.population, small.scale)]
        func label(_ mix: String, _ scale: CatalogScale) -> String { "\(mix) @ \(scale.name)" }
        for _ in 0..<max(1, repeats) {
            for (name, _) in mixes {
                for (port, population, scale) in sides {
                    let mix = Suite.mix(named: name, population, scale: scale)!
                    report.runs.add(name, connections: 8, depth: 32,
                                    try bench.measure(mix, port: port, connections: 8, depth: 32, seconds: seconds),
                                    label: label(name, scale))
                }
            }
        }
        for (name, summary) in mixes {
            guard let r = report.runs.pairedRatio(
                label(name, large.scale), label(name, small.scale), connections: 8, depth: 32, of: \.requestsPerSecond)
            else { continue }
            report.target(
                "Cost growth: EVAL \(summary), \(CatalogScale.shortCount(large.scale.members)) members ≥ 0.9 × \(CatalogScale.shortCount(small.scale.members)), 8 × 32",
                String(format: "%.3f × (rounds: %@; medians %@ vs %@ req/s)", r.ratio, r.rounds, Report.grouped(r.a), Report.grouped(r.b)),
                met: r.ratio >= 0.9)
        }
    }
}
