import Glibc
import TesseraStore

/// Shows how far a long operation has come on one line of standard error, rewritten
/// in place at most ten times a second; silent when standard error is not a terminal,
/// so logs and pipes get only the final report.
final class ProgressLine {
    private let label: String
    private let enabled: Bool
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(_ label: String) {
        self.label = label
        enabled = isatty(2) == 1
    }

    func update(_ progress: ImportProgress) {
        guard enabled else { return }
        let now = Self.milliseconds()
        guard now - lastDraw >= 100 else { return }
        lastDraw = now
        var text = "\r\(label): \(Self.grouped(progress.rows))"
        if let total = progress.totalRows { text += " of \(Self.grouped(total))" }
        if let fraction = progress.fraction { text += " (\(Int(fraction * 100))%)" }
        write(text + "\u{1B}[K")
        drawn = true
    }

    /// Clears the line before the report is printed.
    func finish() {
        guard enabled, drawn else { return }
        write("\r\u{1B}[K")
        drawn = false
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }

    private static func milliseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
