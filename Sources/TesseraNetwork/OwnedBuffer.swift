/// A fixed block of `count` elements, allocated once and freed by its one owner's `deinit`.
///
/// Non-copyable: a copy of a pointer pair freed by hand is a second owner that frees it again.
/// Here the compiler refuses the copy, and the memory goes exactly when the owner does, on
/// every path (a failed initializer too), so no teardown has to remember it.
/// Users borrow `base` for the length of a call; nothing else may free it.
struct OwnedBuffer<Element>: ~Copyable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    /// Uninitialized memory for `count` elements (trivial ones: bytes, epoll events).
    init(capacity count: Int) {
        base = .allocate(capacity: count)
        self.count = count
    }

    deinit { base.deallocate() }
}

extension OwnedBuffer where Element == UInt8 {
    /// The buffer as untyped bytes, for `recv`.
    var rawBase: UnsafeMutableRawPointer { UnsafeMutableRawPointer(base) }
}
