import Foundation

/// Resident memory of a process from `/proc/<pid>/status`: `VmRSS` (now) and
/// `VmHWM` (the peak since it started), in bytes.
enum ProcessMemory {
    static func resident(pid: Int32) -> (current: Int, peak: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        var current: Int?
        var peak: Int?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("VmRSS:") { current = kilobytes(line) }
            if line.hasPrefix("VmHWM:") { peak = kilobytes(line) }
        }
        guard let current, let peak else { return nil }
        return (current * 1024, peak * 1024)
    }

    private static func kilobytes(_ line: Substring) -> Int? {
        line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}
