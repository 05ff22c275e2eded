import Glibc
import TesseraCore

/// Builds reply lines straight into a reusable byte buffer: no intermediate
/// strings, values percent-encoded as they are appended.
///
/// The buffer is its own, not an `[UInt8]`: an EVAL answer is a hundred or
/// more short appends (ready-made fragments, numbers, separators), and
/// `Array.append(contentsOf:)` spent some 90 instructions of generic checks on
/// each, more than the copy itself. Here an append is a capacity check and a
/// `memcpy`. Copying a writer copies the buffer on the next write (value
/// semantics, like an array).
///
/// Its methods are `@inlinable`: the commands that call them live in another module, and
/// an EVAL makes a hundred calls, each a few instructions when inlined.
public struct ReplyWriter {
    @usableFromInline var storage: Storage

    public init(capacity: Int = 512) {
        storage = Storage(capacity: max(capacity, 16))
    }

    /// The reply so far, as an array (a copy: for replies that are kept, such as a hold's).
    public var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// The reply so far, in place (valid only inside `body`).
    @inlinable @inline(__always) public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.base, count: storage.count))
    }

    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.count == 0 }

    public mutating func reset() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(capacity: storage.capacity) }
        storage.count = 0
    }

    /// Room for `n` more bytes; returns where they go. Commit them with `advance`.
    @inlinable @inline(__always) mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(minimumCapacity: storage.count + n) }
        if storage.capacity - storage.count < n { storage.grow(minimumCapacity: storage.count + n) }
        return storage.base + storage.count
    }

    @inlinable @inline(__always) mutating func advance(_ n: Int) { storage.count += n }

    /// Appends raw bytes, already encoded.
    @inlinable @inline(__always) public mutating func append(_ source: UnsafeRawBufferPointer) {
        let n = source.count
        guard n > 0 else { return }
        let to = reserve(n)
        memcpy(to, source.baseAddress!, n)
        advance(n)
    }

    @inlinable @inline(__always) public mutating func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        advance(1)
    }

    /// Appends text that needs no encoding (verbs, keys, codes).
    @inlinable @inline(__always) public mutating func word(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inlinable public mutating func word(_ text: String) {
        var text = text  // withUTF8 needs a var; a native string is not copied
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// ` key=value`, the value percent-encoded.
    @inlinable public mutating func field(_ key: StaticString, _ value: String) {
        separator(key)
        appendEncoded(value)
    }

    /// ` key=<n>`.
    @inlinable public mutating func field(_ key: StaticString, _ value: Int) {
        separator(key)
        appendInt(value)
    }

    /// ` key=<n>` or ` key=unlimited` for nil.
    @inlinable public mutating func field(_ key: StaticString, limit: Int?) {
        separator(key)
        if let limit { appendInt(limit) } else { word("unlimited") }
    }

    /// ` key=<time>` in SPEC §4's form, written in place.
    @inlinable public mutating func field(_ key: StaticString, _ time: Instant) {
        separator(key)
        if time.writeISO8601(into: UnsafeMutableBufferPointer(start: reserve(20), count: 20)) {
            advance(20)
        } else {
            appendEncoded(time.iso8601)  // outside years 0000-9999: never from the catalog
        }
    }

    /// ` key=value` for a key known only at run time (STAT names, error fields).
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: String) {
        separator(key)
        appendEncoded(value)
    }

    /// ` key=<n>` for a key known only at run time.
    @_disfavoredOverload
    public mutating func field(_ key: String, _ value: Int) {
        separator(key)
        appendInt(value)
    }

    /// ` key=`, written in place.
    @inlinable @inline(__always) mutating func separator(_ key: StaticString) {
        advance(Self.writeSeparator(key, at: reserve(key.utf8CodeUnitCount + 2)))
    }

    private mutating func separator(_ key: String) {
        append(UInt8(ascii: " "))
        word(key)
        append(UInt8(ascii: "="))
    }

    /// `value` percent-encoded, written in place (room for the worst case,
    /// three bytes per input byte, reserved first).
    @inlinable public mutating func appendEncoded(_ value: String) {
        var value = value  // withUTF8 needs a var; a native string is not copied
        value.withUTF8 { utf8 in
            let worst = 3 * utf8.count
            let to = reserve(worst)
            advance(PercentCoding.encode(utf8, into: UnsafeMutableRawBufferPointer(start: to, count: worst)))
        }
    }

    @inlinable public mutating func endLine() { append(UInt8(ascii: "\n")) }

    /// The decimal digits of `value`, written in place.
    @inlinable public mutating func appendInt(_ value: Int) {
        let to = reserve(21)
        advance(Self.writeInt(value, at: to))
    }

    /// Writes ` key=` at `to`; returns the bytes written.
    @inlinable @inline(__always) static func writeSeparator(_ key: StaticString, at to: UnsafeMutablePointer<UInt8>) -> Int {
        let count = key.utf8CodeUnitCount
        to[0] = UInt8(ascii: " ")
        memcpy(to + 1, key.utf8Start, count)
        to[count + 1] = UInt8(ascii: "=")
        return count + 2
    }

    /// Writes the decimal digits of `value` at `to` (room for 21 bytes); returns the bytes written.
    @inlinable @inline(__always) static func writeInt(_ value: Int, at to: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        if value < 0 {
            to[0] = UInt8(ascii: "-")
            n = 1
        }
        var v = value.magnitude
        if v < 10 {  // the usual remaining, max_order, max: one digit
            to[n] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v)
            return n + 1
        }
        var digits = 2
        var scale: UInt = 100
        while digits < 20, v >= scale {
            digits += 1
            if scale > UInt.max / 10 { break }
            scale &*= 10
        }
        // Two digits per division, from a table of "00"..."99".
        var i = n + digits
        while v >= 100 {
            let pair = Int(truncatingIfNeeded: v % 100) &* 2
            v /= 100
            i -= 2
            to[i] = digitPairs.utf8Start[pair]
            to[i + 1] = digitPairs.utf8Start[pair + 1]
        }
        if v >= 10 {
            let pair = Int(truncatingIfNeeded: v) &* 2
            to[i - 2] = digitPairs.utf8Start[pair]
            to[i - 1] = digitPairs.utf8Start[pair + 1]
        } else {
            to[i - 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v)
        }
        return n + digits
    }

    /// The bytes: a plain allocation, grown by doubling.
    ///
    /// Its fields skip the runtime's exclusivity checks: a writer is used by one thread at a
    /// time and no access to a field is ever open across another (each is a plain load or
    /// store). Inlined into another module, the compiler can no longer prove that, and the
    /// checks cost more than the appends (measured: +40 % instructions per EVAL).
    @usableFromInline final class Storage {
        @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) @usableFromInline var count = 0
        @exclusivity(unchecked) @usableFromInline private(set) var capacity: Int

        @usableFromInline init(capacity: Int) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        deinit { base.deallocate() }

        @usableFromInline func grow(minimumCapacity: Int) {
            let newCapacity = max(minimumCapacity, capacity * 2)
            let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBase.update(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }

        @usableFromInline func copy(minimumCapacity: Int) -> Storage {
            let copy = Storage(capacity: max(capacity, minimumCapacity))
            copy.base.update(from: base, count: count)
            copy.count = count
            return copy
        }
    }
}

/// "00" to "99", for `ReplyWriter.writeInt`: an answer's prices and counts take half the
/// divisions this way.
@usableFromInline let digitPairs: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """
