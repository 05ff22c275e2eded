import TesseraCore
import TesseraNetwork

/// One loaded catalog and everything derived from it, as one immutable value:
/// the catalog, EVAL's encoded fragments of it, its version and load time. SPEC §8's live
/// membership changes sit in the catalog's `delta` (see `MemberDelta`): a RELOAD's snapshot
/// brings a catalog read from the file, which holds every change, with an empty delta, so
/// one assignment swaps both.
///
/// Why one value and not one property each: the parts are only right
/// together. Fragments of one load written with the catalog of another would
/// answer with the wrong ids and names, silently. Here the fragments are built
/// from the catalog inside `load`, the only way to make a snapshot, so no code
/// can pair them otherwise; the service installs a snapshot in one assignment;
/// and a request reads `snapshot` once, into a local, so it answers from one
/// load from start to end even if a RELOAD installs the next one meanwhile
/// (the local keeps its snapshot alive).
///
/// A final class: a request's read is one reference, one retain.
public final class Snapshot: Sendable {
    public let catalog: Catalog
    /// EVAL's ids, names and labels, encoded once from `catalog`.
    let fragments: EvalFragments
    /// 1 for the catalog loaded at start-up, one more per RELOAD installed since.
    public let version: Int
    /// How long loading `catalog` and deriving the rest took.
    public let loadMilliseconds: Int

    private init(catalog: Catalog, fragments: EvalFragments, version: Int, loadMilliseconds: Int) {
        self.catalog = catalog
        self.fragments = fragments
        self.version = version
        self.loadMilliseconds = loadMilliseconds
    }

    /// Reads `source` and derives the rest from it, timed; version 1. Runs off
    /// the loop on RELOAD (it takes seconds for a large catalog).
    static func load(_ source: CatalogSource) throws(CatalogError) -> Snapshot {
        let started = Monotonic.now()
        let catalog = try source.load()
        let fragments = EvalFragments(catalog: catalog)
        // Loading a large catalog goes through tables of rows it then frees; give those pages
        // back to the system, or they stay in the resident set (issue 17: memory).
        FreedMemory.giveBack()
        return Snapshot(
            catalog: catalog, fragments: fragments, version: 1, loadMilliseconds: Monotonic.milliseconds(since: started))
    }

    /// This snapshot numbered as the one installed after `previous`.
    func numbered(after previous: Snapshot) -> Snapshot {
        Snapshot(catalog: catalog, fragments: fragments, version: previous.version + 1, loadMilliseconds: loadMilliseconds)
    }
}
