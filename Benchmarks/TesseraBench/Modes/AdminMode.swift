import Foundation

/// `tessera-bench admin [--rows N]`: CSV import and code generation timings of
/// issue 4, measured by `runAdminBenchmark` in AdminBenchmark.swift (written
/// with that issue). Until that file exists, the placeholder below is the only
/// candidate and the mode says so; once it exists, its exact signature wins
/// over this `@_disfavoredOverload` stand-in and the mode runs it, with no
/// other change here.
enum AdminMode {
    static let options: Set<String> = ["rows"]

    static func run(_ options: Options) throws -> Int32 {
        let bench = try Workbench(options)
        let rows = try options.int("rows", default: 100_000)
        let directory = bench.directory + "/admin-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let timings: [(name: String, seconds: Double)]? = try runAdminBenchmark(rows: rows, directory: directory)
        guard let timings else {
            print("admin: not available yet: Benchmarks/TesseraBench/AdminBenchmark.swift (issue 4) is not in this build")
            return 2
        }
        for (name, seconds) in timings {
            print(String(format: "%-32@ %9.3f s  %10.0f rows/s", name, seconds, seconds > 0 ? Double(rows) / seconds : 0))
        }
        return 0
    }
}

/// Stand-in until AdminBenchmark.swift provides the real function (same
/// name and parameters, non-optional result), which the compiler then prefers.
@_disfavoredOverload
func runAdminBenchmark(rows: Int, directory: String) throws -> [(name: String, seconds: Double)]? { nil }
