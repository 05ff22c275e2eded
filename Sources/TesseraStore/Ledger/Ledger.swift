import Dispatch
import Foundation
import Synchronization
import TesseraCore

/// The durable usage ledger: a SQLite database of its own, written by one
/// writer thread with group commit, so concurrent clients share one fsync.
///
/// `submit` only queues. The writer takes everything queued at once, writes it in one
/// transaction (WAL, `synchronous=FULL`: fsync'd at COMMIT) and hands the batch's
/// completions to `deliver` in one closure, in submit order. While it writes, new
/// submissions gather for the next batch, so the busier the server, the more writes
/// share each fsync.
///
/// After a failed batch the ledger stays failed: every write already queued or
/// submitted later completes `false` untried, until the loop has rebuilt its state and
/// calls `acknowledgeFailure()`. So a write that follows a failed one is never made
/// durable on top of state the loop has already rolled back.
public final class Ledger: @unchecked Sendable {
    /// How the ledger opens its file.
    public struct Options: Sendable {
        /// Milliseconds a batch waits for another process's lock on the file (a backup,
        /// a `sqlite3` shell) before it fails with `SQLITE_BUSY`.
        public var busyTimeout: Int32
        /// Caps the file at this many pages: a write beyond it fails with `SQLITE_FULL`,
        /// as on a full disk. For tests; nil in production.
        public var maxPageCount: Int?
        /// WAL pages appended before the writer checkpoints between batches (four times
        /// as many while writes keep it busy); smaller in tests.
        ///
        /// This bounds the WAL file: at most `4 × checkpointPages` pages plus one batch
        /// (4 MiB and a little with the default 256 pages of 4 KiB), and about
        /// `checkpointPages` pages (1 MiB) where writes come one at a time, since SQLite
        /// reuses the file from its beginning after a complete checkpoint. A write that
        /// finds the disk full checkpoints and truncates the WAL to nothing before it gives
        /// up. A quarter of SQLite's own default mark: the ledger's data is small and often
        /// lives on a small volume.
        public var checkpointPages: Int

        public init(busyTimeout: Int32 = 2000, maxPageCount: Int? = nil, checkpointPages: Int = 256) {
            self.busyTimeout = busyTimeout
            self.maxPageCount = maxPageCount
            self.checkpointPages = checkpointPages
        }

        /// The length SQLite cuts the WAL file back to when it starts the log again: the
        /// bound itself, not less, since a file cut shorter grows again under load, and
        /// each fsync that grows a file also writes its metadata (a quarter fewer durable
        /// HOLD+COMMIT pairs per second, measured, with 1 MiB here).
        var walBytesKept: Int { max(checkpointPages, 1) * 4 * 4096 }
    }

    public let path: String
    public let options: Options

    /// The discount of one unit of an offer (id) for a ticket type (id) in the catalog
    /// served now, 0 for ids it does not have: what upgrading a version-1 ledger stores
    /// for the holds it already has (SPEC §7 Ledger upgrade).
    public typealias UnitAmount = @Sendable (_ offerID: String, _ ticketID: String) -> Int

    /// One submitted write. `epoch` is the number of failures acknowledged before it was
    /// submitted: a write from an earlier epoch than the current one was submitted
    /// while the ledger was failed, and is refused untried.
    struct Pending {
        let write: LedgerWrite
        let completion: @Sendable (Bool) -> Void
        let epoch: UInt64
    }

    private struct State {
        var queue: [Pending] = []
        var started = false
        /// `close()` has begun: submissions are refused, the writer drains and exits.
        var closed = false
        /// The writer waits on `wake`; the next submission must signal it.
        var writerIdle = false
        var deliver: (@Sendable (@escaping @Sendable () -> Void) -> Void)?
        var failed = false
        var epoch: UInt64 = 0
        var lastFailure: String?
        var batchesWritten = 0
        var writesWritten = 0
        var batchesFailed = 0
        var checkpoints = 0
    }

