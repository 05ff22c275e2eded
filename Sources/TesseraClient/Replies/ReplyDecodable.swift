import Foundation
import TesseraCore

/// A typed result read from an `OK` reply.
public protocol ReplyDecodable: Sendable {
    /// Reads `reply`, which is `OK`. Throws `ClientError.malformedReply` when it is not the
    /// reply this type describes.
    init(reply: Reply) throws(ClientError)
}

/// Typed reads of a line's fields, each throwing `malformedReply` naming the line.
extension ReplyLine {
    func string(_ key: String) throws(ClientError) -> String {
        guard let value = self[key] else { throw .malformedReply("\(head) line without \(key)=") }
        return value
    }

    func int(_ key: String) throws(ClientError) -> Int {
        guard let value = Int(try string(key)) else { throw .malformedReply("\(key)= of \(head) is not a whole number") }
        return value
    }

    func optionalInt(_ key: String) throws(ClientError) -> Int? {
        guard self[key] != nil else { return nil }
        return try int(key)
    }

    func limit(_ key: String) throws(ClientError) -> Limit {
        guard let limit = Limit(wire: try string(key)) else {
            throw .malformedReply("\(key)= of \(head) is neither a whole number nor unlimited")
        }
        return limit
    }

    func optionalLimit(_ key: String) throws(ClientError) -> Limit? {
        guard self[key] != nil else { return nil }
        return try limit(key)
    }

    func date(_ key: String) throws(ClientError) -> Date {
        guard let instant = Instant(iso8601: try string(key)) else { throw .malformedReply("\(key)= of \(head) is not a time") }
        return Date(timeIntervalSince1970: TimeInterval(instant.seconds))
    }

    func optionalDate(_ key: String) throws(ClientError) -> Date? {
        guard self[key] != nil else { return nil }
        return try date(key)
    }

    /// Throws unless the line starts with `head`.
    func expect(_ expected: String) throws(ClientError) {
        guard head == expected else { throw .malformedReply("expected a \(expected) line, got \(head)") }
    }
}

extension Reply {
    /// The data lines and the status line, parsed.
    func parsed() throws(ClientError) -> (data: [ReplyLine], status: ReplyLine) {
        var data: [ReplyLine] = []
        for line in dataLines { data.append(try ReplyLine(parsing: line)) }
        return (data, try ReplyLine(parsing: statusLine))
    }
}

/// A count that may have no bound: `remaining=`, `max_order=`, `max=`.
public enum Limit: Hashable, Sendable, CustomStringConvertible {
    case count(Int)
    case unlimited

    init?(wire: String) {
        if wire == "unlimited" {
            self = .unlimited
        } else if let n = Int(wire) {
            self = .count(n)
        } else {
            return nil
        }
    }

    /// Whether at least `n` units fit.
    public func allows(_ n: Int) -> Bool {
        switch self {
        case .unlimited: true
        case .count(let count): count >= n
        }
    }

    public var description: String {
        switch self {
        case .count(let n): String(n)
        case .unlimited: "unlimited"
        }
    }
}
