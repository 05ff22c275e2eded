import Foundation
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

/// The library itself, preloaded into a small program, when the build made it (it is built
/// beside the test bundle by `swift build --build-tests` and `swift test`).
@Suite struct AllocationCounterPreloadTests {
    @Test(.enabled(if: AllocationCounter.siblingLibrary != nil))
    func countsTheAllocationsOfAPreloadedProcess() throws {
        let directory = NSTemporaryDirectory()
        let counter = try AllocationCounter(directory: directory)
        #expect(!counter.attached)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/ls")
        process.arguments = ["/"]
        process.environment = ProcessInfo.processInfo.environment.merging(counter.environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(counter.attached)
        let counts = counter.read()
        #expect(counts.allocations > 0)
        #expect(counts.bytes > 0)
    }
}
