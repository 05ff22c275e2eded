/// A list that keeps its first four elements in place and allocates only for a fifth.
///
/// EVAL makes several short lists per request: the members a request matched, those each
/// granted offer counts, what each of them may still take, the codes' statuses. As arrays,
/// each was a heap allocation and a release per request (issue 17: no allocation per EVAL
/// in the steady state), and almost every one holds one or two elements.
///
/// A value type like `Array`, with the collection protocols the rules use (`append`,
/// subscripts, `sort`, literals, `==`); elements past the fourth live in an array.
@frozen
public struct SmallList<Element>: RandomAccessCollection, MutableCollection {
    @usableFromInline var inline: (Element?, Element?, Element?, Element?) = (nil, nil, nil, nil)
    /// The elements from the fifth on.
    @usableFromInline var spill: [Element] = []
    @usableFromInline var storedCount = 0

    @inlinable public var count: Int { storedCount }

    @inlinable public init() {}

    @inlinable public init(_ elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public var isEmpty: Bool { count == 0 }

    @inlinable public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "SmallList index out of range")
            switch position {
            case 0: return inline.0.unsafelyUnwrapped
            case 1: return inline.1.unsafelyUnwrapped
            case 2: return inline.2.unsafelyUnwrapped
            case 3: return inline.3.unsafelyUnwrapped
            default: return spill[position - 4]
            }
        }
        set {
            precondition(position >= 0 && position < count, "SmallList index out of range")
            switch position {
            case 0: inline.0 = newValue
            case 1: inline.1 = newValue
            case 2: inline.2 = newValue
            case 3: inline.3 = newValue
            default: spill[position - 4] = newValue
            }
        }
    }

    @inlinable public mutating func append(_ element: Element) {
        switch count {
        case 0: inline.0 = element
        case 1: inline.1 = element
        case 2: inline.2 = element
        case 3: inline.3 = element
        default: spill.append(element)
        }
        storedCount += 1
    }

    /// Drops the last `k` elements.
    @inlinable public mutating func removeLast(_ k: Int = 1) {
        precondition(k >= 0 && k <= count, "SmallList cannot remove more elements than it has")
        let newCount = count - k
        if newCount < 4 {
            spill.removeAll(keepingCapacity: true)  // a list kept for reuse keeps its room
            inline.3 = nil
            if newCount < 3 { inline.2 = nil }
            if newCount < 2 { inline.1 = nil }
            if newCount < 1 { inline.0 = nil }
        } else {
            spill.removeLast(count - Swift.max(newCount, 4))
        }
        storedCount = newCount
    }

    @inlinable public mutating func removeAll() { removeLast(count) }

    @inlinable public var last: Element? { count == 0 ? nil : self[count - 1] }

    /// Sorts in place by insertion: the lists are short, and the standard `sort` of a
    /// collection that is not an array copies it into a new array first.
    @inlinable public mutating func sort(by areInIncreasingOrder: (Element, Element) -> Bool) {
        guard count > 1 else { return }
        for i in 1..<count {
            let element = self[i]
            var j = i
            while j > 0, areInIncreasingOrder(element, self[j - 1]) {
                self[j] = self[j - 1]
                j -= 1
            }
            if j != i { self[j] = element }
        }
    }
}

extension SmallList: ExpressibleByArrayLiteral {
    @inlinable public init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension SmallList: Equatable where Element: Equatable {
    @inlinable public static func == (a: SmallList, b: SmallList) -> Bool { a.elementsEqual(b) }
}

extension SmallList: Sendable where Element: Sendable {}

extension SmallList: CustomStringConvertible {
    public var description: String { Array(self).description }
}
