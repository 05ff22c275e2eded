import TesseraCore
import TesseraProtocol
import TesseraStore

/// SPEC §8's change verbs: ADD_MEMBER, SET_MEMBER, DEL_MEMBER, ADD_ATTENDEE, DEL_ATTENDEE.
/// `respond` has checked access (forbidden first) and the keys; here the line's values are
/// checked, then the change waits its turn (`LiveChanges`), is checked against the served
/// catalog, written to the file with its batch, applied to the served catalog's delta and
/// answered. Later lines of the connection wait for the answer, so they see the change.
extension TesseraService {
    func membershipChange(_ request: Request) throws(ErrorReply) -> CommandOutcome {
        let parsed = try MembershipRequest.parse(request)
        return .deferred(pauseInput: true) { [self] complete in
            live.waiting.append(LiveChanges.Pending(request: parsed, complete: complete))
            startLiveBatch()
        }
    }

    /// Forms the next batch from the waiting changes and sends it to the file, unless a
    /// batch or a RELOAD is under way (`LiveChanges`).
    func startLiveBatch() {
        assertInLoop()
        guard live.canStartBatch, let writer = catalogWriter else { return }
        let catalog = snapshot.catalog
        var touched = Set<String>()
        var batch: [CheckedChange] = []
        while let next = live.waiting.first {
            let checked: CheckedChange
            do throws(ErrorReply) {
                checked = try check(next, in: catalog)
            } catch {
                // Refused against the catalog as it is: when earlier changes of this batch
                // could change that (freeing a value, say), it is checked again after them.
                if !batch.isEmpty { break }
                live.waiting.removeFirst()
                stats.count(error.code)
                var out = ReplyWriter(capacity: 96)
                error.write(to: &out)
                next.complete(out.bytes)
                continue
            }
            // Depends on a change of this batch: it waits for the next one, and so do those after it.
            if !touched.isDisjoint(with: checked.touches) { break }
            live.waiting.removeFirst()
            touched.formUnion(checked.touches)
            batch.append(checked)
        }
        guard !batch.isEmpty else { return }
        live.inFlight = true
        let sent = batch
        writer.write(sent.map(\.edit)) { [self] result in
            post { [self] in finishLiveBatch(sent, result) }
        }
    }

    /// Applies a batch the file took to the served catalog and answers it; or answers
    /// `unavailable` for a batch it did not take (nothing of it changed). Then lets a
    /// waiting RELOAD run, or the next batch form.
    private func finishLiveBatch(_ batch: [CheckedChange], _ result: Result<[CatalogEditResult], CatalogWriteError>) {
        assertInLoop()
        live.inFlight = false
        switch result {
        case .success(let results):
            live.changesWritten += batch.count
            live.batchesWritten += 1
            let catalog = snapshot.catalog  // RELOAD waited for this batch: the catalog it was checked on
            for (change, outcome) in zip(batch, results) {
                var out = ReplyWriter(capacity: 48)
                out.word("OK")
                switch (change.kind, outcome) {
                case (.add(let audience, let fields), .member(let id)):
                    catalog.applyAdd(id: id, audience: audience, fields: fields)
                    out.field("member", String(id))
                case (.set(let id, let fields), _):
                    catalog.applySet(id: id, fields: fields)
                    out.field("member", String(id))
                case (.delete(let id), _):
                    catalog.applyDelete(id: id)
                    out.field("member", String(id))
                case (.addAttendee(let event, let fields), _):
                    catalog.applyAddAttendee(event: event, fields: fields)
                case (.deleteAttendee(let event, let fields), .removed(let removed)):
                    if removed { catalog.applyDeleteAttendee(event: event, fields: fields) }
                    out.field("removed", removed ? 1 : 0)
                default:
                    break
                }
                out.endLine()
                change.complete(out.bytes)
            }
        case .failure(let error):
            Log.warning("live change refused by the catalog file: \(error)")
            for change in batch {
                stats.count(.unavailable)
                var out = ReplyWriter(capacity: 128)
                ErrorReply(.unavailable, msg: error.message).write(to: &out)
                change.complete(out.bytes)
            }
        }
        if !live.reloadsWaiting.isEmpty {
            let reloads = live.reloadsWaiting
            live.reloadsWaiting = []
            for start in reloads { start() }
        } else {
            startLiveBatch()
        }
    }

