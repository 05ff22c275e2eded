import TesseraCore
import TesseraStore
import TesseraProtocol

extension TesseraService {
    /// HOLD (SPEC §4, checks in §6's order): plan all-or-nothing, count it in
    /// memory at once (so racing requests see it), answer once it is durable.
    func hold(_ request: Request, time: inout RequestTime) throws(ErrorReply) -> CommandOutcome {
        let id = request.required("id")
        guard !id.isEmpty else { throw .badRequest("id must not be empty") }
        let items = try Self.items(request.values("item"))
        let units = items.reduce(0) { $0 + $1.quantity }
        guard units <= HoldItem.maxUnitsPerHold else {
            throw .badRequest("a hold takes at most \(HoldItem.maxUnitsPerHold) units; this one asks for \(units)")
        }
        let ttl = try request.wholeNumber("ttl", in: 1...2_592_000) ?? options.defaultHoldTTL
        let eventID = request.required("event")
        let shopper = Shopper(customer: request.value("customer"), email: request.value("email"), codes: request.values("code"))
        let content = HoldContent(event: eventID, shopper: shopper, items: items, ttl: ttl).text

        let now = advanceClock(&time)
        if let existing = try findHold(id)?.record {
            guard existing.content == content else {
                throw ErrorReply(.conflict, [.init("id", id)], msg: "this id holds other content")
            }
            return durableReply(.barrier, reply: existing.reply)
        }
        let catalog = snapshot.catalog  // once: the plan and its HELD lines come from one load
        let takes: [OfferTake]
        do throws(HoldRefusal) {
            takes = try catalog.planHold(event: eventID, shopper: shopper, items: items, at: now, usage: book)
        } catch {
            throw Self.errorReply(for: error)
        }

        var out = ReplyWriter(capacity: 128)
        for take in takes {
            out.word("HELD")
            out.field("offer", take.offerID)
            out.field("qty", take.quantity)
            out.field("remaining", limit: take.remainingAfter)
            // SPEC §7: after this hold, which the book does not count yet.
            if let left = catalog.budgetLeft(offerID: take.offerID, usage: book) {
                out.field("budget_left", max(0, left - take.amount))
            }
            out.endLine()
        }
        let expires = now.adding(seconds: Int64(ttl))
        out.word("OK")
        out.field("id", id)
        out.field("expires", expires)
        out.endLine()
        let record = HoldRecord(id: id, content: content, reply: out.bytes, createdAt: now, expiresAt: expires, takes: takes)
        book.insert(record)
        return durableReply(.hold(record), reply: out.bytes)
    }

    /// COMMIT (SPEC §4, §6): a held hold becomes a redemption; repeating it answers OK and keeps the first order.
    /// Expired is the book's word, not `now < expires`: once the clock has reached
    /// the expiry, a clock set back does not make the hold committable again.
    func commit(_ request: Request, time: inout RequestTime) throws(ErrorReply) -> CommandOutcome {
        let id = request.required("id")
        let now = advanceClock(&time)
        guard let found = try findHold(id) else { throw ErrorReply(.unknownHold, [.init("id", id)]) }
        var record = found.record
        let reply = Self.stateReply(id: id, state: .committed)
        switch record.state {
        case .committed:
            return durableReply(.barrier, reply: reply)
        case .released:
            throw ErrorReply(.released, [.init("id", id)])
        case .held:
            guard !found.isExpired(in: book) else { throw ErrorReply(.expired, [.init("id", id)]) }
            record.state = .committed
            record.order = request.value("order")
            book.update(record)
            return durableReply(.commit(id: id, order: record.order, at: now), reply: reply)
        }
    }

    /// RELEASE (SPEC §4, §6): gives a hold back, or refunds a commit; idempotent.
    /// With items, only those units (SPEC §7 Partial refunds, `refund`).
    func release(_ request: Request, time: inout RequestTime) throws(ErrorReply) -> CommandOutcome {
        let id = request.required("id")
        guard request.values("item").isEmpty else { return try refund(request, id: id, time: &time) }
        guard request.value("refund") == nil else {
            throw .badRequest("refund= names a partial release and needs item=; RELEASE id= alone releases everything")
        }
        let now = advanceClock(&time)
        guard let found = try findHold(id) else { throw ErrorReply(.unknownHold, [.init("id", id)]) }
        var record = found.record
        let reply = Self.stateReply(id: id, state: .released)
        if record.state == .released { return durableReply(.barrier, reply: reply) }
        found.bringBack(into: book)
        record.state = .released
        book.update(record)
        return durableReply(.release(id: id, at: now), reply: reply)
    }

