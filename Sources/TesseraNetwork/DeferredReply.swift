import Synchronization

/// A reply's reserved place in a connection's output: bytes sent after it wait until it is filled.
/// Loop-confined (touched only on the loop thread), hence `@unchecked Sendable`: only its
/// connection's `deferReply` and `fill` touch it, and both assert they run on the loop.
final class ReplySlot: @unchecked Sendable {
    /// Input of the connection waits while this is incomplete (RELOAD).
    let pausesInput: Bool
    /// In its connection's queue; a slot made after `closeAfterFlush` or close is not.
    var isQueued = false
    var isComplete = false
    var reply: [UInt8] = []
    /// Replies sent after this slot and before the next one, held until this slot completes.
    /// Appended to by every `send` behind the slot; unchecked for the reason `Connection` gives.
    @exclusivity(unchecked) var trailing: [UInt8] = []

    init(pausesInput: Bool) {
        self.pausesInput = pausesInput
    }
}

/// The promise of a reply computed elsewhere (a ledger write, a catalog reload).
/// Complete it from any thread; the bytes take the reserved place in the reply order.
public final class DeferredReply: Sendable {
    private let loop: EventLoop
    private let connection: Connection
    private let slot: ReplySlot
    private let completed = Atomic(false)

    init(loop: EventLoop, connection: Connection, slot: ReplySlot) {
        self.loop = loop
        self.connection = connection
        self.slot = slot
    }

    /// From any thread, exactly once: the bytes take the reserved place in the reply order.
    /// A second call is ignored (and trips an assertion in debug builds). After the connection
    /// closed, the bytes are dropped.
    public func complete(_ bytes: [UInt8]) {
        let (first, _) = completed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
        guard first else {
            assertionFailure("DeferredReply completed twice")
            return
        }
        deliver(bytes)
    }

    /// A reply forgotten by its owner completes empty, so the connection behind it never stalls.
    deinit {
        if !completed.load(ordering: .acquiring) {
            deliver([])
        }
    }

    private func deliver(_ bytes: [UInt8]) {
        let connection = connection
        let slot = slot
        loop.execute { connection.fill(slot, with: bytes) }
    }
}
