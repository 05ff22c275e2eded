/// Reading parsed options: the last occurrence of an option wins, as in `serve`.
extension OptionList {
    func value(_ name: String) -> String? {
        options.last(where: { $0.name == name })?.value
    }

    func has(_ name: String) -> Bool {
        options.contains { $0.name == name }
    }

    /// Refuses any option not in `known`, so a typo (`--dryrun`) never passes silently.
    func check(known: Set<String>) throws(UsageError) {
        if let unknown = options.first(where: { !known.contains($0.name) }) {
            throw UsageError("unknown option --\(unknown.name)")
        }
    }

    /// A required option's value.
    func required(_ name: String) throws(UsageError) -> String {
        guard let value = value(name), !value.isEmpty else { throw UsageError("--\(name) is required") }
        return value
    }

    /// A whole-number option within `range`, or nil when absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let n = Int(text), range.contains(n) else {
            throw UsageError(
                "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return n
    }

    /// The positional word at `index`, named `what` in the message when missing.
    func positional(_ index: Int, _ what: String) throws(UsageError) -> String {
        guard index < positionals.count else { throw UsageError("missing \(what)") }
        return positionals[index]
    }
}

extension OptionList {
    /// Every value of a repeatable option (`--event a --event b`), in order.
    func values(_ name: String) -> [String] {
        options.filter { $0.name == name }.compactMap(\.value)
    }
}
