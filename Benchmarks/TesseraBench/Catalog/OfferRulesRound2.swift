import Foundation
import TesseraStore

/// A generated catalog with SPEC §7's offer columns in use (`large-r2`, `small-r2`):
/// the same rows and requests as its base catalog, plus a money budget on one offer in
/// three that discounts and a group minimum of 2 on one in seven where `per_order`
/// allows it. Overlapping offers (customers in up to 20 audiences) are in every
/// catalog already, so EVAL marks `best=1` in both; this one adds `budget_left`, the
/// TICKET lines' `max=` and the budget's part in what is usable.
///
/// A copy of the base catalog with the columns added, not a second generator: the
/// two files differ only in what §7 adds, so their figures compare like with like.
enum OfferRulesRound2 {
    /// Large enough that no benchmark run uses up a budget (HOLDs take from `o0000-0`,
    /// which is left without one).
    static let budget = 1_000_000_000

    static let sql = """
        ALTER TABLE offers ADD COLUMN min_order INTEGER;
        ALTER TABLE offers ADD COLUMN budget INTEGER;
        UPDATE offers SET budget = \(budget) WHERE rowid % 3 = 0 AND discount <> 'none' AND id <> 'o0000-0';
        UPDATE offers SET min_order = 2
          WHERE rowid % 7 = 1 AND (per_order IS NULL OR per_order >= 2) AND id <> 'o0000-0';
        """

    /// The round-2 variant of `base` (a generated catalog's path), made once beside it.
    static func catalog(from base: String, log: (String) -> Void) throws -> String {
        let path = base.replacingOccurrences(of: ".sqlite", with: "-r2.sqlite")
        if FileManager.default.fileExists(atPath: path) { return path }
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        try FileManager.default.copyItem(atPath: base, toPath: partial)
        let db = try Database(path: partial, mode: .readWrite)
        try db.execute("BEGIN")
        try db.execute(sql)
        try db.execute("COMMIT")
        let counted = try db.prepare(
            "SELECT count(budget), count(min_order), count(*) FROM offers")
        if try counted.step() == .row {
            log("made \(path): \(counted.int64(at: 0)) offers with a budget, \(counted.int64(at: 1)) with a group minimum, of \(counted.int64(at: 2))")
        }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return path
    }
}