    /// Answers `reply` once `write` is durable; `ERR unavailable` if it could
    /// not be written, after putting memory back to what is durable.
    func durableReply(_ write: LedgerWrite, reply: [UInt8]) -> CommandOutcome {
        guard let ledger else {
            // Nothing is durable without a ledger: memory goes back to what is.
            if case .barrier = write {} else { book.resetToDurable() }
            return .deferred(pauseInput: false) { $0(Self.unavailableReply) }
        }
        let generation = ledgerGeneration
        // Now, not when the write is submitted: from this request on, the hold must stay
        // in memory until the ledger has it as memory does (UsageBook, issue 17).
        let holdID = write.holdID
        if let holdID { book.beginWrite(holdID) }
        return .deferred(pauseInput: false) { [self] complete in
            ledger.submit(write) { [self] durable in
                assertInLoop()
                if durable {
                    book.confirm(write)
                    if ledgerDegraded {
                        ledgerDegraded = false
                        onLedgerRecovered()
                    }
                    complete(reply)
                } else {
                    recoverFromLedgerFailure(generation: generation)
                    if let holdID { book.endWrite(holdID) }
                    stats.count(.unavailable)
                    complete(Self.unavailableReply)
                }
            }
        }
    }

    /// After a failed write: memory goes back to exactly what is durable, and
    /// the ledger may try new writes. Once per failure, not per failed write;
    /// logged when it starts, or when its cause changes, not once per request.
    /// The book is reset, not built anew from the clock's reading: holds that
    /// expired before the failure stay expired when the clock was set back.
    private func recoverFromLedgerFailure(generation: Int) {
        guard generation == ledgerGeneration, let ledger else { return }
        ledgerGeneration += 1
        let message = ledger.lastFailure ?? "unknown error"
        if !ledgerDegraded || message != lastLoggedLedgerFailure {
            onLedgerFailure(message)
            lastLoggedLedgerFailure = message
        }
        ledgerDegraded = true
        book.resetToDurable()
        ledger.acknowledgeFailure()
    }

    /// The request's instant (the clock read once per request, see
    /// `RequestTime`), with usage brought up to it at that reading: expired
    /// holds stop counting.
    @discardableResult
    func advanceClock(_ time: inout RequestTime) -> Instant {
        let now = time.now(clock)
        book.advance(to: now)
        return now
    }

    static let unavailableReply: [UInt8] = {
        var out = ReplyWriter(capacity: 64)
        ErrorReply(.unavailable, msg: "the ledger cannot write now; nothing changed").write(to: &out)
        return out.bytes
    }()

    static func stateReply(id: String, state: HoldRecord.State) -> [UInt8] {
        var out = ReplyWriter(capacity: 64)
        out.word("OK")
        out.field("id", id)
        out.field("state", state.rawValue)
        out.endLine()
        return out.bytes
    }

    /// `item=<offer>:<ticket>:<qty>`: split on the raw `:`, then decode (SPEC §6 Items).
    /// An offer part that is `*` once decoded (`%2A` too) means any offer (SPEC §7).
    static func items(_ values: [String]) throws(ErrorReply) -> [HoldItem] {
        var items: [HoldItem] = []
        for value in values {
            let parts = value.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3 else { throw .badRequest("item must be <offer>:<ticket>:<qty>") }
            guard let offer = decode(parts[0]), let ticket = decode(parts[1]) else {
                throw .badRequest("bad % escape in item")
            }
            guard let qty = Int(parts[2]), qty >= 1, qty <= HoldItem.maxUnitsPerHold,
                parts[2].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            else { throw .badRequest("item quantity must be a whole number from 1 to \(HoldItem.maxUnitsPerHold)") }
            items.append(HoldItem(offerID: offer, ticketID: ticket, quantity: qty))
        }
        return items
    }

    private static func decode(_ text: Substring) -> String? {
        var text = String(text)
        return text.withUTF8 { utf8 in
            PercentCoding.decode(UnsafeRawBufferPointer(utf8)).flatMap { String(validating: $0, as: UTF8.self) }
        }
    }

    static func errorReply(for refusal: HoldRefusal) -> ErrorReply {
        switch refusal {
        case .unknownEvent(let event): ErrorReply(.unknownEvent, [.init("event", event)])
        case .unknownOffer(let offer): ErrorReply(.unknownOffer, [.init("offer", offer)])
        case .unknownTicket(let offer, let ticket):
            ErrorReply(.unknownTicket, [.init("offer", offer), .init("ticket", ticket)])
        case .notEligible(let offer): ErrorReply(.notEligible, [.init("offer", offer)])
        case .belowMinimum(let offer, let min):
            ErrorReply(.belowMinimum, [.init("offer", offer), .init("min", String(min))])
        case .perOrderExceeded(let offer, let max):
            ErrorReply(.perOrderExceeded, [.init("offer", offer), .init("max", String(max))])
        case .limitReached(let offer, let remaining):
            ErrorReply(.limitReached, [.init("offer", offer), .init("remaining", String(remaining))])
        case .budgetExhausted(let offer, let budgetLeft):
            ErrorReply(.budgetExhausted, [.init("offer", offer), .init("budget_left", String(budgetLeft))])
        case .noOfferSells(let ticket):
            ErrorReply(.notEligible, [.init("offer", HoldItem.anyOffer), .init("ticket", ticket)])
        case .offersRunOut(let ticket, let remaining):
            ErrorReply(
                .limitReached,
                [.init("offer", HoldItem.anyOffer), .init("ticket", ticket), .init("remaining", String(remaining))])
        }
    }
}
