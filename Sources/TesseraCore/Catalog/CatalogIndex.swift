/// A position in one of the catalog's arrays, typed by what it points at: `Offer.Index` into
/// `Catalog.offers`, `Event.Index` into `Catalog.events`, and so on (swift-nio's
/// `SelectorRegistrationID`). An offer index used on the events, or a ticket index passed where a
/// seat index belongs, is a compile error rather than a wrong answer: arrays are read through the
/// subscript below, which takes only the index of their own row type.
///
/// Each is a plain struct around an `Int`: after optimisation it is the `Int`, no cost per use.
///
/// One generic type, not a protocol with a struct per kind: the kinds differ only in `Row`.
public struct CatalogIndex<Row>: Hashable, Strideable, Sendable, CustomStringConvertible {
    /// The position in the array of `Row`s.
    public let position: Int
    @inlinable public init(_ position: Int) { self.position = position }

    @inlinable public static func < (a: Self, b: Self) -> Bool { a.position < b.position }
    @inlinable public static func == (a: Self, b: Self) -> Bool { a.position == b.position }
    @inlinable public func distance(to other: Self) -> Int { other.position - position }
    @inlinable public func advanced(by n: Int) -> Self { Self(position + n) }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(position) }
    /// The `Int`'s own one-shot hash: without it a dictionary keyed by an index (an offer's
    /// tickets by event, read on every EVAL) hashed through a full `Hasher`, +70 instructions
    /// a lookup. Equal to hashing `position`, as `hash(into:)` says.
    @inlinable public func _rawHashValue(seed: Int) -> Int { position._rawHashValue(seed: seed) }
    public var description: String { String(position) }
}

/// A position in `Catalog.offers`.
extension Offer { public typealias Index = CatalogIndex<Offer> }
/// A position in `Catalog.events`.
extension Event { public typealias Index = CatalogIndex<Event> }
/// A position in `Catalog.members`.
extension Member { public typealias Index = CatalogIndex<Member> }
/// A position in `Catalog.ticketTypes`.
extension TicketType { public typealias Index = CatalogIndex<TicketType> }
/// A position in `Catalog.seats`.
extension Seat { public typealias Index = CatalogIndex<Seat> }
/// A position in `Catalog.audiences`.
extension Audience { public typealias Index = CatalogIndex<Audience> }

extension Array {
    /// The row `index` points at: only an index of this array's own row type fits.
    @inlinable public subscript(_ index: CatalogIndex<Element>) -> Element {
        @inline(__always) get { self[index.position] }
        @inline(__always) set { self[index.position] = newValue }
    }

    /// The index the next appended row will have.
    @inlinable func nextIndex(_: CatalogIndex<Element>.Type = CatalogIndex<Element>.self) -> CatalogIndex<Element> {
        CatalogIndex(count)
    }

    /// The indexes of every row, as `I`.
    @inlinable func typedIndices(_: CatalogIndex<Element>.Type = CatalogIndex<Element>.self) -> Range<CatalogIndex<Element>> {
        CatalogIndex(0)..<CatalogIndex(count)
    }
}
