import Foundation
import Glibc

/// The machine a report was measured on, read from /proc and uname.
enum Machine {
    static var description: String {
        var info = utsname()
        uname(&info)
        let kernel = withUnsafeBytes(of: &info.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "?"
        let memory = ((try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? "").split(separator: "\n")
            .first { $0.hasPrefix("MemTotal:") }.flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores (\(model)), "
            + String(format: "%.1f GiB", Double(memory) / 1_048_576) + " memory, Linux \(kernel)"
    }

    /// The 1-minute load average: a busy neighbour shows here.
    static var loadAverage: Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : -1
    }
}
