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

/// The machine's CPU time from /proc/stat, to tell how much of it a hypervisor
/// took ("steal"): on a shared virtual machine that, more than the load average,
/// is what makes one run slower than the next.
struct CPUTimes {
    var steal: UInt64
    var total: UInt64

    static func now() -> CPUTimes {
        let stat = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
        guard let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else {
            return CPUTimes(steal: 0, total: 0)
        }
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        let total = fields.prefix(8).reduce(0, +)
        return CPUTimes(steal: fields.count > 7 ? fields[7] : 0, total: total)
    }

    /// Percent of the CPU time since `earlier` that the hypervisor stole.
    func stealPercent(since earlier: CPUTimes) -> Double {
        let total = self.total &- earlier.total
        return total > 0 ? 100 * Double(steal &- earlier.steal) / Double(total) : 0
    }
}