    private let state = Mutex(State())
    /// Wakes an idle writer; signalled once per idle period, not per write.
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled by the writer thread as it exits: `close()` joins on it.
    private let stopped = DispatchSemaphore(value: 0)
    /// Writer-confined (or the closing thread's, once the writer has stopped).
    private let writer: LedgerWriter
    /// The batch being written; swapped with the queue so neither buffer is reallocated.
    private var batch: [Pending] = []
    /// The read connection of `storedHold`, opened at its first read.
    let reader = Mutex<HoldReader?>(nil)
    /// Advanced by the writer each time it drops its connection (`storedHold` reopens).
    let writerEpoch = LedgerEpoch()

    /// Opens (creating if needed) the ledger at `path`.
    public convenience init(path: String, unitAmount: @escaping UnitAmount = { _, _ in 0 }) throws(LedgerError) {
        try self.init(path: path, options: Options(), unitAmount: unitAmount)
    }

    /// Opens (creating if needed) the ledger at `path`. A file that is not a Tessera
    /// ledger (another database, another file, a newer schema) is refused, untouched.
    ///
    /// The ledger is locked first (`LedgerLock`): a ledger another server holds is refused
    /// before SQLite touches it. A ledger that can be read but not written (a read-only
    /// file or file system) opens all the same, `isReadOnly`: usage is read from it, and
    /// writes fail until it can be written again.
    ///
    /// A ledger of an earlier format is upgraded in place first; `unitAmount` gives the
    /// amounts of the units of its holds (the server passes its catalog's; without one,
    /// every amount is 0).
    public init(
        path: String, options: Options, unitAmount: @escaping UnitAmount = { _, _ in 0 }
    ) throws(LedgerError) {
        self.path = path
        self.options = options
        lock = try LedgerLock(path: path, create: true)
        let database = try LedgerSchema.open(path: path, options: options, create: true, unitAmount: unitAmount)
        isReadOnly = database.isReadOnly
        writer = try LedgerWriter(path: path, options: options, database: database, lock: lock, epoch: writerEpoch)
        // Start from an empty WAL: what an earlier run (or an earlier version, whose WAL had
        // no bound) left in it moves into the ledger file. Best effort: on a full disk the
        // first write tries again.
        if !isReadOnly { writer.compact() }
    }

    /// The ledger could not be written when it was opened; writes are tried all the same
    /// and succeed once it can be.
    public let isReadOnly: Bool

    /// Held from `init` to `close()`: one server per ledger.
    private let lock: LedgerLock

    /// Starts the writer thread. `deliver` runs a closure on the event loop thread.
    /// Calls after the first (or after `close()`) do nothing.
    public func start(deliver: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void) {
        let first = state.withLock { s -> Bool in
            guard !s.started, !s.closed else { return false }
            s.started = true
            s.deliver = deliver
            return true
        }
        guard first else { return }
        let thread = Thread { [self] in
            while writeNextBatch(deliver: deliver) {}
            stopped.signal()
        }
        thread.name = "tessera-ledger"
        thread.start()
    }

    /// Queues `write`; `completion(true)` once it is on disk (fsync'd), `false` if
    /// it was not written. Completions run through `deliver`, in submit order.
    ///
    /// Called from the event loop thread. After `close()` it completes `false` at once
    /// (through `deliver` when started).
    public func submit(_ write: LedgerWrite, completion: @escaping @Sendable (Bool) -> Void) {
        enum Outcome { case queued, wake, refused((@Sendable (@escaping @Sendable () -> Void) -> Void)?) }
        let outcome = state.withLock { s -> Outcome in
            if s.closed { return .refused(s.deliver) }
            s.queue.append(Pending(write: write, completion: completion, epoch: s.epoch))
            guard s.writerIdle else { return .queued }
            s.writerIdle = false
            return .wake
        }
        switch outcome {
        case .queued: break
        case .wake: wake.signal()
        case .refused(let deliver?): deliver { completion(false) }
        case .refused(nil): completion(false)
        }
    }

    /// After a failed write, every write already queued or submitted fails
    /// without being tried, until the loop calls this (having rebuilt its
    /// state from what is durable). Writes after it are tried again.
    public func acknowledgeFailure() {
        state.withLock { s in
            guard s.failed else { return }
            s.failed = false
            s.epoch &+= 1
        }
    }

