import Foundation

/// The report of `tessera-bench issue17`: each target of issue 17 with its measured value
/// and whether it is met, the runs behind them (`Report`'s table), and each part's details.
final class Issue17Report {
    struct Target {
        var name: String
        var measured: String
        /// nil: reported, no target (the 20-audience ratio), or not measured.
        var met: Bool?
    }

    /// The throughput and latency runs, rows by label, as the suite keeps them.
    let runs: Report
    let catalog: CatalogScale
    var targets: [Target] = []
    /// Markdown sections of details, in the order the parts ran.
    var sections: [String] = []
    /// False when a run or a pass had an ERR or a malformed reply (the exit status says so).
    var clean = true
    private let loadAtStart = Machine.loadAverage
    private let cpuAtStart = CPUTimes.now()

    init(catalog: CatalogScale, seconds: Double, repeats: Int, maxSteal: Double?) {
        self.catalog = catalog
        runs = Report(catalog: catalog, seconds: seconds, repeats: repeats, maxSteal: maxSteal)
    }

    func target(_ name: String, _ measured: String, met: Bool?) {
        targets.append(Target(name: name, measured: measured, met: met))
        print("target: \(name): \(measured) → \(met.map { $0 ? "met" : "NOT met" } ?? "reported")")
        fflush(nil)
    }

    var allClean: Bool { clean && runs.allClean }

    func markdown() -> String {
        var md = "Measured \(Report.timestamp()) on \(Machine.description); "
        md += String(format: "load average %.2f at the start, %.2f at the end; the hypervisor took (steal) %.0f %% of the CPU time meanwhile.\n",
                     loadAtStart, Machine.loadAverage, CPUTimes.now().stealPercent(since: cpuAtStart))
        md += "Catalog: \(catalog.name), \(catalog). Throughput runs: \(runs.repeats) interleaved rounds of "
        md += String(format: "%g s after a 1 s warm-up, each ratio the median of the rounds' ratios", runs.seconds)
        if let maxSteal = runs.maxSteal {
            md += String(format: "; runs during which the hypervisor took more than %.0f %% of the CPU were run again (up to %d times)", maxSteal, Workbench.stealRetries)
        }
        md += ".\n\n| Target (issue 17) | Measured | Met |\n|---|---|---|\n"
        for t in targets {
            md += "| \(t.name) | \(t.measured) | \(t.met.map { $0 ? "yes" : "**no**" } ?? "n/a") |\n"
        }
        if !runs.rows.isEmpty { md += "\n" + runs.runsTable() }
        for section in sections { md += "\n" + section }
        return md
    }
}
