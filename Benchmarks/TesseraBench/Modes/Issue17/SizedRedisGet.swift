import Foundation

/// Issue 17's first targets: EVAL against Redis `GET` of a value as large as the mean EVAL
/// answer of the same mix, pipelined (8 × 32, throughput) and one request at a time (1 × 1,
/// p99), runs interleaved round by round.
///
/// The mean answer is measured, not assumed: every request of the mix's pool is sent once
/// (`OnePass`) and the bytes of the replies, every line and newline up to and including the
/// final `OK offers=n` line, are divided by their number. The runs cycle through the same
/// pool, so that is the mean of what they move.
enum SizedRedisGet {
    /// The mixes, with how the report names them.
    static let mixes = [
        ("eval-customer-1", "customer in 1 audience"), ("eval-code", "by code"), ("eval-customer-20", "customer in 20 audiences"),
    ]

    static func measure(
        _ bench: Workbench, report: Issue17Report, port: UInt16, redis: RedisBaseline, population: Population,
        scale: CatalogScale, seconds: Double, repeats: Int
    ) throws {
        var pairs: [(eval: Mix, get: Mix, summary: String, bytes: Int)] = []
        var sizes = "Mean EVAL answer per mix (every request of its pool sent once, replies' bytes ÷ replies), "
        sizes += "the size of the Redis value its GET reads:\n\n| Mix | Requests | Mean answer bytes | Data lines per answer |\n|---|---:|---:|---:|\n"
        for (name, summary) in mixes {
            let eval = Suite.mix(named: name, population, scale: scale)!
            let pool = eval.lines!
            let pass = try OnePass.run(port: port, lines: pool.lines, expecting: .eval)
            if pass.failures > 0 {
                report.clean = false
                note("\(name): \(pass.failures) failed replies in the sizing pass: \(pass.firstProblem ?? "")")
            }
            let bytes = Int(pass.meanBytes.rounded())
            note(String(format: "%@: mean answer %.1f bytes over %d replies", name, pass.meanBytes, pass.replies))
            let key = "bench:answer:\(name)"
            try redis.store(key: key, bytes: bytes)
            let get = Mix.redisGet(key: key, bytes: bytes, name: "redis-get \(bytes) B (as \(name))")
            pairs.append((eval, get, summary, bytes))
            sizes += String(format: "| %@ | %d | %.1f | %.1f |\n", name, pass.replies, pass.meanBytes,
                            Double(pass.dataLines) / Double(max(1, pass.replies)))
        }
        report.sections.append(sizes)

        // Pipelined, round-robin: each round runs every EVAL mix and its GET back to back.
        for _ in 0..<max(1, repeats) {
            for pair in pairs {
                for mix in [pair.eval, pair.get] {
                    let p = mix.resp ? redis.port : port
                    report.runs.add(mix.name, connections: 8, depth: 32, try bench.measure(mix, port: p, connections: 8, depth: 32, seconds: seconds))
                }
            }
        }
        for pair in pairs {
            let name = "EVAL ≥ 0.8 × Redis GET of the mean answer (\(pair.bytes) B), 8 × 32, \(pair.summary)"
            guard let r = report.runs.pairedRatio(pair.eval.name, pair.get.name, connections: 8, depth: 32, of: \.requestsPerSecond) else { continue }
            let measured = String(format: "%.3f × (rounds: %@; medians %@ vs %@ req/s)", r.ratio, r.rounds, Report.grouped(r.a), Report.grouped(r.b))
            report.target(name, measured, met: pair.eval.name == "eval-customer-20" ? nil : r.ratio >= 0.8)
        }

        // One connection, one request at a time: a client that sleeps between replies (as a
        // storefront), then one that busy-polls (no client-side wake-up in the figure).
        for spin in [false, true] {
            let suffix = spin ? " (client busy-polls)" : ""
            for _ in 0..<max(1, repeats) {
                for pair in pairs {
                    for mix in [pair.eval, pair.get] {
                        let p = mix.resp ? redis.port : port
                        report.runs.add(mix.name, connections: 1, depth: 1,
                                        try bench.measure(mix, port: p, connections: 1, depth: 1, seconds: seconds, spin: spin),
                                        label: mix.name + suffix)
                    }
                }
            }
            for pair in pairs {
                guard let r = report.runs.pairedRatio(
                    pair.eval.name + suffix, pair.get.name + suffix, connections: 1, depth: 1, of: { $0.latency.summary.p99 })
                else { continue }
                let measured = String(format: "%.2f × (rounds: %@; p99 %.0f vs %.0f µs)", r.ratio, r.rounds, r.a, r.b)
                // The target is the storefront's client (it sleeps); the busy-polling one is
                // reported beside it (on a shared 2-core VM its p99 is mostly the neighbours').
                report.target("EVAL p99 ≤ 1.5 × Redis GET p99, 1 × 1, \(pair.summary)\(suffix)", measured, met: spin ? nil : r.ratio <= 1.5)
            }
        }
    }
}