    /// Writes everything queued, stops the writer and closes the database.
    ///
    /// Completions of the last batches still go through `deliver`; `close()` does not
    /// wait for them to run (it may be called on the loop thread that runs them).
    /// Never started: the queue is written here and completions run directly.
    /// A second call does nothing.
    public func close() {
        enum Outcome { case already, join(wake: Bool), inline }
        let outcome = state.withLock { s -> Outcome in
            if s.closed { return .already }
            s.closed = true
            guard s.started else { return .inline }
            let idle = s.writerIdle
            s.writerIdle = false
            return .join(wake: idle)
        }
        switch outcome {
        case .already:
            return
        case .join(let wakeWriter):
            if wakeWriter { wake.signal() }
            stopped.wait()
        case .inline:
            while writeNextBatch(deliver: { $0() }) {}
        }
        writer.close()
        reader.withLock { $0 = nil }
        lock.release()
    }

    // MARK: Observing (any thread)

    /// SQLite's message for the latest failed batch (kept until another fails), for the
    /// caller's log: the ledger logs nothing itself.
    public var lastFailure: String? { state.withLock { $0.lastFailure } }

    /// Transactions committed: with group commit, far fewer than writes.
    public var batchesWritten: Int { state.withLock { $0.batchesWritten } }

    /// Writes (other than barriers) committed.
    public var writesWritten: Int { state.withLock { $0.writesWritten } }

    /// Batches that were tried and failed.
    public var batchesFailed: Int { state.withLock { $0.batchesFailed } }

    /// WAL checkpoints the writer has run between batches (`Options.checkpointPages`).
    public var checkpoints: Int { state.withLock { $0.checkpoints } }

    /// A batch failed and `acknowledgeFailure()` has not been called since.
    public var isFailed: Bool { state.withLock { $0.failed } }

    // MARK: Writer

    /// Waits for work, writes one batch and delivers its completions. Returns false
    /// once the ledger is closed and the queue is drained.
    private func writeNextBatch(deliver: (@escaping @Sendable () -> Void) -> Void) -> Bool {
        enum Next { case idle, checkpoint, stop, batch(failed: Bool, epoch: UInt64) }
        var next = Next.idle
        waiting: while true {
            // Nothing queued is the moment to checkpoint, before sleeping.
            let checkpointDue = writer.checkpointDue(idle: true)
            next = state.withLock { s -> Next in
                if !s.queue.isEmpty {
                    swap(&s.queue, &batch)
                    return .batch(failed: s.failed, epoch: s.epoch)
                }
                if s.closed { return .stop }
                // Not marked idle while checkpointing: a submission meanwhile just queues.
                if checkpointDue { return .checkpoint }
                s.writerIdle = true
                return .idle
            }
            switch next {
            case .idle: wake.wait()
            case .checkpoint: checkpoint(idle: true)
            case .stop, .batch: break waiting
            }
        }
        guard case .batch(let failed, let epoch) = next else { return false }

        // Entries from before the current epoch, or all while failed, are refused
        // untried; epochs only grow, so they are a prefix of the batch.
        let firstTried = failed ? batch.count : (batch.firstIndex { $0.epoch >= epoch } ?? batch.count)
        let tried = batch[firstTried...]
        let writes = tried.reduce(0) { count, entry in
            if case .barrier = entry.write { count } else { count + 1 }
        }
        var ok = true
        if writes > 0 {
            do {
                try writer.write(tried)
                state.withLock { s in
                    s.batchesWritten += 1
                    s.writesWritten += writes
                }
            } catch {
                ok = false
                // Failed before delivering: when the loop sees `false` and acknowledges,
                // the failure it acknowledges is already recorded.
                state.withLock { s in
                    s.failed = true
                    s.lastFailure = error.description
                    s.batchesFailed += 1
                }
            }
        }
        let completions = batch.map(\.completion)
        batch.removeAll(keepingCapacity: true)
        let succeeded = ok
        deliver {
            for (index, completion) in completions.enumerated() {
                completion(succeeded && index >= firstTried)
            }
        }
        // Writes that never let the writer idle still get a checkpoint, once the WAL is
        // well past the mark, and only after this batch's completions are on their way.
        if writes > 0 { checkpoint(idle: false) }
        return true
    }

    private func checkpoint(idle: Bool) {
        writer.checkpointIfDue(idle: idle)
        let run = writer.checkpointsRun
        state.withLock { $0.checkpoints = run }
    }
}

/// A ledger problem, with the path and SQLite's message.
public struct LedgerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
