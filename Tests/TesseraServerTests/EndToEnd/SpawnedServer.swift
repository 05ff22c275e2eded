import Foundation
import Glibc

/// `tessera serve` started the way a shell or systemd starts it: `posix_spawn` with an empty
/// signal mask and every signal at its default action, standard input and output on
/// /dev/null, standard error (the log) in a file the test can read, and no other descriptor.
///
/// Not `Foundation.Process`: its child inherits the test runner's signal mask, in which
/// SIGINT, SIGTERM and SIGHUP may already be blocked. A server started that way can never
/// be killed by a signal's default action, which hides exactly the bug a signal test is for.
final class SpawnedServer {
    /// How the process ended, as `waitpid` reports it.
    enum Exit: Equatable, CustomStringConvertible {
        case status(Int32)
        case signal(Int32)

        var description: String {
            switch self {
            case .status(let status): "exit status \(status)"
            case .signal(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// What `start` waits for before it returns.
    enum Readiness {
        /// The log says it serves on its port: requests will be answered.
        case serving
        /// Its main thread blocks SIGINT, SIGTERM and SIGHUP: from here on no signal may kill
        /// it, though the catalog may still be loading and the port not yet bound.
        case signalsBlocked
    }

    static let handledSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    let pid: pid_t
    let port: UInt16
    /// The process's standard error.
    let logPath: String
    private(set) var exit: Exit?

    /// Starts `tessera serve --listen 127.0.0.1:<free port> arguments…`, its log in `directory`,
    /// and waits (bounded) for `readiness`. `launcher` goes before the command (`setpriv …` to
    /// run it as another user), and `executable` replaces the built `tessera`. `port` asks for
    /// that port (a server restarted where its clients expect it) instead of a free one.
    static func start(
        _ arguments: [String], in directory: URL, until readiness: Readiness = .serving,
        launcher: [String] = [], executable: String = TesseraProcess.executable.path, port: UInt16? = nil
    ) throws -> SpawnedServer {
        for _ in 0..<5 {
            let server = try spawn(arguments, in: directory, launcher: launcher, executable: executable, port: port)
            if try server.wait(for: readiness) { return server }
            // Another process took the port between the probe and the server's bind: try another.
            if let port { throw TestClientError("port \(port) is taken") }
        }
        throw TestClientError("tessera found no free port in 5 tries")
    }

    /// Starts a server that is expected to refuse to start, and waits (bounded) for its exit.
    static func startExpectingExit(_ arguments: [String], in directory: URL) throws -> SpawnedServer {
        let server = try spawn(arguments, in: directory, launcher: [], executable: TesseraProcess.executable.path)
        server.waitForExit()
        return server
    }

    private static func spawn(
        _ arguments: [String], in directory: URL, launcher: [String], executable: String, port: UInt16? = nil
    ) throws -> SpawnedServer {
        let port = try port ?? Loopback.freePort()
        let logPath = directory.appendingPathComponent("tessera-\(port)-\(UUID().uuidString).log").path
        let serve = ["serve", "--listen", "127.0.0.1:\(port)"] + arguments
        return try SpawnedServer(command: launcher + [executable] + serve, port: port, logPath: logPath)
    }

    private init(command: [String], port: UInt16, logPath: String) throws {
        self.port = port
        self.logPath = logPath
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        try Self.check("posix_spawnattr_setsigmask", posix_spawnattr_setsigmask(&attributes, &empty))
        try Self.check("posix_spawnattr_setsigdefault", posix_spawnattr_setsigdefault(&attributes, &all))
        try Self.check(
            "posix_spawnattr_setflags",
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        try Self.check("addopen", posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0))
        try Self.check("addopen", posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0))
        try Self.check("addopen", posix_spawn_file_actions_addopen(&actions, 2, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644))
        try Self.check("addclosefrom", Self.addCloseFrom(&actions, 3))

        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        try Self.check("posix_spawn", posix_spawn(&pid, command[0], &actions, &attributes, argv, environ))
        self.pid = pid
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), which Glibc's Swift module
    /// does not declare: the child keeps only the descriptors it is given, as a shell's child
    /// does, not every descriptor of the test runner that lacks FD_CLOEXEC. Looked up at run
    /// time rather than declared in CSystemLinux: a test file importing that module makes the
    /// socket constants it includes textually invisible to test files that import only Glibc.
    private static let addCloseFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        // RTLD_DEFAULT, which is a null handle in glibc.
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("glibc 2.34 or later is needed: posix_spawn_file_actions_addclosefrom_np is missing")
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    deinit {
        if exit == nil {
            Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
    }

    // MARK: Observing

    /// Everything logged so far.
    var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Whether the process has not exited yet (reaping it if it has).
    var isRunning: Bool {
        reap(blocking: false)
        return exit == nil
    }

    func client() throws -> TestClient { try TestClient(port: port) }

    /// A bare socket, for what a client library would never send.
    func rawClient() throws -> RawSocketClient { try RawSocketClient(port: port) }

    /// The blocked-signal mask of each of the process's threads, by thread id (from /proc).
    func blockedSignalsByThread() -> [Int32: Set<Int32>] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var masks: [Int32: Set<Int32>] = [:]
        for task in tasks {
            if let thread = Int32(task), let mask = Self.blockedSignals(statusPath: "/proc/\(pid)/task/\(task)/status") {
                masks[thread] = mask
            }
        }
        return masks
    }

    private static func blockedSignals(statusPath: String) -> Set<Int32>? {
        guard let status = try? String(contentsOfFile: statusPath, encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigBlk:") }),
            let bits = UInt64(line.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return nil }
        return Set((1...64).filter { bits & (1 << UInt64($0 - 1)) != 0 }.map(Int32.init))
    }

    // MARK: Acting

    func send(_ signal: Int32) {
        Glibc.kill(pid, signal)
    }

    /// Stops the process (SIGSTOP) and waits (bounded) until it is stopped: from then on it
    /// reads nothing, so whatever a client sends it cannot have run.
    func freeze() throws {
        Glibc.kill(pid, SIGSTOP)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            // /proc/<pid>/stat: "pid (comm) state …"; the state follows the last ')'.
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"), stat[close...].dropFirst(2).first == "T"
            {
                return
            }
            usleep(1_000)
        }
        throw TestClientError("tessera did not stop after SIGSTOP")
    }

    /// Waits (bounded, so a hung server fails the test instead of hanging it) for `condition`
    /// to hold of the log; false if the process exits or the bound passes first.
    func waitForLog(timeoutSeconds: Double = 30, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if condition(log) { return true }
            if !isRunning { return condition(log) }
            usleep(2_000)
        }
        return false
    }

    /// Waits (bounded) for the process to exit; nil if it is still running at the bound.
    @discardableResult
    func waitForExit(timeoutSeconds: Double = 30) -> Exit? {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while exit == nil, Date() < deadline {
            reap(blocking: false)
            if exit == nil { usleep(2_000) }
        }
        return exit
    }

    // MARK: Helpers

    /// True once `readiness` holds; false if the server gave up because its port was taken.
    private func wait(for readiness: Readiness) throws -> Bool {
        let serving = " on 127.0.0.1:\(port): offers="
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            switch readiness {
            case .serving:
                if log.contains(serving) { return true }
            case .signalsBlocked:
                let main = Self.blockedSignals(statusPath: "/proc/\(pid)/task/\(pid)/status") ?? []
                if main.isSuperset(of: Self.handledSignals) { return true }
            }
            if !isRunning {
                if log.contains("address already in use") { return false }
                throw TestClientError("tessera ended (\(exit!)) before it was ready; log:\n\(log)")
            }
            usleep(2_000)
        }
        throw TestClientError("tessera was not ready after 30 s; log:\n\(log)")
    }

    private func reap(blocking: Bool) {
        guard exit == nil else { return }
        var status: Int32 = 0
        guard waitpid(pid, &status, blocking ? 0 : WNOHANG) == pid else { return }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        exit = status & 0x7f == 0 ? .status((status >> 8) & 0xff) : .signal(status & 0x7f)
    }

    /// A loopback port below the ephemeral range (so no outgoing connection takes it) that
    /// nothing listens on right now.

    private static func check(_ call: String, _ status: Int32) throws {
        if status != 0 { throw TestClientError("\(call) failed: errno \(status)") }
    }
}
