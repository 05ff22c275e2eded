import Foundation
import Glibc
import TesseraServer

/// The Tessera server a run measures, either
/// - a separate `tessera serve` process (the default when the `tessera`
///   executable is built beside `tessera-bench`): its memory is its own, read
///   from /proc, and its start-up time includes loading the catalog; or
/// - a `TesseraRunner` in this process on its own thread (what the smoke run
///   uses, since `swift run tessera-bench` need not build `tessera`): the
///   ledger's counters are readable, memory is shared with the generator.
/// Either way it listens on an ephemeral loopback port with a fresh ledger.
final class ServerUnderTest: @unchecked Sendable {
    enum Kind: String { case process, inProcess = "in-process" }

    let kind: Kind
    let port: UInt16
    /// The server's process id (this process's when in-process).
    let pid: Int32
    /// Wall time from start to listening (process: spawn to the "serving" log line).
    let startSeconds: Double
    /// The catalog load time the server itself reports.
    let catalogLoadMilliseconds: Int
    let ledgerPath: String
    /// False for a ledger the caller gave (a history to start on): `stop()` leaves it.
    private let ownsLedger: Bool

    private let runner: TesseraRunner?
    private let thread: Thread?
    private let done = DispatchSemaphore(value: 0)
    private let child: Process?
    private var stopped = false

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// `tessera` beside this executable, if it was built.
    static var siblingBinary: String? {
        guard let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let path = (me as NSString).deletingLastPathComponent + "/tessera"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    static func start(
        kind requested: Kind?, binary: String?, catalog: String?, directory: String, extraArguments: [String] = [],
        environment: [String: String] = [:], ledger existing: String? = nil
    ) throws -> ServerUnderTest {
        let ledger = existing ?? "\(directory)/bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).ledger"
        let owns = existing == nil
        switch requested ?? ((binary ?? siblingBinary) != nil ? .process : .inProcess) {
        case .process:
            guard let binary = binary ?? siblingBinary else {
                throw Failure(description: "no tessera executable: build it (swift build --product tessera) or pass --server-binary")
            }
            return try ServerUnderTest(
                binary: binary, catalog: catalog, ledger: ledger, ownsLedger: owns, extraArguments: extraArguments,
                environment: environment)
        case .inProcess:
            guard extraArguments.isEmpty, environment.isEmpty else {
                throw Failure(description: "serve arguments \(extraArguments) need a tessera serve process, not an in-process server")
            }
            return try ServerUnderTest(catalog: catalog, ledger: ledger, ownsLedger: owns)
        }
    }

    /// In this process, on a thread of its own.
    private init(catalog: String?, ledger: String, ownsLedger: Bool) throws {
        self.ownsLedger = ownsLedger
        var configuration = ServeConfiguration()
        configuration.port = 0
        configuration.catalog = catalog
        configuration.ledger = ledger
        let started = monotonicNanos()
        let runner = try TesseraRunner(configuration: configuration)
        startSeconds = Double(monotonicNanos() - started) / 1e9
        self.runner = runner
        kind = .inProcess
        port = runner.server.boundPort
        pid = getpid()
        catalogLoadMilliseconds = runner.service.snapshot.loadMilliseconds
        ledgerPath = ledger
        child = nil
        let done = done
        let thread = Thread { runner.run(signals: false); done.signal() }
        thread.name = "tessera-server"
        self.thread = thread
        thread.start()
    }

    /// `tessera serve` as a child, with `environment` on top of this process's (the
    /// counting allocator's `LD_PRELOAD`); waits for its "serving … on HOST:PORT" line.
    private init(
        binary: String, catalog: String?, ledger: String, ownsLedger: Bool, extraArguments: [String],
        environment: [String: String]
    ) throws {
        self.ownsLedger = ownsLedger
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        var arguments = ["serve", "--listen", "127.0.0.1:0", "--ledger", ledger]
        if let catalog { arguments += ["--catalog", catalog] }
        process.arguments = arguments + extraArguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        let started = monotonicNanos()
        try process.run()
        // The log line: "… INFO serving <catalog> with ledger <path> on 127.0.0.1:<port>: offers=… load_ms=<n>".
        var text = ""
        var found: (port: UInt16, loadMS: Int)?
        while found == nil {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }  // EOF: the server exited
            text += String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n") where line.contains(" INFO serving ") {
                found = Self.parseServing(String(line))
            }
        }
        guard let found else {
            process.waitUntilExit()
            throw Failure(description: "tessera serve did not start (status \(process.terminationStatus)): \(text)")
        }
        startSeconds = Double(monotonicNanos() - started) / 1e9
        kind = .process
        port = found.port
        pid = process.processIdentifier
        catalogLoadMilliseconds = found.loadMS
        ledgerPath = ledger
        child = process
        runner = nil
        thread = nil
        // Keep draining its log (reload lines are echoed), so it never blocks on a full pipe.
        let reader = pipe.fileHandleForReading
        let drain = Thread {
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                FileHandle.standardError.write(data)
            }
        }
        drain.start()
    }

    static func parseServing(_ line: String) -> (UInt16, Int)? {
        guard let on = line.range(of: " on ", options: .backwards) else { return nil }
        let rest = line[on.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let afterHost = rest[rest.index(after: colon)...]
        guard let port = UInt16(afterHost.prefix { $0.isNumber }) else { return nil }
        var loadMS = 0
        if let range = line.range(of: "load_ms=") {
            loadMS = Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        return (port, loadMS)
    }

    /// Resident memory of the server process (of this whole process when in-process).
    var memory: (current: Int, peak: Int)? { ProcessMemory.resident(pid: pid) }

    /// The ledger's group-commit counters (in-process only).
    var ledgerCounters: (batches: Int, writes: Int)? {
        guard let ledger = runner?.service.ledger else { return nil }
        return (ledger.batchesWritten, ledger.writesWritten)
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        if let runner {
            runner.shutdown()
            _ = done.wait(timeout: .now() + 30)
        }
        if let child, child.isRunning {
            kill(child.processIdentifier, SIGTERM)
            child.waitUntilExit()
        }
        guard ownsLedger else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ledgerPath + suffix) }
    }

    deinit { stop() }
}
