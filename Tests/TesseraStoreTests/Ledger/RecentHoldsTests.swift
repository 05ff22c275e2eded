import Testing

@testable import TesseraCore
@testable import TesseraStore

@Suite struct RecentHoldsTests {
    @Test func theOldestGoFirstOnceFullAndARewriteKeepsItsPlace() {
        var recent = RecentHolds(capacity: 3)
        for id in ["a", "b", "c"] { recent.note(id, LedgerSamples.hold(id)) }
        var committed = LedgerSamples.hold("a")
        committed.state = .committed
        recent.note("a", committed)
        #expect(recent["a"]?.state == .committed)
        recent.note("d", LedgerSamples.hold("d"))
        #expect(recent["a"] == nil && recent["b"] != nil && recent["d"] != nil)
        recent.note("b", nil)
        #expect(recent["b"] == nil)
        recent.removeAll()
        #expect(recent["c"] == nil && recent["d"] == nil)
    }
}
