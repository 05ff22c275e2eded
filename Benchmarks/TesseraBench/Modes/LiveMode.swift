import Foundation
import TesseraCore
import TesseraServer

/// `tessera-bench live`: SPEC §8's cost rule, in process. What one live change costs the
/// server apart from the disk (the checks against the served catalog, then applying it to
/// the catalog's `MemberDelta`), over `--changes` changes (half ADD_MEMBER, three in ten
/// SET_MEMBER of a catalog member's code, two in ten DEL_MEMBER); and EVAL's time per
/// request on the same requests before and after them. Two copies of the catalog are
/// loaded, one left as it is; EVAL is timed on each in turn, round after round, and the
/// ratio is the median of the rounds' ratios, so a machine busy with other work slows both.
enum LiveMode {
    static let options: Set<String> = ["catalog", "changes", "evals", "rounds"]

    static func run(_ options: Options) throws -> Int32 {
        let bench = try Workbench(options)
        let catalog = try bench.catalog(options.string("catalog", default: "large"))
        let changes = try options.int("changes", default: 100_000)
        let evals = try options.int("evals", default: 200_000)
        let served = try CatalogSource.file(catalog.path).load()
        note("catalog: \(served.memberCount) members, \(served.audiences.count) audiences")

        let askers = Array((catalog.population.customer1.prefix(2_000) + catalog.population.codes.prefix(2_000)))
        let requests = askers.compactMap { asker -> (Event.Index, Shopper)? in
            guard let event = served.eventByID[asker.event] else { return nil }
            return (event, Shopper(customer: asker.customer, codes: asker.code.map { [$0] } ?? []))
        }
        let usage = UsageBook()
        let now = Instant(seconds: 1_795_435_200)
        func evalNanoseconds(_ catalog: Catalog) -> Double {
            var sink = 0
            let started = monotonicNanoseconds()
            for i in 0..<evals {
                let (event, shopper) = requests[i % requests.count]
                sink &+= catalog.evaluate(event: event, shopper: shopper, at: now, usage: usage).offers.count
            }
            if sink == -1 { print(sink) }
            return Double(monotonicNanoseconds() - started) / Double(evals)
        }
        let pristine = try CatalogSource.file(catalog.path).load()

        // Catalog members to change or remove, picked once, each at most once.
        var generator = SystemRandomNumberGenerator()
        // Not the members the measured requests match: EVAL after the changes then answers
        // what it answered before, and the two times compare like for like.
        var asked = Set<Int>()
        for (_, shopper) in requests { for match in served.matches(for: shopper) { asked.insert(match.member.position) } }
        var ids: [Int64] = []
        for m in served.members.indices.shuffled(using: &generator) where !asked.contains(m) {
            if case .row(let id) = served.members[m].key { ids.append(id) }
            if ids.count == changes { break }
        }
        var nextID: Int64 = 10_000_000_000
        var durations: [Int64] = []
        durations.reserveCapacity(changes)
        for i in 0..<changes {
            let started = monotonicNanoseconds()
            switch i % 10 {
            case 0..<5:
                var fields = MemberFields()
                fields.code = "LIVE-\(i)"
                let audience = Audience.Index(i % served.audiences.count)
                if served.conflict(in: audience, with: fields, excluding: nil) == nil {
                    served.applyAdd(id: nextID, audience: audience, fields: fields)
                    nextID += 1
                }
            case 5..<8:
                let id = ids[i % ids.count]
                if let m = served.servedMember(id: id) {
                    var fields = served.fields(of: m)
                    fields.code = "LIVESET-\(i)"
                    if served.conflict(in: served.served[m].audience, with: fields, excluding: id) == nil {
                        served.applySet(id: id, fields: fields)
                    }
                }
            default:
                let id = ids[i % ids.count]
                if served.servedMember(id: id) != nil { served.applyDelete(id: id) }
            }
            durations.append(monotonicNanoseconds() - started)
        }
        var before: [Double] = [], after: [Double] = [], ratios: [Double] = []
        // Two functions, so that a profile (callgrind --toggle-collect) tells them apart.
        @inline(never) func evalBefore() -> Double { evalNanoseconds(pristine) }
        @inline(never) func evalAfter() -> Double { evalNanoseconds(served) }
        for _ in 0..<(try options.int("rounds", default: 7)) {
            let b = evalBefore(), a = evalAfter()
            before.append(b); after.append(a); ratios.append(a / b)
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        guard let slowest = durations.indices.max(by: { durations[$0] < durations[$1] }) else {
            print(String(format: "EVAL in process: %.0f ns/request (no changes)", median(before)))
            return 0
        }
        note("slowest change: #\(slowest), \(durations[slowest] / 1000) µs; the first, which sizes the delta's tables: \(durations.first.map { $0 / 1000 } ?? 0) µs")
        durations.sort()
        let mean = Double(durations.reduce(0, +)) / Double(max(1, durations.count)) / 1000
        func percentile(_ p: Double) -> Double { Double(durations[min(durations.count - 1, Int(Double(durations.count) * p))]) / 1000 }
        print(String(format: "live changes: %d, per change (server work, no disk): mean %.1f µs, p50 %.1f µs, p99 %.1f µs, max %.1f µs",
                     changes, mean, percentile(0.5), percentile(0.99), Double(durations.last ?? 0) / 1000))
        print(String(format: "EVAL in process: %.0f ns/request before, %.0f ns/request after (medians of the rounds); after/before %.3f (median of the rounds' ratios)",
                     median(before), median(after), median(ratios)))
        print("members served after: \(served.memberCount)")
        return 0
    }

    static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
