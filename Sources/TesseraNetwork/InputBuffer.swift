import Glibc

/// A connection's own input bytes: only what one turn could not hand to its handler (a partial
/// line, or lines held back by a pause or backpressure). Most reads never touch it: they go to
/// the loop's shared read buffer and leave nothing behind (Redis 7.4's reusable query buffer).
///
/// Its memory is freed whenever it empties, so idle connections hold no buffer at all, by
/// `release()` (a closing connection lets go at once), and in any case by `deinit`. Non-copyable:
/// a copy would share the memory, and whichever freed it first would leave the other dangling.
struct InputBuffer: ~Copyable {
    private(set) var base: UnsafeMutableRawPointer?
    private var capacity = 0
    /// Start of the bytes not yet handed out.
    private(set) var readIndex = 0
    /// End of the bytes received.
    private(set) var writeIndex = 0
    /// Bytes before this index hold no "\n": a partial line is not rescanned on every read,
    /// so a client dribbling one byte at a time costs one memchr per byte, not per line.
    private(set) var scannedIndex = 0

    var isEmpty: Bool { readIndex == writeIndex }
    var count: Int { writeIndex - readIndex }

    /// How much one read into this buffer asks for.
    static let readChunk = 32 * 1024

    /// Keeps the `count` leftover bytes of a shared-buffer read, of which the first `scanned`
    /// hold no "\n". Only called when empty: otherwise reads land here directly.
    mutating func append(_ bytes: UnsafeRawPointer, count: Int, scanned: Int) {
        precondition(isEmpty, "leftovers appended behind unread input")
        let tail = reserveTail(minimum: count + Self.readChunk)
        tail.copyMemory(from: bytes, byteCount: count)
        scannedIndex = writeIndex + scanned
        writeIndex += count
    }

    /// Room to receive at least `minimum` bytes at `writeIndex`; compacts first, grows if it must.
    mutating func reserveTail(minimum: Int) -> UnsafeMutableRawPointer {
        if capacity - writeIndex < minimum, readIndex > 0 {
            let live = writeIndex - readIndex
            if live > 0 { memmove(base!, base! + readIndex, live) }
            scannedIndex -= readIndex
            writeIndex = live
            readIndex = 0
        }
        if capacity - writeIndex < minimum {
            let newCapacity = max(capacity * 2, writeIndex + minimum)
            base = realloc(base, newCapacity)
            precondition(base != nil, "out of memory")
            capacity = newCapacity
        }
        return base! + writeIndex
    }

    var freeCapacity: Int { capacity - writeIndex }

    mutating func didWrite(_ count: Int) {
        writeIndex += count
    }

    /// The handler took everything before `index`; bytes from `index` to `scanned` hold no "\n".
    mutating func consume(upTo index: Int, scanned: Int) {
        readIndex = index
        scannedIndex = max(index, scanned)
        if readIndex == writeIndex { release() }
    }

    deinit { free(base) }

    mutating func release() {
        free(base)
        base = nil
        capacity = 0
        readIndex = 0
        writeIndex = 0
        scannedIndex = 0
    }
}
