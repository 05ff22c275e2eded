import Foundation
import Testing
import TesseraNetwork
@testable import TesseraServer

/// `ServeOption.all` is the one declaration of every `tessera serve` option: these tests
/// check that the config file, the flags, the checks, `--help`, `ServeConfiguration`, the
/// options the server is built with, and config/tessera.conf all follow it.
@Suite struct ServeOptionTests {
    /// Good values for `option`, each in the text form the option gives back.
    static func goodValues(_ option: ServeOption) -> [String] {
        switch option.kind {
        case .path: ["/var/lib/tessera/\(option.name).db", "a dir/with spaces.db"]
        case .secret: ["s3cr#t-\(option.name)", "a=b c"]
        case .flag: ["true", "false"]
        case .integer(_, let value, let range): [String(range.lowerBound), String(range.upperBound), String(value)]
        case .address: ["10.1.2.3:4567", "[::1]:7000", "localhost:0"]
        }
    }

    /// A good value that is not the default.
    static func otherValue(_ option: ServeOption) -> String {
        goodValues(option).first { $0 != option.value(in: ServeConfiguration()) }!
    }

    /// The stored properties whose values differ between `a` and `b`.
    static func changed<T>(_ a: T, _ b: T) -> Set<String> {
        let before = Mirror(reflecting: a).children
        let after = Mirror(reflecting: b).children
        return Set(
            zip(before, after).filter { String(describing: $0.value) != String(describing: $1.value) }
                .compactMap { $0.0.label })
    }

    @Test func namesAreUniqueAndFlagsAreTheNamesWithDashes() {
        let names = ServeOption.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(ServeConfiguration.keys == names)
        for option in ServeOption.all {
            #expect(option.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(option.name)")
            #expect(option.flag == "--" + option.name.replacingOccurrences(of: "_", with: "-"))
            #expect(!option.doc.isEmpty && !option.doc.contains("\n"), "\(option.name): one line of doc")
        }
        #expect(ServeOption.flagsWithoutValue == ["test-clock"])
    }

    /// A property no row fills would be an option outside the table; two rows filling one
    /// property would be one option under two names.
    @Test func everyPropertyIsFilledByExactlyOneRow() throws {
        let defaults = ServeConfiguration()
        var filledBy: [String: [String]] = [:]
        for option in ServeOption.all {
            var configuration = defaults
            try configuration.set(option.name, Self.otherValue(option))
            let properties = Self.changed(defaults, configuration)
            #expect(!properties.isEmpty, "\(option.name) fills nothing")
            for property in properties { filledBy[property, default: []].append(option.name) }
        }
        for case let property? in Mirror(reflecting: defaults).children.map(\.label) {
            #expect(filledBy[property]?.count == 1, "\(property) is filled by \(filledBy[property] ?? [])")
        }
    }

    /// The defaults live in the rows; each passes its own row's check.
    @Test func everyDefaultIsGoodAndIsWhatAConfigurationStartsWith() throws {
        for option in ServeOption.all {
            guard let value = option.defaultValue else {
                #expect(option.value(in: ServeConfiguration()) == nil, "\(option.name)")
                continue
            }
            var configuration = ServeConfiguration()
            try configuration.set(option.name, value)
            #expect(configuration == ServeConfiguration(), "\(option.name) = \(value)")
        }
        #expect(ServeOption.named("listen")?.defaultValue == "127.0.0.1:7878")
        #expect(ServeOption.named("max_pending_output_bytes")?.defaultValue == "1048576")
    }

    @Test func everyRowRoundTripsThroughConfigTextAndFlags() throws {
        for option in ServeOption.all {
            for value in Self.goodValues(option) {
                var fromFile = ServeConfiguration()
                try ConfigFile.apply(text: "# a comment\n\(option.name) = \(value)\n", name: "t.conf", to: &fromFile)
                #expect(option.value(in: fromFile) == value, "\(option.name) = \(value)")
                var quoted = ServeConfiguration()
                try ConfigFile.apply(text: "\(option.name) = \"\(value)\"", name: "t.conf", to: &quoted)
                #expect(quoted == fromFile, "\(option.name) = \"\(value)\"")

                var fromFlags = ServeConfiguration()
                try fromFlags.set(flag: option.flagName, value)
                #expect(fromFlags == fromFile, "\(option.flag) \(value)")
            }
        }
        var bare = ServeConfiguration()
        try bare.set(flag: "test-clock", nil)
        #expect(bare.testClock)
        for (text, value) in [("yes", true), ("ON", true), ("1", true), ("no", false), ("off", false), ("0", false)] {
            try bare.set("test_clock", text)
            #expect(bare.testClock == value, "\(text)")
        }
        try bare.set("token", "")
        #expect(bare.token == nil, "an empty token is no token")
    }

