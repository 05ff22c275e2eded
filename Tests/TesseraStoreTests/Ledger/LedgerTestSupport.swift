import Dispatch
import Foundation
import Synchronization
import Testing

@testable import TesseraCore
@testable import TesseraStore

/// Records completions as the writer delivers them, and lets a test wait for them
/// with a deadline, so a ledger bug fails the test instead of hanging it.
final class CompletionLog: Sendable {
    private let entries = Mutex<[(tag: Int, ok: Bool)]>([])
    private let deliveryCount = Mutex(0)
    private let arrived = DispatchSemaphore(value: 0)

    /// Runs the batch's closure at once, on the writer thread: the test stands in for
    /// the event loop.
    var deliver: @Sendable (@escaping @Sendable () -> Void) -> Void {
        { [self] work in
            deliveryCount.withLock { $0 += 1 }
            work()
        }
    }

    func completion(_ tag: Int) -> @Sendable (Bool) -> Void {
        { [self] ok in
            entries.withLock { $0.append((tag, ok)) }
            arrived.signal()
        }
    }

    /// Waits until `count` more completions have arrived; false on timeout.
    func wait(for count: Int, seconds: Double = 20) -> Bool {
        let deadline = DispatchTime.now() + seconds
        for _ in 0..<count where arrived.wait(timeout: deadline) == .timedOut { return false }
        return true
    }

    var tags: [Int] { entries.withLock { $0.map(\.tag) } }
    var results: [Int: Bool] { entries.withLock { Dictionary($0.map { ($0.tag, $0.ok) }, uniquingKeysWith: { a, _ in a }) } }
    var deliveries: Int { deliveryCount.withLock { $0 } }
}

extension Ledger {
    /// Submits `writes` tagged by their index (plus `firstTag`) and waits for all of
    /// them; returns each one's result in submit order.
    func write(_ writes: [LedgerWrite], log: CompletionLog, firstTag: Int = 0) throws -> [Bool] {
        for (index, write) in writes.enumerated() { submit(write, completion: log.completion(firstTag + index)) }
        try #require(log.wait(for: writes.count), "ledger completions timed out")
        let results = log.results
        return writes.indices.map { results[firstTag + $0] ?? false }
    }
}

enum LedgerSamples {
    static func allocation(_ offer: String, _ member: MemberKey, event: String?, period: Int64?, _ quantity: Int) -> Allocation {
        Allocation(
            slot: UsageSlot(offer: offer, member: member, event: event, periodStart: period.map { Instant(seconds: $0) }),
            quantity: quantity)
    }

    /// A hold with two offers: one limited with a member row and an attendee, one
    /// unlimited with no event (scope 'all') and no period.
    static func hold(_ id: String, created: Int64 = 1_800_000_000, reply: [UInt8]? = nil) -> HoldRecord {
        HoldRecord(
            id: id, content: "event=gala item=vip:seated:2 code=vip321 ttl=900 ✓",
            reply: reply ?? Array("HELD offer=vip qty=2 remaining=3\r\nOK id=\(id)\r\n".utf8) + [0, 255],
            createdAt: Instant(seconds: created), expiresAt: Instant(seconds: created + 900),
            takes: [
                OfferTake(
                    offerID: "vip", quantity: 2, remainingAfter: 3,
                    allocations: [
                        allocation("vip", .row(42), event: "gala", period: 1_799_971_200, 1),
                        allocation("vip", .attendee("c-7|ann@example.com|BAR-1|1"), event: "gala", period: 1_799_971_200, 1),
                    ]),
                OfferTake(
                    offerID: "promo", quantity: 1, remainingAfter: nil,
                    allocations: [allocation("promo", .row(-3), event: nil, period: nil, 1)]),
            ])
    }

    /// What the ledger must hold after `writes`: `LedgerWrite.apply`, in hold order.
    static func expected(after writes: [LedgerWrite]) -> [HoldRecord] {
        var records = HoldTable()
        var order: [String] = []
        for write in writes {
            if case .hold(let record) = write, records[record.id] == nil { order.append(record.id) }
            write.apply(to: &records)
        }
        return order.compactMap { records[$0] }
    }
}
