import Testing

@testable import TesseraBench

@Suite struct AllocationCounterTests {
    @Test func differencesCountAllocatingCallsOnly() {
        var before = AllocationCounter.Counts()
        var after = AllocationCounter.Counts()
        before.values[AllocationCounter.Slot.malloc.rawValue] = 10
        after.values[AllocationCounter.Slot.malloc.rawValue] = 14
        after.values[AllocationCounter.Slot.calloc.rawValue] = 1
        after.values[AllocationCounter.Slot.realloc.rawValue] = 2
        after.values[AllocationCounter.Slot.posixMemalign.rawValue] = 1
        after.values[AllocationCounter.Slot.free.rawValue] = 6
        after.values[AllocationCounter.Slot.bytes.rawValue] = 512
        let delta = after - before
        #expect(delta.allocations == 8)
        #expect(delta.frees == 6)
        #expect(delta.bytes == 512)
    }
}
