import Foundation
import Glibc

/// What some hardening tests need of the machine beyond a temporary directory: a small
/// file system of their own (a tmpfs, which only root may mount), or another user to run
/// the server as (root ignores file modes, so a read-only file stops only someone else).
/// CI runs as root and has both; where a test cannot have one, its trait skips it, and
/// Swift Testing prints the reason with the skip.
enum TestMachine {
    /// Runs a system command to its end; its status and what it printed.
    @discardableResult
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// A tmpfs can be mounted here (root, and a kernel that lets this container mount).
    static let canMount: Bool = {
        guard getuid() == 0, let volume = try? SmallVolume(megabytes: 1) else { return false }
        volume.remove()
        return true
    }()

    /// The unprivileged user tests run the server as.
    static let nobody: (uid: uid_t, gid: gid_t) = (65534, 65534)

    /// `setpriv` running what follows as `nobody`, when this process may do that.
    static let asNobody: [String]? = {
        let candidates: [String] = ["/usr/bin/setpriv", "/bin/setpriv"]
        let setpriv = candidates.first { access($0, X_OK) == 0 }
        guard getuid() == 0, let setpriv else { return nil }
        let launcher = [setpriv, "--reuid=\(nobody.uid)", "--regid=\(nobody.gid)", "--clear-groups"]
        return run(launcher + ["/bin/true"]).status == 0 ? launcher : nil
    }()
}

/// A tmpfs of a few MiB mounted on a new temporary directory: a disk that really fills.
final class SmallVolume {
    let path: String

    init(megabytes: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-volume-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mounted = TestMachine.run(["mount", "-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path])
        guard mounted.status == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw TestClientError("cannot mount a tmpfs on \(path): \(mounted.output)")
        }
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes zeros into `name` until the volume is full; the bytes written.
    @discardableResult
    func fill(_ name: String) -> Int {
        let fd = open(file(name), O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 4096)
        var total = 0
        while true {
            let n = block.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            total += n
        }
        // A last partial page may still fit.
        while (block.withUnsafeBytes { write(fd, $0.baseAddress, 1) }) == 1 { total += 1 }
        return total
    }

    func remove() {
        TestMachine.run(["umount", "-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }
}
