/// ADD_MEMBER's, SET_MEMBER's and DEL_MEMBER's answer: `OK member=<id>`.
public struct MemberChangeResult: ReplyDecodable, Equatable {
    public var member: Int64
}

extension MemberChangeResult {
    public init(reply: Reply) throws(ClientError) {
        member = Int64(try reply.parsed().status.int("member"))
    }
}

/// DEL_ATTENDEE's answer: `OK removed=<0|1>`.
public struct AttendeeRemoval: ReplyDecodable, Equatable {
    public var removed: Bool
}

extension AttendeeRemoval {
    public init(reply: Reply) throws(ClientError) {
        removed = try reply.parsed().status.int("removed") == 1
    }
}

/// FIND_MEMBERS' answer: the members listed (the first 1000 in id order) and how many were found.
public struct FoundMembers: ReplyDecodable, Equatable {
    public struct Member: Sendable, Equatable {
        public var id: Int64
        public var audience: String
        /// The member's values, key and value as stored (times in UTC), in the line's order.
        public var values: [ReplyLine.Field]

        public subscript(key: String) -> String? { values.first { $0.key == key }?.value }
    }

    public var members: [Member]
    public var count: Int
}

extension FoundMembers {
    public init(reply: Reply) throws(ClientError) {
        let parsed = try reply.parsed()
        members = []
        for line in parsed.data {
            try line.expect("MEMBER")
            members.append(Member(
                id: Int64(try line.int("id")), audience: try line.string("audience"),
                values: line.fields.filter { $0.key != "id" && $0.key != "audience" }))
        }
        count = try parsed.status.int("count")
    }
}
