import Synchronization
import TesseraCore

/// What a start needs from the ledger (issue 17): the durable sums of every commit and
/// the holds still live, not every hold ever made.
public struct LedgerStart: Sendable {
    /// Commits summed per offer, and the counts STATS reads (`totals.slots` is empty).
    public var totals: UsageTotals
    /// Commits summed per slot, packed (there may be millions).
    public var slots: SlotCounts
    /// Holds the ledger has as held whose `expires` is after the start's first reading.
    public var liveHolds: [HoldRecord]
    /// The highest member id any hold took from (SPEC §8 Member ids).
    public var highestMemberID: Int64
}

extension Ledger {
    /// Reads the sums and the live holds as of `now` (the clock's first reading), in one
    /// read transaction on a connection of its own: a few rows per slot with usage and
    /// per live hold, however many finished holds the ledger keeps. The live holds come
    /// through the index of held holds by expiry, so expired ones are not even visited.
    public func loadStart(at now: Instant) throws(LedgerError) -> LedgerStart {
        let database = try LedgerSchema.open(path: path, options: options, create: false)
        do {
            try database.execute("BEGIN")
            defer { database.rollbackIfActive() }
            var totals = UsageTotals()
            var highest: Int64 = 0
            let counts = try database.prepare("SELECT name, value FROM ledger_counts")
            while try counts.step() == .row {
                let value = counts.int64(at: 1)
                switch counts.text(at: 0) {
                case "holds": totals.holds = Int(value)
                case "committed": totals.committedHolds = Int(value)
                case "highest_member": highest = value
                default: break
                }
            }
            let slots = try database.prepare(
                "SELECT offer_id, member_key, event_id, period_start, quantity FROM usage_slots")
            var packed = SlotCounts()
            packed.reserveCapacity(try LedgerSchema.count(database, "SELECT count(*) FROM usage_slots"))
            while try slots.step() == .row {
                let keyText = slots.text(at: 1)
                guard let member = MemberKey(ledgerText: keyText) else {
                    throw LedgerError(path: path, "the usage totals have an unreadable member key '\(keyText)'")
                }
                let slot = UsageSlot(
                    offer: slots.text(at: 0), member: member, event: slots.isNull(at: 2) ? nil : slots.text(at: 2),
                    periodStart: slots.isNull(at: 3) ? nil : Instant(seconds: slots.int64(at: 3)))
                packed.add(slot, Int(slots.int64(at: 4)))
            }
            let offers = try database.prepare("SELECT offer_id, quantity, amount FROM usage_offers")
            while try offers.step() == .row {
                totals.offers[offers.text(at: 0)] = OfferTotal(
                    quantity: Int(offers.int64(at: 1)), amount: Int(offers.int64(at: 2)))
            }
            let live = try database.prepare(Self.liveHoldsSQL)
            try live.bind(now.seconds, at: 1)
            var seqs: [Int64] = []
            while try live.step() == .row { seqs.append(live.int64(at: 0)) }
            seqs.sort()  // write order, as the full load gives them
            let queries = try HoldQueries(database, path: path)
            var liveHolds: [HoldRecord] = []
            liveHolds.reserveCapacity(seqs.count)
            for seq in seqs {
                do throws(LedgerQueryError) {
                    if let record = try queries.record(seq: seq) { liveHolds.append(record) }
                } catch {
                    throw error.ledgerError(path: path)
                }
            }
            return LedgerStart(totals: totals, slots: packed, liveHolds: liveHolds, highestMemberID: highest)
        } catch let error as LedgerError {
            throw error
        } catch let error as SQLiteError {
            throw LedgerError(path: path, "cannot read the ledger: \(error.description)")
        } catch {
            throw LedgerError(path: path, "cannot read the ledger: \(error)")
        }
    }

    /// The live holds as of `?1`: through the partial index `holds_live`, which holds only
    /// held holds. No `ORDER BY seq`: with it SQLite scans every hold in `seq` order (3 s on
    /// 10 million) instead of the index (a test checks the plan).
    static let liveHoldsSQL = "SELECT seq FROM holds WHERE state = 'held' AND expires_at > ?1"

    /// The hold `id` as the ledger has it, or nil: for a request that names a hold memory
    /// no longer keeps (a repeat of an old HOLD, a COMMIT or RELEASE of a finished one, a
    /// refund of an old commit). One read by the unique index, a few tens of µs.
    ///
    /// On a read-only connection of its own, never the writer's: the writer thread owns
    /// that one, and reading here never waits for a batch (WAL readers do not block the
    /// writer, nor it them). Race-free because memory keeps every hold with a write in
    /// flight (`UsageBook`): a hold asked for here has every change durable, so the
    /// latest commit already shows it. Any thread may call it; one at a time.
    ///
    /// The connection is opened again whenever the writer has dropped its own since (a
    /// failure, the WAL or the ledger file replaced under the server: the writer then
    /// saves what the open files hold and starts new ones, which this connection would
    /// not see), and once more when a read fails.
    public func storedHold(id: String) throws(LedgerError) -> HoldRecord? {
        let epoch = writerEpoch.value
        return try reader.withLock { (connection: inout HoldReader?) throws(LedgerError) -> HoldRecord? in
            if connection?.epoch != epoch { connection = nil }
            var attempt = 0
            while true {
                attempt += 1
                do throws(LedgerQueryError) {
                    if connection == nil {
                        do throws(SQLiteError) {
                            let database = try Database(path: path, mode: .readOnly, busyTimeout: options.busyTimeout)
                            connection = HoldReader(queries: try HoldQueries(database, path: path), epoch: epoch)
                        } catch {
                            throw LedgerQueryError.sqlite(error)
                        }
                    }
                    return try connection!.queries.record(id: id)
                } catch {
                    connection = nil
                    if attempt == 2 { throw error.ledgerError(path: path) }
                }
            }
        }
    }
}

/// The read connection `storedHold` keeps open between reads, and the writer's epoch
/// (`LedgerEpoch`) when it was opened.
struct HoldReader {
    let queries: HoldQueries
    let epoch: UInt64
}

/// Counts the connections the writer has dropped: a reader opened before the latest one
/// may look at files the writer no longer writes.
final class LedgerEpoch: Sendable {
    private let counter = Atomic<UInt64>(0)
    var value: UInt64 { counter.load(ordering: .acquiring) }
    func advance() { counter.add(1, ordering: .releasing) }
}
