/// One parsed request line: its verb and its `key=value` arguments, values
/// percent-decoded and checked to be UTF-8.
public struct Request: Sendable, Equatable {
    public struct Argument: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    public var verb: Verb
    public var arguments: [Argument]

    public init(verb: Verb, arguments: [Argument]) {
        self.verb = verb; self.arguments = arguments
    }

    /// The value of a key that may appear once (the command table has checked it).
    @inlinable public func value(_ key: String) -> String? {
        for argument in arguments where argument.key == key { return argument.value }
        return nil
    }

    /// Every value of a repeatable key, in request order.
    @inlinable public func values(_ key: String) -> [String] {
        arguments.compactMap { $0.key == key ? $0.value : nil }
    }

    /// A whole number in `range` (SPEC §6); nil when the key is absent.
    public func wholeNumber(_ key: String, in range: ClosedRange<Int>) throws(ErrorReply) -> Int? {
        guard let text = value(key) else { return nil }
        guard let number = Int(text), range.contains(number), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else {
            throw .badRequest("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A required value (the command table has checked it is present).
    public func required(_ key: String) -> String { value(key) ?? "" }
}
