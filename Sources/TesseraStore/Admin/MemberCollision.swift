/// A value of a new row (or of `members add`) that someone in the audience already
/// has: SPEC §8 "one person is one member of an audience", applied by the CLI's
/// writers as by the server's ADD_MEMBER. Carries what the operator needs to find
/// the other one: the member's id, or the line of the sheet.
struct MemberCollision: Equatable {
    /// Who has the value.
    enum Holder: Hashable {
        /// A member the audience had before this import (or `members add`).
        case member(Int64)
        /// An earlier row of the same sheet, which adds a member or updates one.
        case line(Int)
        /// A member the audience had, which an earlier row of the sheet updates
        /// (`--update`): its values are that row's now, old ones included until
        /// the import ends, so a later row cannot take them over meanwhile.
        case updated(member: Int64, line: Int)
    }

    /// Code, e-mail or customer id.
    var field: MemberField
    /// The row's value, as written (trimmed), not normalised.
    var value: String
    var holder: Holder

    /// One reason per holder, in order of first appearance, naming every value it
    /// shares with the row: "code 'F-4' and e-mail 'dan@example.com' are already in
    /// audience 'Fans' (member 7)", "e-mail 'ANNA@Example.COM' is also on line 2".
    static func reasons(_ collisions: [MemberCollision], audienceName: String) -> [String] {
        var holders: [Holder] = []
        for collision in collisions where !holders.contains(collision.holder) { holders.append(collision.holder) }
        return holders.map { holder in
            let values = collisions.filter { $0.holder == holder }.map { "\($0.field) '\($0.value)'" }
            let verb = values.count == 1 ? "is" : "are"
            switch holder {
            case .member(let id):
                return "\(listed(values)) \(verb) already in audience '\(audienceName)' (member \(id))"
            case .line(let line):
                return "\(listed(values)) \(verb) also on line \(line)"
            case .updated(let id, let line):
                return "\(listed(values)) \(verb) already in audience '\(audienceName)' (member \(id), "
                    + "which line \(line) updates)"
            }
        }
    }

    /// "a", "a and b", "a, b and c".
    static func listed(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}
