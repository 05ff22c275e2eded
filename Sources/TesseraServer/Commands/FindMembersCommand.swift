import TesseraCore
import TesseraProtocol
import TesseraStore

extension TesseraService {
    /// The most MEMBER lines one FIND_MEMBERS sends (SPEC §8).
    static let findMembersLimit = 1000

    /// FIND_MEMBERS (SPEC §8): which members are found, and how many, is the served
    /// catalog's answer; their values are read from the file, which keeps them as sent (the
    /// served catalog keeps e-mails and codes normalised, and a million members' values
    /// twice would double its largest part). Later lines of the connection wait for it.
    func findMembers(_ request: Request) throws(ErrorReply) -> CommandOutcome {
        let audienceID = request.required("audience")
        let catalog = snapshot.catalog
        guard let audience = catalog.audience(id: audienceID) else {
            throw ErrorReply(.unknownAudience, [.init("audience", audienceID)])
        }
        let (listed, count) = catalog.findMembers(
            in: audience, customer: request.value("customer"), email: request.value("email"), code: request.value("code"),
            limit: Self.findMembersLimit)
        guard let writer = catalogWriter, !listed.isEmpty else {
            return .deferred(pauseInput: false) { $0(Self.findMembersReply([], count: count)) }
        }
        return .deferred(pauseInput: true) { [self] complete in
            writer.read(ids: listed) { [self] result in
                post { [self] in
                    switch result {
                    case .success(let rows):
                        complete(Self.findMembersReply(rows, count: count))
                    case .failure(let error):
                        stats.count(.unavailable)
                        var out = ReplyWriter(capacity: 128)
                        ErrorReply(.unavailable, msg: error.message).write(to: &out)
                        complete(out.bytes)
                    }
                }
            }
        }
    }

    /// MEMBER lines (a key only where the column has a value; times as UTC with seconds),
    /// then `OK count=`.
    static func findMembersReply(_ rows: [StoredMemberRow], count: Int) -> [UInt8] {
        var out = ReplyWriter(capacity: 128 + rows.count * 96)
        for row in rows {
            out.word("MEMBER")
            out.field("id", String(row.id))
            out.field("audience", row.audienceID)
            for (key, value) in row.values {
                if key == "valid_from" || key == "valid_until", let instant = Instant(iso8601: value) {
                    out.field(key, instant.iso8601)
                } else {
                    out.field(key, value)
                }
            }
            out.endLine()
        }
        out.word("OK")
        out.field("count", count)
        out.endLine()
        return out.bytes
    }
}
