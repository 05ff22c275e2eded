import Foundation

/// `tessera-bench <mode> [options]`: the load generator and performance
/// report of issue 5. Each mode is one file in Modes/.
let modes: [(name: String, options: Set<String>, summary: String, run: @Sendable (Options) throws -> Int32)] = [
    ("smoke", SmokeMode.options, "a few seconds on a small catalog; exit 0 iff every reply was well-formed (CI)", SmokeMode.run),
    ("suite", Suite.options, "every figure of the performance report, with ratios and targets", Suite.run),
    ("issue17", Issue17Mode.options, "issue 17's targets: EVAL vs Redis GET sized per mix, cost growth, allocations, memory", Issue17Mode.run),
    ("run", RunMode.options, "one mix (--mix \(Suite.mixNames.joined(separator: "|"))) at chosen settings", RunMode.run),
    ("catalog", CatalogMode.options, "generate a catalog and measure its load time and memory", CatalogMode.run),
    ("reload", ReloadMode.options, "client latency during a RELOAD of the large catalog under load", ReloadMode.run),
    ("durable", DurableMode.options, "durable HOLD+COMMIT pairs/s over 16 connections, and the cost of one fsync", DurableMode.run),
    ("live", LiveMode.options, "SPEC §8: a live change's server cost and EVAL before/after 100,000 changes", LiveMode.run),
    ("history", HistoryMode.options, "issue 17: start-up time and memory on 10M finished holds vs an empty ledger", HistoryMode.run),
    ("admin", AdminMode.options, "CSV import and code generation timings (issue 4)", AdminMode.run),
]

@MainActor func usage() -> String {
    var text = "usage: tessera-bench <mode> [options]\n\nmodes:\n"
    for mode in modes { text += "  \(mode.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(mode.summary)\n" }
    text += """

        common options: --dir DIR (catalogs and ledgers; default $TMPDIR/tessera-bench)
                        --server process|in-process   --server-binary PATH   --client-threads N
                        --serve-arg=ARGS (more `tessera serve` arguments, e.g. --serve-arg=--busy-poll-us=50)
                        --max-steal PCT (run again, up to 4 times, when the hypervisor took more CPU)
        Build with -c release for figures; see the README's Performance section.

        """
    return text
}

let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first, let mode = modes.first(where: { $0.name == name }) else {
    print(usage(), terminator: "")
    exit(arguments.first.map { ["-h", "--help", "help"].contains($0) } == true ? 0 : 2)
}
do {
    let options = try Options(arguments.dropFirst())
    try options.check(allowed: mode.options.union(Workbench.commonOptions))
    exit(try mode.run(options))
} catch let error as UsageError {
    FileHandle.standardError.write(Data("tessera-bench \(name): \(error)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("tessera-bench \(name): \(error)\n".utf8))
    exit(1)
}
