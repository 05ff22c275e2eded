import Dispatch
import Glibc
import TesseraCore
import TesseraStore
import TesseraProtocol

/// The request layer: the current catalog snapshot, the clock, usage and
/// counters, and the dispatch from a parsed request to its command.
/// Confined to the event-loop thread; only `reload` leaves it, to load a
/// catalog on a background queue, and comes back through `post`. Checked in
/// debug builds: the entry points call `assertInLoop()`.
///
/// The properties read or counted on every request are `@exclusivity(unchecked)`:
/// only the loop thread touches them, never re-entrantly, and the runtime's
/// dynamic exclusivity checks were a measurable share of a request.
public final class TesseraService: @unchecked Sendable {
    /// The catalog and everything derived from it, swapped whole by `install`.
    /// A request reads it once (`let snapshot = self.snapshot`) and uses only
    /// that local: see `Snapshot`.
    @exclusivity(unchecked) public private(set) var snapshot: Snapshot
    public let source: CatalogSource
    public let options: ServiceOptions
    /// Read by requests only through `RequestTime`: once per request.
    @exclusivity(unchecked) var clock: ServerClock
    /// Live usage, counted the moment a hold is granted; also what the ledger has made
    /// durable of the holds it keeps (memory returns to it after a failed write).
    @exclusivity(unchecked) public internal(set) var book: UsageBook
    /// nil: holds are answered `ERR unavailable` (no ledger configured).
    public let ledger: Ledger?
    /// Bumped at each recovery from a failed ledger write.
    var ledgerGeneration = 0
    /// Since the last failed write, no write has succeeded yet.
    var ledgerDegraded = false
    /// The failure last told to `onLedgerFailure`, so a lasting one is logged once.
    var lastLoggedLedgerFailure: String?
    /// Told when a ledger write fails, and when writes succeed again (for the log).
    public var onLedgerFailure: (String) -> Void = { _ in }
    public var onLedgerRecovered: () -> Void = {}
    /// Told when a finished hold cannot be read back from the ledger (for the log).
    public var onLedgerReadFailure: (String) -> Void = { _ in }
    @exclusivity(unchecked) public var stats = ServiceStats()
    /// EVAL's answer, reused by every EVAL: its arrays keep their storage (issue 17).
    @exclusivity(unchecked) var evaluation = Evaluation()
    /// The request being answered, parsed in place: its arguments keep their storage.
    @exclusivity(unchecked) var request = Request(verb: .ping, arguments: [])
    /// Extra STAT lines from other layers (connections), set by the runner.
    public var extraStats: () -> [(String, Int)] = { [] }
    /// Runs work on the loop thread; the runner sets it to the server's `execute`.
    public var post: @Sendable (@escaping @Sendable () -> Void) -> Void = { $0() }
    /// Whether the calling thread may touch the service's loop-confined state; the runner sets
    /// it to the server's `inLoopOrNotRunning`. Without a server (a test driving `respond`
    /// directly) the caller confines the service itself, and this says yes. Only evaluated
    /// inside `assert`, so release builds never call it.
    public var isOnLoopThread: @Sendable () -> Bool = { true }
    /// Told of every reload outcome (for the log).
    public var onReload: (Result<(offers: Int, members: Int, ms: Int), CatalogError>) -> Void = { _ in }

    /// The configuration the server runs with, for INFO's options; the runner sets it. nil
    /// for a service made without one (tests): INFO then lists no options.
    public var configuration: ServeConfiguration?
    /// The address the listener is bound to (HOST:PORT), for INFO; the runner sets it.
    public var listenAddress: String?

    /// Writes SPEC §8's live changes to the catalog file; nil for the built-in demo, which
    /// has no file (the verbs answer `forbidden` there).
    public let catalogWriter: CatalogWriter?
    /// The order live changes and RELOADs take (see `LiveChanges`); loop only.
    var live = LiveChanges()

    let reloadQueue = DispatchQueue(label: "tessera.reload")
    let startedAt = Monotonic.now()

    /// Whole seconds since the service started (STATS, INFO).
    var uptimeSeconds: Int { Int((Monotonic.now() - startedAt) / 1_000_000_000) }

    /// Loads the catalog; a broken one throws, so start-up can exit non-zero.
    /// Usage starts from the ledger's durable sums of commits and its live holds as of
    /// the clock's first reading, where the clock starts from (SPEC §6): holds that
    /// expired by then, while the server was down too, no longer count.
    /// `realTime` is where the clock reads real time (tests pass their own).
    public convenience init(
        source: CatalogSource, options: ServiceOptions, ledger: Ledger?,
        realTime: @escaping @Sendable () -> Instant = ServerClock.systemTime
    ) throws {
        try self.init(source: source, options: options, realTime: realTime, openLedger: { _ in ledger })
    }

