/// What the generator expects back for one request it sent: which data lines
/// may come before the final `OK`/`ERR` line (SPEC §4), or which RESP reply
/// Redis sends. Kept per request in each connection's ring of outstanding requests.
enum Expectation: UInt8, Sendable {
    /// `OK`, no data lines.
    case ok
    /// OFFER / TICKET / SEAT / CODE lines, then `OK offers=<n>` with n = the OFFER lines.
    case eval
    /// HELD lines, then `OK id=… expires=…`.
    case hold
    /// `OK id=… state=committed`.
    case commit
    /// Redis `+PONG`.
    case redisPong
    /// Redis bulk string or null bulk (`GET`).
    case redisBulk

    /// Whether an `ERR` line is a correct answer here. The benchmark's
    /// workloads are built so that none is: every ERR is counted as an error.
    var isRESP: Bool { self == .redisPong || self == .redisBulk }
}

/// Counts of what came back, per connection and summed per run.
struct ReplyTally: Sendable {
    /// Complete, well-formed replies of the expected kind.
    var ok: UInt64 = 0
    /// Well-formed `ERR` replies (never expected by these workloads).
    var errors: UInt64 = 0
    /// Replies that broke the protocol: unknown line kinds, wrong counts,
    /// bytes with no request outstanding, a connection closed mid-reply.
    var malformed: UInt64 = 0
    /// Data lines seen (OFFER, TICKET, …): the size of the answers.
    var dataLines: UInt64 = 0
    /// Reply bytes read.
    var bytes: UInt64 = 0
    /// The first few problems, verbatim, for the report.
    var samples: [String] = []

    mutating func note(_ problem: String) {
        if samples.count < 5 { samples.append(problem) }
    }

    mutating func merge(_ other: ReplyTally) {
        ok += other.ok
        errors += other.errors
        malformed += other.malformed
        dataLines += other.dataLines
        bytes += other.bytes
        for sample in other.samples { note(sample) }
    }

    var replies: UInt64 { ok + errors + malformed }
}
