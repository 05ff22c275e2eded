import Dispatch

/// Members and their lookups: the part of a build that scales with a million
/// rows, so it works on row positions and reads the compact rows in place
/// (`MemberRows`), making a `String` only for a value a member keeps or a
/// check needs. The first version copied every row three times (grouping,
/// sorting, reading) and named every row for an error that almost never
/// happens, which together were most of a large catalog's load time.
extension CatalogBuilder {
    /// Per audience its own rows by id, then its attendees in row order (the
    /// order holds take allowance in, SPEC §3). Checks, in row order: duplicate
    /// ids and unknown audiences; then per audience, in id order: quantities,
    /// windows and duplicate codes.
    static func members(
        _ rows: CatalogRows, audiences: inout [Audience], audienceByID: [String: Audience.Index],
        eventByID: [String: Event.Index]
    ) throws(CatalogError) -> ([Member], MemberIDIndex) {
        let memberRows = rows.members
        let rowCount = memberRows.count
        // Each distinct audience id of the rows, resolved once.
        let audienceOfID = memberRows.audienceIDs.map { audienceByID[$0] }
        // Each row's audience, and the rows of each audience in id order: a stable counting sort of positions.
        var audienceOfRow = [Int32](repeating: 0, count: rowCount)
        var groupStart = [Int](repeating: 0, count: audiences.count + 1)
        // Ids read in ascending order (as the loader reads them) cannot repeat: the set of
        // seen ids is only built if the order breaks.
        var seen: Set<Int64>?
        var last = Int64.min
        for i in 0..<rowCount {
            let id = memberRows.id(i)
            if seen == nil, id > last {
                last = id
            } else {
                if seen == nil { seen = Set((0..<i).lazy.map(memberRows.id)) }
                guard seen!.insert(id).inserted else { throw .id("members", String(id), "duplicate id") }
            }
            let interned = memberRows.audience(i)
            guard let a = audienceOfID[interned] else {
                throw .id("members", String(id), "audience_id '\(memberRows.audienceIDs[interned])' is not an audience")
            }
            audienceOfRow[i] = Int32(a.position)
            groupStart[a.position + 1] += 1
        }
        for a in 0..<audiences.count { groupStart[a + 1] += groupStart[a] }
        var order = [Int32](repeating: 0, count: rowCount)
        var next = groupStart
        for i in 0..<rowCount {
            let a = Int(audienceOfRow[i])
            order[next[a]] = Int32(i)
            next[a] += 1
        }
        audienceOfRow = []

        var attendeesByEvent: [Event.Index: [Int]] = [:]
        for (i, row) in rows.attendees.enumerated() {
            if let e = eventByID[row.eventID] { attendeesByEvent[e, default: []].append(i) }
        }

        var members: [Member] = []
        members.reserveCapacity(rowCount + rows.attendees.count)
        // Each row's position in `members`, for the id index (rows are in id order as read).
        var positionOfRow = [Int32](repeating: 0, count: rowCount)
        var interner = MemberExtras.Interner()
        for a in audiences.typedIndices(Audience.Index.self) {
            let start: Member.Index = members.nextIndex()
            let group = groupStart[a.position]..<groupStart[a.position + 1]
            // Rows read in id order are already in id order per audience; others are sorted here.
            if !order[group].isSorted(by: { memberRows.id(Int($0)) < memberRows.id(Int($1)) }) {
                order[group].sort { memberRows.id(Int($0)) < memberRows.id(Int($1)) }
            }
            var codesSeen: [String: Int64] = [:]
            for position in order[group] {
                let row = Int(position)
                let id = memberRows.id(row)
                let quantity = memberRows.quantity(row)
                if let q = quantity, q < 0 {
                    throw .id("members", String(id), "quantity must be >= 0, got \(q)")
                }
                let window = ValidityWindow(
                    from: try time(memberRows.text(row, .validFrom), "members", .id("members", String(id), ""), column: "valid_from"),
                    until: try time(memberRows.text(row, .validUntil), "members", .id("members", String(id), ""), column: "valid_until"))
                let rawCode = memberRows.text(row, .code)
                let code = rawCode.flatMap(Normalization.key)
                if let code {
                    if let other = codesSeen.updateValue(id, forKey: code) {
                        throw .id(
                            "members", String(id),
                            "duplicate code '\(rawCode ?? "")' in audience '\(audiences[a].id)' (also member \(other))")
                    }
                }
                positionOfRow[row] = Int32(members.count)
                let extras = interner.extras(
                    quantity: quantity, category: nonEmpty(memberRows.text(row, .category)),
                    seat: nonEmpty(memberRows.text(row, .seat)), location: memberRows.text(row, .location), window: window)
                members.append(Member(
                    audience: a, key: .row(id), customerID: nonEmpty(memberRows.text(row, .customerID)),
                    email: memberRows.text(row, .email).flatMap(Normalization.key), code: code, extras: extras))
            }
            if let source = audiences[a].sourceEvent {
                appendAttendees(rows.attendees, attendeesByEvent[source] ?? [], audience: a, to: &members)
            }
            audiences[a].members = start..<members.nextIndex()
        }
        let ids = (0..<rowCount).map(memberRows.id)
        return (members, MemberIDIndex(ids: ids, positions: positionOfRow))
    }

    /// One member per attendee row of the audience's source event, keyed by the
    /// row's content and its occurrence number (SPEC §6 Attendee members).
    private static func appendAttendees(
        _ attendees: [AttendeeRow], _ positions: [Int], audience a: Audience.Index, to members: inout [Member]
    ) {
        var occurrences: [String: Int] = [:]
        for i in positions {
            let row = attendees[i]
            let content = [row.customerID ?? "", row.email ?? "", row.barcode ?? ""].joined(separator: "\u{1F}")
            let n = occurrences[content, default: 0] + 1
            occurrences[content] = n
            members.append(Member(
                audience: a, key: .attendee("\(content)\u{1F}\(n)"), customerID: nonEmpty(row.customerID),
                email: row.email.flatMap(Normalization.key), code: row.barcode.flatMap(Normalization.key),
                quantity: nil, category: nil, seat: nil, location: nil, window: .always))
        }
    }

    /// The lookups by customer id, e-mail and code, each sized for the keys it
    /// will hold (sizing all three for every member wasted tens of MiB on a large
    /// catalog). The three are independent and, for a million members, about a
    /// third of the build, so a large catalog builds them on two threads at once.
    static func indexes(of members: [Member]) -> (MemberIndex, MemberIndex, MemberIndex) {
        let built = IndexResults()
        let work: [@Sendable () -> Void] = [
            { built.byCustomer = MemberIndex(.customerID, of: members) },
            {
                built.byEmail = MemberIndex(.email, of: members)
                built.byCode = MemberIndex(.code, of: members)
            },
        ]
        if members.count >= parallelIndexThreshold {
            DispatchQueue.concurrentPerform(iterations: work.count) { work[$0]() }
        } else {
            for item in work { item() }
        }
        return (built.byCustomer, built.byEmail, built.byCode)
    }

    /// Below this many members one thread is quicker than starting a second.
    static let parallelIndexThreshold = 100_000
}

/// Where the index-building threads leave their results; each field is written
/// by one thread and read after `concurrentPerform` has joined them.
private final class IndexResults: @unchecked Sendable {
    var byCustomer = MemberIndex(.customerID)
    var byEmail = MemberIndex(.email)
    var byCode = MemberIndex(.code)
}

extension Collection {
    /// Whether the elements are in the order `areInIncreasingOrder` describes.
    func isSorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> Bool {
        var previous: Element?
        for element in self {
            if let p = previous, areInIncreasingOrder(element, p) { return false }
            previous = element
        }
        return true
    }
}