    /// Loads the catalog, then calls `openLedger`: a catalog that does not load leaves
    /// no ledger file behind (a mistyped `--catalog` must not create `missing.db.ledger`).
    /// `openLedger` gets the loaded catalog: upgrading an older ledger needs its amounts.
    public init(
        source: CatalogSource, options: ServiceOptions,
        realTime: @escaping @Sendable () -> Instant = ServerClock.systemTime, openLedger: (Catalog) throws -> Ledger?
    ) throws {
        self.snapshot = try Snapshot.load(source)
        self.source = source
        self.options = options
        self.clock = ServerClock(testClock: options.testClock, realTime: realTime)
        let ledger = try openLedger(snapshot.catalog)
        self.ledger = ledger
        self.ledgerDegraded = ledger?.isReadOnly ?? false
        var startTime = RequestTime()
        let now = startTime.now(clock)
        let start: LedgerStart?
        do {
            start = try ledger?.loadStart(at: now)
        } catch {
            ledger?.close()
            throw error
        }
        if case .file(let path) = source {
            catalogWriter = CatalogWriter(path: path, idFloor: (start?.highestMemberID ?? 0) + 1)
        } else {
            catalogWriter = nil
        }
        // With a ledger, finished holds stay on disk (issue 17); without one nothing is
        // durable, and a book with nothing in it keeps nothing either.
        if let start {
            self.book = UsageBook(totals: start.totals, slots: start.slots, liveHolds: start.liveHolds, at: now)
        } else {
            self.book = UsageBook(records: [], at: now)
        }
    }

    /// Swaps in a freshly loaded snapshot, numbered after the current one, in
    /// one assignment (on the loop thread).
    func install(_ loaded: Snapshot) {
        assertInLoop()
        snapshot = loaded.numbered(after: snapshot)
    }

    /// Stops a debug build when the service is used off its loop thread (see `isOnLoopThread`).
    @inline(__always)
    func assertInLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(isOnLoopThread(), "TesseraService used off the loop thread", file: file, line: line)
    }

    /// A session as a new connection starts it.
    public func newSession() -> Session {
        Session(authenticated: options.token == nil, admin: options.adminToken == nil)
    }

    /// Answers one request line into `out`. Never throws: every problem is an
    /// `ERR` line, and the connection stays usable.
    public func respond(to line: UnsafeRawBufferPointer, session: inout Session, out: inout ReplyWriter) -> CommandOutcome {
        assertInLoop()
        do throws(ErrorReply) {
            let parsed: Bool
            do throws(ErrorReply) {
                parsed = try RequestParser.parse(line, into: &request)
            } catch {
                // A membership verb's line that does not parse (a bad escape) still answers
                // `forbidden` first to a caller without access (SPEC §8).
                if let verb = Self.leadingVerb(line), CommandTable.spec(for: verb).flags.contains(.membership) {
                    try checkAccess(verb, session: session)
                }
                throw error
            }
            guard parsed else { return .replied }
            stats.count(request.verb)
            // What the verb's row says it needs, checked here for every verb, in the order the
            // README gives: the keys, then AUTH (and the admin token), then the verb's own checks.
            // A §8 membership verb checks access first (SPEC §8: `forbidden` before any look at
            // the arguments), so a caller without the token learns nothing from its keys.
            let membership = CommandTable.spec(for: request.verb).flags.contains(.membership)
            if membership { try checkAccess(request.verb, session: session) }
            let flags = try CommandTable.validate(request)
            if !membership { try checkAccess(request.verb, flags: flags, session: session) }
            return try execute(request, session: &session, out: &out)
        } catch {
            stats.count(error.code)
            error.write(to: &out)
            return .replied
        }
    }

    /// The verb of the line's first word, or nil.
    private static func leadingVerb(_ line: UnsafeRawBufferPointer) -> Verb? {
        var start = 0
        while start < line.count, line[start] == UInt8(ascii: " ") { start += 1 }
        var end = start
        while end < line.count, line[end] != UInt8(ascii: " ") { end += 1 }
        return Verb(token: UnsafeRawBufferPointer(rebasing: line[start..<end]))
    }

    /// AUTH and the admin token as the verb's row asks; for a §8 verb, also a catalog file
    /// to change (the built-in demo has none).
    @inline(__always)
    private func checkAccess(
        _ verb: Verb, flags: CommandSpec.Flags? = nil, session: Session
    ) throws(ErrorReply) {
        let flags = flags ?? CommandTable.spec(for: verb).flags
        if flags.contains(.needsAuth) && !session.authenticated {
            throw ErrorReply(.forbidden, msg: "AUTH first")
        }
        if flags.contains(.needsAdmin) && !session.admin {
            throw ErrorReply(.forbidden, msg: "\(verb.name) needs the admin token")
        }
        if flags.contains(.membership), source.isDemo {
            throw ErrorReply(.forbidden, msg: "\(verb.name) changes a catalog file, and the server serves the built-in demo")
        }
    }

    /// The answer to a line over the limit (SPEC §4).
    public func oversizedLine(out: inout ReplyWriter) {
        assertInLoop()
        let error = ErrorReply(.lineTooLong, msg: "line longer than the limit")
        stats.count(error.code)
        error.write(to: &out)
    }
}

/// A monotonic clock for durations (load times, uptime), never the rules' clock.
enum Monotonic {
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func milliseconds(since start: Int64) -> Int { Int((now() - start) / 1_000_000) }
}