    /// SPEC §8's checks against the served catalog, in its order: unknown audience, member
    /// or event; a SET_MEMBER leaving no identity; conflict.
    private func check(_ pending: LiveChanges.Pending, in catalog: Catalog) throws(ErrorReply) -> CheckedChange {
        switch pending.request {
        case .add(let audienceID, let fields):
            guard let a = catalog.audience(id: audienceID) else {
                throw ErrorReply(.unknownAudience, [.init("audience", audienceID)])
            }
            if let holder = catalog.conflict(in: a, with: fields, excluding: nil) {
                throw ErrorReply(.conflict, [.init("member", String(holder))], msg: "one person is one member of an audience")
            }
            return CheckedChange(
                kind: .add(audience: a, fields: fields), edit: .addMember(audienceID: audienceID, fields: fields),
                touches: Set(CheckedChange.valueKeys(fields, audience: a)), complete: pending.complete)
        case .set(let id, let givenValues):
            let m = try servedMember(id, in: catalog)
            let audience = catalog.served[m].audience
            let before = catalog.fields(of: m)
            var after = before
            givenValues.apply(to: &after)
            guard after.hasIdentity else {
                throw .badRequest("SET_MEMBER would leave member \(id) without a customer, email or code")
            }
            // Only the values the request gives are checked: two members a back office wrote
            // with one customer id (the file allows it) can still have their quantity changed.
            var given = MemberFields()
            given.apply(given: givenValues, from: after)
            if let holder = catalog.conflict(in: audience, with: given, excluding: id) {
                throw ErrorReply(.conflict, [.init("member", String(holder))], msg: "one person is one member of an audience")
            }
            var touches = Set(CheckedChange.valueKeys(before, audience: audience) + CheckedChange.valueKeys(after, audience: audience))
            touches.insert("m\u{1F}\(id)")
            return CheckedChange(
                kind: .set(id: id, fields: after), edit: .setMember(id: id, columns: givenValues.columns), touches: touches,
                complete: pending.complete)
        case .delete(let id):
            let m = try servedMember(id, in: catalog)
            var touches = Set(CheckedChange.valueKeys(catalog.fields(of: m), audience: catalog.served[m].audience))
            touches.insert("m\u{1F}\(id)")
            return CheckedChange(kind: .delete(id: id), edit: .deleteMember(id: id), touches: touches, complete: pending.complete)
        case .addAttendee(let eventID, let fields):
            let e = try event(eventID, in: catalog)
            return CheckedChange(
                kind: .addAttendee(event: e, fields: fields), edit: .addAttendee(eventID: eventID, fields: fields),
                touches: ["e\u{1F}\(eventID)"], complete: pending.complete)
        case .deleteAttendee(let eventID, let fields):
            let e = try event(eventID, in: catalog)
            return CheckedChange(
                kind: .deleteAttendee(event: e, fields: fields), edit: .deleteAttendee(eventID: eventID, fields: fields),
                touches: ["e\u{1F}\(eventID)"], complete: pending.complete)
        }
    }

    private func servedMember(_ id: Int64, in catalog: Catalog) throws(ErrorReply) -> Member.Index {
        guard let m = catalog.servedMember(id: id) else { throw ErrorReply(.unknownMember, [.init("member", String(id))]) }
        return m
    }

    private func event(_ id: String, in catalog: Catalog) throws(ErrorReply) -> Event.Index {
        guard let e = catalog.eventByID[id] else { throw ErrorReply(.unknownEvent, [.init("event", id)]) }
        return e
    }
}
