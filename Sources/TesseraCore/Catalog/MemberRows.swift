/// The members table as read, stored compactly: a large catalog has a million
/// rows, and as an array of `MemberRow` they took 168 bytes each plus a
/// heap object for every string longer than 15 bytes, all alive while the
/// builder made the catalog's own `Member`s (a RELOAD adds the old catalog on
/// top). Here a row is 64 bytes (its id, quantity, audience as an index into the
/// distinct audience ids, which values are NULL, where its texts end) plus the
/// bytes of its texts, kept in one buffer for all rows.
///
/// A collection of `MemberRow`, built on demand, so tests and tools read it like
/// the array it replaces; the builder reads the rows in place.
public struct MemberRows: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    /// The optional text columns, in table order.
    enum Text: Int {
        case customerID, email, code, category, seat, location, validFrom, validUntil
    }

    /// One row's fixed part: 64 bytes, one cache line, since the builder visits rows
    /// grouped by audience, not in the order they were read.
    struct Row {
        /// Per `Text`, its end relative to `textStart`.
        var ends: SIMD8<UInt32>
        var id: Int64
        /// 0 when NULL (see `present`).
        var quantity: Int
        /// Where the row's texts start in `bytes`.
        var textStart: Int
        /// An index into `audienceIDs`.
        var audience: Int32
        /// Bit `Text.rawValue`: that text is not NULL; `quantityBit`: the quantity is not NULL.
        var present: UInt16
    }

    private var rows: [Row] = []
    /// The distinct audience ids, in order of first appearance.
    private(set) var audienceIDs: [String] = []
    private var audienceIndex: [String: Int32] = [:]
    /// Every row's texts, one after another.
    private var bytes: [UInt8] = []

    private static let quantityBit: UInt16 = 1 << 8

    public init() {}

    public init(arrayLiteral rows: MemberRow...) {
        reserveCapacity(rows.count)
        for row in rows { append(row) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(row: Int) -> MemberRow {
        MemberRow(
            id: id(row), audienceID: audienceID(row), customerID: text(row, .customerID),
            email: text(row, .email), code: text(row, .code), quantity: quantity(row), category: text(row, .category),
            seat: text(row, .seat), location: text(row, .location), validFrom: text(row, .validFrom),
            validUntil: text(row, .validUntil))
    }

    /// Room for `count` rows (their texts grow as they come; see `trimTextCapacity`).
    public mutating func reserveCapacity(_ count: Int) {
        rows.reserveCapacity(count)
    }

    public mutating func append(_ row: MemberRow) {
        func utf8(_ text: String?, _ body: (UnsafeBufferPointer<UInt8>?) -> Void) {
            guard var text else { return body(nil) }
            text.withUTF8 { body($0) }
        }
        var audienceID = row.audienceID
        audienceID.withUTF8 { audience in
            utf8(row.customerID) { customerID in
                utf8(row.email) { email in
                    utf8(row.code) { code in
                        utf8(row.category) { category in
                            utf8(row.seat) { seat in
                                utf8(row.location) { location in
                                    utf8(row.validFrom) { validFrom in
                                        utf8(row.validUntil) { validUntil in
                                            append(
                                                id: row.id, audienceID: audience, customerID: customerID, email: email,
                                                code: code, quantity: row.quantity, category: category, seat: seat,
                                                location: location, validFrom: validFrom, validUntil: validUntil)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Appends one row from UTF-8 bytes (nil: NULL), copied: what the loader reads
    /// straight out of SQLite's buffers, with no `String` made per value.
    public mutating func append(
        id: Int64, audienceID: UnsafeBufferPointer<UInt8>, customerID: UnsafeBufferPointer<UInt8>?,
        email: UnsafeBufferPointer<UInt8>?, code: UnsafeBufferPointer<UInt8>?, quantity: Int?,
        category: UnsafeBufferPointer<UInt8>?, seat: UnsafeBufferPointer<UInt8>?, location: UnsafeBufferPointer<UInt8>?,
        validFrom: UnsafeBufferPointer<UInt8>?, validUntil: UnsafeBufferPointer<UInt8>?
    ) {
        let start = bytes.count
        var row = Row(
            ends: .zero, id: id, quantity: quantity ?? 0, textStart: start, audience: audience(audienceID),
            present: quantity == nil ? 0 : Self.quantityBit)
        appendText(customerID, .customerID, to: &row)
        appendText(email, .email, to: &row)
        appendText(code, .code, to: &row)
        appendText(category, .category, to: &row)
        appendText(seat, .seat, to: &row)
        appendText(location, .location, to: &row)
        appendText(validFrom, .validFrom, to: &row)
        appendText(validUntil, .validUntil, to: &row)
        rows.append(row)
    }

    /// One text of the row being appended; fields come in `Text` order. (A row's
    /// texts beyond 4 GiB in all trap here; SQLite caps one value at 1 GB.)
    private mutating func appendText(_ text: UnsafeBufferPointer<UInt8>?, _ field: Text, to row: inout Row) {
        if let text {
            row.present |= 1 << field.rawValue
            bytes.append(contentsOf: text)
        }
        row.ends[field.rawValue] = UInt32(bytes.count - row.textStart)
    }

    /// The index of `bytes` in `audienceIDs`, adding it if new. Rows usually come
    /// grouped by audience, so the previous row's audience is tried first.
    private mutating func audience(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let last = rows.last?.audience, audienceIDs[Int(last)].utf8.elementsEqual(bytes) { return last }
        let id = String(decoding: bytes, as: UTF8.self)
        if let index = audienceIndex[id] { return index }
        let index = Int32(audienceIDs.count)
        audienceIDs.append(id)
        audienceIndex[id] = index
        return index
    }

    /// Gives back the text buffer's unused room (up to half of it after growing by
    /// doubling), so the builder's peak does not carry it.
    public mutating func trimTextCapacity() {
        guard bytes.capacity - bytes.count > bytes.count / 8 else { return }
        bytes = bytes.withUnsafeBufferPointer { Array($0) }
    }

    // MARK: Reading in place

    func id(_ row: Int) -> Int64 { rows[row].id }

    /// The row's index in `audienceIDs`.
    func audience(_ row: Int) -> Int { Int(rows[row].audience) }

    func audienceID(_ row: Int) -> String { audienceIDs[audience(row)] }

    func quantity(_ row: Int) -> Int? {
        rows[row].present & Self.quantityBit != 0 ? rows[row].quantity : nil
    }

    /// The text of `field` in `row`, nil when NULL. Invalid UTF-8 is repaired, as
    /// when read into a `String` directly.
    func text(_ row: Int, _ field: Text) -> String? {
        rows.withUnsafeBufferPointer { rows in
            let fixed = rows[row]
            guard fixed.present & (1 << field.rawValue) != 0 else { return nil }
            let end = fixed.textStart + Int(fixed.ends[field.rawValue])
            let start = fixed.textStart + (field.rawValue == 0 ? 0 : Int(fixed.ends[field.rawValue - 1]))
            return bytes.withUnsafeBufferPointer { all in
                String(decoding: UnsafeBufferPointer(rebasing: all[start..<end]), as: UTF8.self)
            }
        }
    }
}
