import Foundation

/// Runs `body` for 0..<count, at most `width` at once on threads of their own, and returns
/// the results in order; rethrows the first error once every repetition has ended.
///
/// For repetitions that mostly wait on a server process: a few at once keep a suite short
/// without crowding the two cores. Threads, not tasks, because each repetition blocks.
func repeatConcurrently<T: Sendable>(
    _ count: Int, width: Int, _ body: @escaping @Sendable (Int) throws -> T
) throws -> [T] {
    let shared = Repetitions<T>()
    let group = DispatchGroup()
    for _ in 0..<min(width, count) {
        group.enter()
        let thread = Thread {
            while let index = shared.take(below: count) {
                shared.record(index, Result { try body(index) })
            }
            group.leave()
        }
        thread.start()
    }
    group.wait()
    return try (0..<count).map { try shared.result(of: $0).get() }
}

/// The next repetition to run and the results so far, shared by `repeatConcurrently`'s threads.
private final class Repetitions<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var results: [Int: Result<T, any Error>] = [:]

    func take(below count: Int) -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func record(_ index: Int, _ result: Result<T, any Error>) {
        lock.withLock { results[index] = result }
    }

    func result(of index: Int) -> Result<T, any Error> {
        lock.withLock { results[index]! }
    }
}
