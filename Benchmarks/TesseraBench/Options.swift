import Foundation

/// `--key value` options of a mode, with typed accessors and defaults.
struct Options {
    private var values: [String: String] = [:]
    private(set) var unknown: [String] = []

    init(_ arguments: ArraySlice<String>) throws {
        var i = arguments.startIndex
        while i < arguments.endIndex {
            let word = arguments[i]
            guard word.hasPrefix("--") else { throw UsageError("unexpected argument '\(word)'") }
            let name = String(word.dropFirst(2))
            if let eq = name.firstIndex(of: "=") {
                values[String(name[..<eq])] = String(name[name.index(after: eq)...])
            } else if i + 1 < arguments.endIndex, !arguments[i + 1].hasPrefix("--") {
                values[name] = arguments[i + 1]
                i += 1
            } else {
                values[name] = "true"
            }
            i += 1
        }
    }

    func string(_ key: String) -> String? { values[key] }
    func string(_ key: String, default value: String) -> String { values[key] ?? value }

    func int(_ key: String, default value: Int) throws -> Int {
        guard let text = values[key] else { return value }
        guard let n = Int(text), n >= 0 else { throw UsageError("--\(key) must be a whole number, got '\(text)'") }
        return n
    }

    func double(_ key: String, default value: Double) throws -> Double {
        guard let text = values[key] else { return value }
        guard let n = Double(text), n >= 0 else { throw UsageError("--\(key) must be a number, got '\(text)'") }
        return n
    }

    func flag(_ key: String) -> Bool { values[key] == "true" }

    /// Fails on any option a mode does not know, so a typo never silently runs defaults.
    func check(allowed: Set<String>) throws {
        for key in values.keys where !allowed.contains(key) { throw UsageError("unknown option --\(key)") }
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
