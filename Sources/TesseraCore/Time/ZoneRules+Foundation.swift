import Foundation
import Synchronization

/// Building a zone's table from Foundation's time zone database: the only place
/// the time layer touches Foundation, and only at catalog load.
extension ZoneRules {
    /// The rules of an IANA zone (`Europe/Copenhagen`, `UTC`); nil when the
    /// identifier is unknown. Instances are cached, so reloading a catalog reuses them.
    public static func named(_ identifier: String) -> ZoneRules? {
        if let cached = cache.withLock({ $0[identifier] }) { return cached }
        guard let built = build(identifier) else { return nil }
        return cache.withLock { cache in
            if let raced = cache[identifier] { return raced }
            cache[identifier] = built
            return built
        }
    }

    /// Only known zones are cached (never garbage identifiers), so it stays small.
    private static let cache = Mutex<[String: ZoneRules]>([:])

    private static func build(_ identifier: String) -> ZoneRules? {
        guard let zone = ianaZone(identifier) else { return nil }
        let first = Date(timeIntervalSince1970: TimeInterval(tableStart))
        var transitions: [Int64] = []
        var offsets: [Int32] = [Int32(zone.secondsFromGMT(for: first))]
        var after = first
        // Foundation reports every offset change here, standard-time changes too
        // (Asia/Kolkata 1905, Pacific/Apia 2011), not only daylight saving ones.
        while let next = zone.nextDaylightSavingTimeTransition(after: after),
            next > after, next.timeIntervalSince1970 < TimeInterval(tableEnd)
        {
            after = next
            let offset = Int32(zone.secondsFromGMT(for: next))
            // Some transitions change only the name or the DST flag, not the offset.
            guard offset != offsets[offsets.count - 1] else { continue }
            transitions.append(Int64(next.timeIntervalSince1970.rounded()))
            offsets.append(offset)
        }
        return ZoneRules(identifier: identifier, transitions: transitions, offsets: offsets)
    }

    /// Foundation's zone for an IANA name. Foundation also accepts custom offsets
    /// (`GMT+1`, `UTC+01:00`), which are not IANA names, so those are refused.
    private static func ianaZone(_ identifier: String) -> TimeZone? {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        // Foundation names them `GMT+0100`; IANA's own `Etc/GMT-14`, `GMT0` stay valid.
        let resolved = zone.identifier
        let isCustomOffset = resolved.utf8.count == 8 && (resolved.hasPrefix("GMT+") || resolved.hasPrefix("GMT-"))
        return isCustomOffset ? nil : zone
    }
}
