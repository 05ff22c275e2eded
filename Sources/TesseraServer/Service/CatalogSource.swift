import Glibc
import TesseraCore
import TesseraStore

/// Where the catalog comes from: a SQLite file, or the built-in demo when the
/// server is started without one. RELOAD reads the same source again.
public enum CatalogSource: Sendable, Equatable {
    case file(String)
    /// The demo with its dates as written, around `DemoCatalog.storyDay` (the test clock's
    /// demo: the README's session reproduces line for line).
    case demo
    /// The demo with its dates moved by whole weeks so that today stands where the story
    /// day stands (`DemoCatalog.movedDays`): what `tessera serve` serves on the real clock.
    case demoMovedToToday

    /// Reads and validates the catalog; on any problem, a `CatalogError`
    /// naming table, row and problem (or the file).
    public func load() throws(CatalogError) -> Catalog {
        switch self {
        case .file(let path):
            return try CatalogBuilder.build(CatalogLoader.loadRows(path: path))
        case .demo, .demoMovedToToday:
            let days = self == .demo ? 0 : DemoCatalog.movedDays(at: Int64(time(nil)))
            let db: Database
            do {
                db = try DemoCatalog.makeDatabase(movingDatesBy: days)
            } catch {
                throw .file("cannot build the demo catalog: \(error)")
            }
            return try CatalogBuilder.build(CatalogLoader.loadRows(from: db))
        }
    }

    /// The built-in demo, on either clock: it has no file to write to.
    public var isDemo: Bool {
        switch self {
        case .file: false
        case .demo, .demoMovedToToday: true
        }
    }

    /// As INFO names it: the file's path, or `demo`.
    public var infoValue: String {
        switch self {
        case .file(let path): path
        case .demo, .demoMovedToToday: "demo"
        }
    }

    public var description: String {
        switch self {
        case .file(let path): path
        case .demo: "built-in demo catalog"
        case .demoMovedToToday:
            "built-in demo catalog (dates moved \(Self.weeks(DemoCatalog.movedDays(at: Int64(time(nil))) / 7)) to today)"
        }
    }

    private static func weeks(_ n: Int) -> String { abs(n) == 1 ? "\(n) week" : "\(n) weeks" }
}
