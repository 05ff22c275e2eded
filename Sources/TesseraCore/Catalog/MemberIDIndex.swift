/// The catalog's own members (rows of `members`) by id: ids ascending beside the position of
/// each in `Catalog.members`. SPEC §8's SET_MEMBER and DEL_MEMBER name a member by id; a
/// search of each audience's rows touched a cache line per step in a thousand audiences
/// (a millisecond on a million members), this is one binary search of a flat array.
///
/// Built with the members at no sorting cost when the loader reads rows in id order, as it
/// does: 12 bytes a member.
public struct MemberIDIndex: Sendable {
    private let ids: [Int64]
    private let positions: [Int32]

    /// `ids[i]` is the id of the own member at `positions[i]`, in any order (sorted here
    /// when not ascending).
    init(ids: [Int64], positions: [Int32]) {
        if zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 }) {
            self.ids = ids
            self.positions = positions
        } else {
            let order = ids.indices.sorted { ids[$0] < ids[$1] }
            self.ids = order.map { ids[$0] }
            self.positions = order.map { positions[$0] }
        }
    }

    /// The position of the member with id `id`, or nil.
    public func position(of id: Int64) -> Member.Index? {
        var low = 0
        var high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        guard low < ids.count, ids[low] == id else { return nil }
        return Member.Index(Int(positions[low]))
    }
}
