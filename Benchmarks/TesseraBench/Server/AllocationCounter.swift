import Foundation
import Glibc

/// The benchmark's side of the counting allocator (`Benchmarks/CAllocCounter`, issue 17):
/// finds `libTesseraAllocCounter.so` beside this executable, makes the shared counter file,
/// gives the environment that preloads the library into a `tessera serve`, and reads the
/// counts with `pread` (the file is mapped shared by the server, so the page cache holds
/// what it counted). Nothing here links the library: without the preload, nothing counts.
final class AllocationCounter: @unchecked Sendable {
    /// The counters' slots, as `alloc_counter.h` numbers them.
    enum Slot: Int, CaseIterable {
        case magic = 0, malloc, calloc, realloc, posixMemalign, alignedAlloc, memalign, free, bytes
    }
    static let slots = 16
    static let magic: UInt64 = 0x37_3143_4F4C_4C41
    static let libraryName = "libTesseraAllocCounter.so"

    /// The counts at one moment; differences of two are what a batch of requests cost.
    struct Counts: Equatable, Sendable {
        var values = [UInt64](repeating: 0, count: AllocationCounter.slots)

        subscript(slot: Slot) -> UInt64 { values[slot.rawValue] }

        /// Calls that allocated: malloc, calloc, realloc (a resize), the aligned ones.
        var allocations: UInt64 {
            self[.malloc] + self[.calloc] + self[.realloc] + self[.posixMemalign] + self[.alignedAlloc] + self[.memalign]
        }
        var frees: UInt64 { self[.free] }
        var bytes: UInt64 { self[.bytes] }

        static func - (after: Counts, before: Counts) -> Counts {
            Counts(values: zip(after.values, before.values).map { $0 &- $1 })
        }
    }

    let path: String
    let library: String

    /// The library beside this executable, if it was built (`swift build` builds it with
    /// every product; `swift run tessera-bench` alone does not).
    static var siblingLibrary: String? {
        guard let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let path = (me as NSString).deletingLastPathComponent + "/" + libraryName
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    struct Unavailable: Error, CustomStringConvertible { var description: String }

    /// A zeroed counter file in `directory` for the library at `library` (default: beside
    /// this executable).
    init(directory: String, library: String? = nil) throws {
        guard let library = library ?? Self.siblingLibrary else {
            throw Unavailable(description: "\(Self.libraryName) not built beside tessera-bench (swift build -c release builds it); allocation counts skipped")
        }
        self.library = library
        path = "\(directory)/alloc-counts-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let zeros = Data(count: Self.slots * 8)
        guard FileManager.default.createFile(atPath: path, contents: zeros) else {
            throw Unavailable(description: "cannot create \(path)")
        }
    }

    deinit { unlink(path) }

    /// What the server's environment needs: the preload, and where to count.
    var environment: [String: String] { ["LD_PRELOAD": library, "TESSERA_ALLOC_COUNTER": path] }

    func read() -> Counts {
        var counts = Counts()
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return counts }
        defer { close(fd) }
        counts.values.withUnsafeMutableBytes { _ = pread(fd, $0.baseAddress, $0.count, 0) }
        return counts
    }

    /// True once a process with the preload mapped the file.
    var attached: Bool { read()[.magic] == Self.magic }
}