    /// Both read the same rows: a name one takes the other takes, a name one refuses the other refuses.
    @Test func configFileAndFlagsAcceptTheSameNames() throws {
        for option in ServeOption.all {
            var byKey = ServeConfiguration()
            var byFlag = ServeConfiguration()
            var byUnderscoredFlag = ServeConfiguration()
            try byKey.set(option.name, Self.otherValue(option))
            try byFlag.set(flag: option.flagName, Self.otherValue(option))
            try byUnderscoredFlag.set(flag: option.name, Self.otherValue(option))
            #expect(byKey == byFlag && byFlag == byUnderscoredFlag, "\(option.name)")
            #expect(byKey != ServeConfiguration(), "\(option.name)")
        }
        var configuration = ServeConfiguration()
        for unknown in ["config", "max_conections", "listen_port", "Catalog", ""] {
            #expect(throws: ConfigError("unknown option '\(unknown)'")) { try configuration.set(unknown, "1") }
            let flag = unknown.replacingOccurrences(of: "_", with: "-")
            #expect(throws: ConfigError("unknown option --\(flag)")) { try configuration.set(flag: flag, "1") }
        }
        #expect(throws: ConfigError("--max-connections needs a value")) {
            try configuration.set(flag: "max-connections", nil)
        }
        #expect(configuration == ServeConfiguration())
    }

    @Test func outOfRangeValuesAreRefusedNamingTheRange() throws {
        var checked = 0
        for option in ServeOption.all {
            guard case .integer(_, _, let range) = option.kind else { continue }
            for bad in [String(range.lowerBound - 1), String(range.upperBound + 1), "12abc", "", "1.5"] {
                let rule = "must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(bad)'"
                var configuration = ServeConfiguration()
                #expect(throws: ConfigError("\(option.name) \(rule)")) { try configuration.set(option.name, bad) }
                #expect(throws: ConfigError("\(option.flag) \(rule)")) {
                    try configuration.set(flag: option.flagName, bad)
                }
                #expect(throws: ConfigError("t.conf:2: \(option.name) \(rule)")) {
                    try ConfigFile.apply(text: "\n\(option.name) = \(bad)\n", name: "t.conf", to: &configuration)
                }
                #expect(configuration == ServeConfiguration(), "a refused value changes nothing")
            }
            checked += 1
        }
        #expect(checked == 7)

        var configuration = ServeConfiguration()
        for bad in ["7878", "127.0.0.1", "[]:80", ":80", "host:65536", "host:-1", "host:"] {
            #expect(throws: ConfigError("listen must be HOST:PORT, got '\(bad)'")) { try configuration.set("listen", bad) }
            #expect(throws: ConfigError("--listen must be HOST:PORT, got '\(bad)'")) {
                try configuration.set(flag: "listen", bad)
            }
        }
        #expect(throws: ConfigError("t.conf:1: test_clock must be true or false, got 'maybe'")) {
            try ConfigFile.apply(text: "test_clock = maybe", name: "t.conf", to: &configuration)
        }
        #expect(throws: ConfigError("--test-clock must be true or false, got 'maybe'")) {
            try configuration.set(flag: "test-clock", "maybe")
        }
        #expect(configuration == ServeConfiguration())
    }

    @Test func helpListsEveryOptionWithItsRangeAndDefault() {
        let help = ServeOption.helpText()
        let lines = help.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 * ServeOption.all.count)
        for (index, option) in ServeOption.all.enumerated() {
            let head = lines[2 * index]
            #expect(head.hasPrefix("  \(option.flag)"), "\(head)")
            #expect(lines[2 * index + 1] == "      " + option.doc)
            if case .integer(_, let value, let range) = option.kind {
                #expect(head.hasSuffix("N  (\(range.lowerBound)..\(range.upperBound), default \(value))"), "\(head)")
            }
        }
        #expect(help.contains("  --listen HOST:PORT  (default 127.0.0.1:7878)\n"))
        #expect(help.contains("  --test-clock  (default false)\n"))
        #expect(help.contains("  --catalog FILE\n"))
        #expect(help.contains("  --token TOKEN\n"))
    }

    @Test func helpNeverPrintsASecret() throws {
        var configuration = ServeConfiguration()
        try configuration.set("token", "hunter2")
        try configuration.set("admin_token", "r00t-token")
        try configuration.set("max_connections", "7")
        let help = ServeOption.helpText(showing: configuration)
        #expect(!help.contains("hunter2") && !help.contains("r00t-token"))
        #expect(help.contains("  --token TOKEN  (default (set, not shown))\n"))
        #expect(help.contains("(1..1000000, default 7)"), "the other values are shown")
    }

    /// Every field of the options the service and the server are built with comes from an
    /// option: with every option away from its default, every field moves.
    @Test func everyOptionReachesTheServiceOrTheServer() throws {
        var configuration = ServeConfiguration()
        for option in ServeOption.all { try configuration.set(option.name, Self.otherValue(option)) }
        let service = TesseraRunner.serviceOptions(configuration)
        let server = TesseraRunner.serverOptions(configuration)
        let serviceFields = Mirror(reflecting: service).children.compactMap(\.label)
        let serverFields = Mirror(reflecting: server).children.compactMap(\.label)
        #expect(Self.changed(ServiceOptions(), service) == Set(serviceFields))
        #expect(Self.changed(ServerOptions(), server) == Set(serverFields))
        #expect(server.host == "10.1.2.3" && server.port == 4567 && service.defaultHoldTTL == 1)
    }

    // MARK: config/tessera.conf

    static let exampleFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config/tessera.conf")

    /// `key = value` lines of a config file, with `# key = value` (an example, commented out)
    /// marked; prose comments are skipped.
    static func entries(_ text: String) -> [(line: Int, key: String, value: String, commented: Bool)] {
        var entries: [(line: Int, key: String, value: String, commented: Bool)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            let commented = line.hasPrefix("#")
            if commented { line = String(line.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces) }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            guard let first = key.first, first.isLowercase,
                key.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" })
            else { continue }
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            entries.append((index + 1, key, value, commented))
        }
        return entries
    }

    /// What keeps a config file from documenting the table: every option, in the table's
    /// order, with the table's default where it gives a value (tessera.conf: "The values below
    /// are the defaults"), only an example commented out where there is no default, and
    /// nothing the table does not know.
    static func problems(inConfigFile text: String) -> [String] {
        let entries = Self.entries(text)
        var problems: [String] = []
        for entry in entries where ServeOption.named(entry.key) == nil {
            problems.append("line \(entry.line): '\(entry.key)' is no option")
        }
        var order: [String] = []
        for entry in entries where !order.contains(entry.key) && ServeOption.named(entry.key) != nil {
            order.append(entry.key)
        }
        for option in ServeOption.all where !order.contains(option.name) { problems.append("\(option.name) is missing") }
        if order != ServeOption.all.map(\.name).filter(order.contains) { problems.append("not in the table's order") }

        for option in ServeOption.all {
            let given = entries.filter { $0.key == option.name && !$0.commented }
            guard let defaultValue = option.defaultValue else {
                for entry in given { problems.append("line \(entry.line): \(option.name) has no default; comment it out") }
                continue
            }
            if given.count != 1 { problems.append("\(option.name) = \(defaultValue) should be given once, uncommented") }
            for entry in given {
                var configuration = ServeConfiguration()
                do {
                    try configuration.set(entry.key, entry.value)
                    if option.value(in: configuration) != defaultValue {
                        problems.append("line \(entry.line): \(entry.key) = \(entry.value), the default is \(defaultValue)")
                    }
                } catch {
                    problems.append("line \(entry.line): \(error)")
                }
            }
        }
        return problems
    }

    @Test func theShippedConfigFileFollowsTheTable() throws {
        let text = try String(contentsOf: Self.exampleFile, encoding: .utf8)
        #expect(Self.problems(inConfigFile: text) == [])
        var configuration = ServeConfiguration()
        try ConfigFile.apply(path: Self.exampleFile.path, to: &configuration)
        #expect(configuration == ServeConfiguration(), "the file as shipped changes nothing")
    }

    /// The check above fails on each way the file can drift from the table.
    @Test func aDriftedConfigFileIsCaught() throws {
        let text = try String(contentsOf: Self.exampleFile, encoding: .utf8)
        func drifted(_ from: String, _ to: String) -> [String] {
            #expect(text.contains(from), "\(from)")
            return Self.problems(inConfigFile: text.replacingOccurrences(of: from, with: to))
        }
        let line = { (key: String) in
            (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(key) } ?? -1) + 1
        }
        #expect(
            drifted("max_connections = 1024", "max_connections = 2048")
                == ["line \(line("max_connections =")): max_connections = 2048, the default is 1024"])
        #expect(drifted("max_connections = 1024", "max_connections = lots").first?.hasSuffix("got 'lots'") == true)
        #expect(drifted("# token = change-me", "# tokn = change-me") == ["line \(line("# token =")): 'tokn' is no option", "token is missing"])
        #expect(drifted("busy_poll_us = 0", "# busy_poll_us = 0") == ["busy_poll_us = 0 should be given once, uncommented"])
        #expect(drifted("busy_poll_us = 0", "") == ["busy_poll_us is missing", "busy_poll_us = 0 should be given once, uncommented"])
        #expect(drifted("# catalog = /var", "catalog = /var") == ["line \(line("# catalog =")): catalog has no default; comment it out"])
        #expect(drifted("listen = 127.0.0.1:7878", "listen = 127.0.0.1:7878\n# max_line_bytes = 64") == ["not in the table's order"])
        #expect(drifted("busy_poll_us = 0", "busy_poll_us = 0\nfast_mode = true").count == 1)
    }
}
