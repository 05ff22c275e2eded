import Foundation

/// RELOAD's answer: `OK offers=<n> members=<n> ms=<n>`.
public struct ReloadResult: ReplyDecodable, Equatable {
    public var offers: Int
    public var members: Int
    /// How long the new catalog took to load.
    public var milliseconds: Int

}

extension ReloadResult {
    public init(reply: Reply) throws(ClientError) {
        let status = try reply.parsed().status
        offers = try status.int("offers")
        members = try status.int("members")
        milliseconds = try status.int("ms")
    }
}

/// STATS' answer: one counter per `STAT name= value=` line, in the server's order.
public struct Stats: ReplyDecodable, Equatable {
    public var counters: [Counter]

    public struct Counter: Sendable, Equatable {
        public var name: String
        public var value: Int
    }

    /// The counter named `name`.
    public subscript(name: String) -> Int? { counters.first { $0.name == name }?.value }

}

extension Stats {
    public init(reply: Reply) throws(ClientError) {
        counters = []
        for line in try reply.parsed().data {
            try line.expect("STAT")
            counters.append(Counter(name: try line.string("name"), value: try line.int("value")))
        }
    }
}

/// CLOCK's answer: `OK now=<time>`.
public struct ClockResult: ReplyDecodable, Equatable {
    public var now: Date

}

extension ClockResult {
    public init(reply: Reply) throws(ClientError) {
        now = try reply.parsed().status.date("now")
    }
}

/// HELP's answer: one `VERB name= help=` line per verb.
public struct HelpResult: ReplyDecodable, Equatable {
    public var verbs: [Verb]

    public struct Verb: Sendable, Equatable {
        public var name: String
        /// One line saying what the verb does.
        public var help: String
    }

    /// The help line of `verb`.
    public subscript(verb: String) -> String? { verbs.first { $0.name == verb }?.help }

}

extension HelpResult {
    public init(reply: Reply) throws(ClientError) {
        verbs = []
        for line in try reply.parsed().data {
            try line.expect("VERB")
            verbs.append(Verb(name: try line.string("name"), help: try line.string("help")))
        }
    }
}

/// INFO's answer: one `INFO key= value=` line per fact about the server, in its order
/// (version, uptime, catalog, ledger, listen address, options; never a token).
public struct InfoResult: ReplyDecodable, Equatable {
    public var entries: [Entry]

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    /// The value of `key`.
    public subscript(key: String) -> String? { entries.first { $0.key == key }?.value }

}

extension InfoResult {
    public init(reply: Reply) throws(ClientError) {
        entries = []
        for line in try reply.parsed().data {
            try line.expect("INFO")
            entries.append(Entry(key: try line.string("key"), value: try line.string("value")))
        }
    }
}
