import TesseraCore
import TesseraProtocol

extension TesseraService {
    /// PING: OK.
    func ping(out: inout ReplyWriter) -> CommandOutcome {
        out.word("OK\n")
        return .replied
    }

    /// QUIT: OK, then the connection closes.
    func quit(out: inout ReplyWriter) -> CommandOutcome {
        out.word("OK\n")
        return .close
    }

    /// STATS: one `STAT name= value=` line per counter, then OK.
    func writeStats(out: inout ReplyWriter) -> CommandOutcome {
        let snapshot = snapshot  // once: every catalog line from one load
        func stat(_ name: String, _ value: Int) {
            out.word("STAT")
            out.field("name", name)
            out.field("value", value)
            out.endLine()
        }
        stat("uptime_seconds", uptimeSeconds)
        for (name, value) in extraStats() { stat(name, value) }
        stat("requests_total", stats.totalRequests)
        for spec in CommandTable.all { stat("requests_\(spec.name.lowercased())", stats.requests[spec.verb.ordinal]) }
        stat("errors_total", stats.totalErrors)
        for (i, code) in ErrorCode.allCases.enumerated() { stat("errors_\(code.rawValue)", stats.errors[i]) }
        stat("holds_live", book.liveCount)
        stat("holds_total", book.holdCount)
        stat("ledger_failures", ledgerGeneration)
        stat("ledger_degraded", ledgerDegraded ? 1 : 0)
        stat("catalog_version", snapshot.version)
        stat("catalog_load_ms", snapshot.loadMilliseconds)
        stat("catalog_offers", snapshot.catalog.offerCount)
        stat("catalog_members", snapshot.catalog.memberCount)
        stat("catalog_changes", live.changesWritten)
        stat("catalog_change_batches", live.batchesWritten)
        out.word("OK\n")
        return .replied
    }

    /// CLOCK / CLOCK set=<time>: only with the test clock (SPEC §4, §6).
    /// Usage is brought to the clock before and after a set: a clock set past
    /// a hold's expiry and straight back has still reached it (expiry is final).
    /// The clock is read once, before a set; after it the request's instant is
    /// the one set.
    func clockCommand(_ request: Request, time: inout RequestTime, out: inout ReplyWriter) throws(ErrorReply) -> CommandOutcome {
        guard clock.isTestClock else { throw ErrorReply(.forbidden, msg: "CLOCK needs the server started with --test-clock") }
        if let text = request.value("set") {
            guard let instant = Instant(iso8601: text), Self.clockYears.contains(instant) else {
                throw .badRequest("set must be an ISO 8601 time in the years 2000 to 2999")
            }
            advanceClock(&time)
            clock.set(instant)
            time.set(instant)
            advanceClock(&time)
        }
        out.word("OK")
        out.field("now", time.now(clock))
        out.endLine()
        return .replied
    }

    private static let clockYears = Instant(seconds: 946_684_800)..<Instant(seconds: 32_503_680_000)

    /// AUTH token=: grants the session what the token opens.
    func authenticate(_ request: Request, session: inout Session, out: inout ReplyWriter) throws(ErrorReply) -> CommandOutcome {
        let presented = request.required("token")
        var accepted = false
        if let token = options.token, constantTimeEqual(presented, token) {
            session.authenticated = true
            accepted = true
        }
        if let admin = options.adminToken, constantTimeEqual(presented, admin) {
            session.authenticated = true
            session.admin = true
            accepted = true
        }
        if options.token == nil && options.adminToken == nil { accepted = true }
        guard accepted else { throw ErrorReply(.forbidden, msg: "wrong token") }
        out.word("OK\n")
        return .replied
    }
}

/// Compares secrets in time that depends only on their lengths, so timing
/// does not reveal how much of a guessed token was right.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    var difference = UInt8(x.count == y.count ? 0 : 1)
    for i in 0..<max(x.count, y.count) {
        difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
    }
    return difference == 0
}
