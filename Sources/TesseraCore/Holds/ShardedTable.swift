/// Hold records by id (and the ids currently counted). With a ledger they hold the live
/// holds and those with a write in flight (`UsageBook`, issue 17); without one, and in
/// reports that load a whole ledger, every hold ever made.
public typealias HoldTable = ShardedTable<HoldRecord>

/// A dictionary from string ids, split over 64 dictionaries by the id's hash.
///
/// A Swift dictionary grows by rehashing every entry at once: with a few
/// hundred thousand holds one growth step stalled the event loop for
/// 100-200 ms, and every connection with it. Split 64 ways, each step moves
/// 1/64 of the entries. Lookups pay one extra hash.
public struct ShardedTable<Value: Sendable>: Sendable {
    private var shards: [[String: Value]] = Array(repeating: [:], count: shardCount)
    public private(set) var count = 0

    static var shardCount: Int { 64 }

    public init() {}

    @inline(__always) private static func shard(of id: String) -> Int {
        id.hashValue & (shardCount - 1)
    }

    public subscript(id: String) -> Value? {
        get { shards[Self.shard(of: id)][id] }
        set {
            let s = Self.shard(of: id)
            let before = shards[s].count
            shards[s][id] = newValue
            count += shards[s].count - before
        }
    }

    public func contains(_ id: String) -> Bool { self[id] != nil }

    @discardableResult
    public mutating func removeValue(forKey id: String) -> Value? {
        guard let removed = shards[Self.shard(of: id)].removeValue(forKey: id) else { return nil }
        count -= 1
        return removed
    }

    public mutating func removeAll() {
        for s in shards.indices { shards[s].removeAll(keepingCapacity: true) }
        count = 0
    }

    /// Every value, in no particular order.
    public var values: some Sequence<Value> { shards.lazy.flatMap(\.values) }
}

extension ShardedTable where Value == HoldRecord {
    public init(_ records: some Sequence<HoldRecord>) {
        for record in records { self[record.id] = record }
    }
}
