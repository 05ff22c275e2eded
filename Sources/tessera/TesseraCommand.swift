import Glibc

/// A `tessera` sub-command: its name, what it is for, and how to run it.
protocol TesseraCommand: Sendable {
    static var name: String { get }
    static var summary: String { get }
    static var help: String { get }
    /// Runs with the arguments after the command name; returns the exit status.
    static func run(_ arguments: [String]) -> Int32
}

/// Every command, in the order `tessera --help` lists them.
let allCommands: [any TesseraCommand.Type] = [
    ServeCommand.self, InitCommand.self, CheckCommand.self, EventCommand.self, TicketCommand.self, SeatCommand.self,
    OfferCommand.self, AudienceCommand.self, MembersCommand.self, ImportCommand.self, CodesCommand.self,
    UsageCommand.self, ReloadCommand.self, ClientCommand.self,
]

/// `--key value` and `--flag` options, in order, and up to `positionals` plain words
/// (`tessera audience rename OLD NEW`).
struct OptionList {
    var options: [(name: String, value: String?)] = []
    var positionals: [String] = []

    /// Parses `arguments`; `flags` take no value. Throws a message on a stray word
    /// beyond the `positionals` allowed.
    init(_ arguments: [String], flags: Set<String>, positionals maximum: Int = 0) throws(UsageError) {
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            guard word.hasPrefix("--"), word.count > 2 else {
                guard positionals.count < maximum else { throw UsageError("unexpected argument '\(word)'") }
                positionals.append(word)
                i += 1
                continue
            }
            var name = String(word.dropFirst(2))
            var value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            } else if !flags.contains(name) {
                guard i + 1 < arguments.count else { throw UsageError("--\(name) needs a value") }
                i += 1
                value = arguments[i]
            }
            options.append((name, value))
            i += 1
        }
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes one message line to standard error.
func printError(_ message: String) {
    let bytes = Array((message + "\n").utf8)
    bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
}
