import TesseraCore

/// One live change (SPEC §8) as the catalog file takes it: rows of §2's `members` and
/// `attendees`, values as sent. The server has checked it against the served catalog.
public enum CatalogEdit: Sendable {
    /// A new `members` row; its id is chosen under the file's write lock (`MemberIDs`).
    case addMember(audienceID: String, fields: MemberFields)
    /// The given columns of member `id` (name, value; nil is NULL); others keep theirs.
    case setMember(id: Int64, columns: [(String, String?)])
    /// Removes member `id`, first recording that its id was used.
    case deleteMember(id: Int64)
    /// Appends an `attendees` row.
    case addAttendee(eventID: String, fields: AttendeeFields)
    /// Removes the last `attendees` row of the event with these values.
    case deleteAttendee(eventID: String, fields: AttendeeFields)
}

/// What an edit did, in the order of the batch's edits.
public enum CatalogEditResult: Sendable, Equatable {
    /// The member's id (new for `addMember`).
    case member(Int64)
    /// For `deleteAttendee`: whether a row was removed.
    case removed(Bool)
    case done
}

/// A batch the file did not take: nothing of it was written (SPEC §8 Busy file,
/// §6 `unavailable`).
public struct CatalogWriteError: Error, Sendable, CustomStringConvertible {
    /// Another writer held the write lock longer than the wait allows.
    public var isBusy: Bool
    public var message: String
    public var description: String { message }
}

/// A `members` row as stored, for FIND_MEMBERS' lines (SPEC §8: values as stored).
public struct StoredMemberRow: Sendable, Equatable {
    public var id: Int64
    public var audienceID: String
    /// Column name and text, in §2's order, only columns with a value.
    public var values: [(String, String)]

    public static func == (a: Self, b: Self) -> Bool {
        a.id == b.id && a.audienceID == b.audienceID && a.values.elementsEqual(b.values, by: ==)
    }
}
