/// A position in one of the catalog's arrays, typed by what it points at: `Offer.Index` into
/// `Catalog.offers`, `Event.Index` into `Catalog.events`, and so on (swift-nio's
/// `SelectorRegistrationID`). An offer index used on the events, or a ticket index passed where a
/// seat index belongs, is a compile error rather than a wrong answer: arrays are read through the
/// subscript below, which takes only the index of their own row type.
///
/// Each is a plain struct around an `Int`: after optimisation it is the `Int`, no cost per use.
public protocol CatalogIndex: Hashable, Strideable, Sendable, CustomStringConvertible where Stride == Int {
    /// What the index points at: the element type of the array it indexes.
    associatedtype Row
    /// The position in that array.
    var position: Int { get }
    init(_ position: Int)
}

extension CatalogIndex {
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.position < b.position }
    @inlinable public func distance(to other: Self) -> Int { other.position - position }
    @inlinable public func advanced(by n: Int) -> Self { Self(position + n) }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(position) }
    /// The `Int`'s own one-shot hash: without it a dictionary keyed by an index (an offer's
    /// tickets by event, read on every EVAL) hashed through a full `Hasher`, +70 instructions
    /// a lookup. Equal to hashing `position`, as `hash(into:)` says.
    @inlinable public func _rawHashValue(seed: Int) -> Int { position._rawHashValue(seed: seed) }
    public var description: String { String(position) }
}

extension Array {
    /// The row `index` points at: only an index of this array's own row type fits.
    @inlinable public subscript<I: CatalogIndex>(_ index: I) -> Element where I.Row == Element {
        @inline(__always) get { self[index.position] }
        @inline(__always) set { self[index.position] = newValue }
    }

    /// The index the next appended row will have.
    @inlinable func nextIndex<I: CatalogIndex>(_: I.Type = I.self) -> I where I.Row == Element { I(count) }

    /// The indexes of every row, as `I`.
    @inlinable func typedIndices<I: CatalogIndex>(_: I.Type = I.self) -> Range<I> where I.Row == Element {
        I(0)..<I(count)
    }
}

extension Offer {
    /// A position in `Catalog.offers`.
    public struct Index: CatalogIndex {
        public typealias Row = Offer
        public let position: Int
        @inlinable public init(_ position: Int) { self.position = position }
    }
}

extension Event {
    /// A position in `Catalog.events`.
    public struct Index: CatalogIndex {
        public typealias Row = Event
        public let position: Int
        @inlinable public init(_ position: Int) { self.position = position }
    }
}

extension Member {
    /// A position in `Catalog.members`.
    public struct Index: CatalogIndex {
        public typealias Row = Member
        public let position: Int
        @inlinable public init(_ position: Int) { self.position = position }
    }
}

extension TicketType {
    /// A position in `Catalog.ticketTypes`.
    public struct Index: CatalogIndex {
        public typealias Row = TicketType
        public let position: Int
        @inlinable public init(_ position: Int) { self.position = position }
    }
}

extension Seat {
    /// A position in `Catalog.seats`.
    public struct Index: CatalogIndex {
        public typealias Row = Seat
        public let position: Int
        @inlinable public init(_ position: Int) { self.position = position }
    }
}

extension Audience {
    /// A position in `Catalog.audiences`.
    public struct Index: CatalogIndex {
        public typealias Row = Audience
        public let position: Int
        @inlinable public init(_ position: Int) { self.position = position }
    }
}
