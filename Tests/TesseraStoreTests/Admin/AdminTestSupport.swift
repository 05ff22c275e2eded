import Foundation
import TesseraCore
import Testing

@testable import TesseraStore

/// Groups the administration suites (issue 4), so `swift test --filter Admin` runs them all.
@Suite struct Admin {}

/// A catalog file for one test, in its own temporary directory: empty (the schema
/// only) or the demo catalog. `remove()` deletes the directory.
struct AdminFixture {
    let directory: TemporaryDirectory
    let path: String

    init(demo: Bool = false) throws {
        directory = try TemporaryDirectory()
        path = directory.file("catalog.db")
        try CatalogEditor.create(path: path, demo: demo)
    }

    func editor() throws -> CatalogEditor { try CatalogEditor(path: path) }

    func remove() { directory.remove() }

    /// Writes `text` (or raw bytes) as a file in the directory and returns its path.
    func sheet(_ name: String, _ text: String) throws -> String {
        try sheet(name, bytes: Array(text.utf8))
    }

    func sheet(_ name: String, bytes: [UInt8]) throws -> String {
        let path = directory.file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Imports `text` into `audience` as a sheet.
    @discardableResult
    func importSheet(_ text: String, into audience: String, options: ImportOptions = ImportOptions()) throws
        -> ImportReport
    {
        try editor().importMembers(into: audience, from: try CSVReader(text: text), options: options)
    }

    /// The members of one audience, in id order.
    func members(_ audience: String) throws -> [StoredMember] {
        let editor = try editor()
        var members: [StoredMember] = []
        try editor.read { try editor.forEachMember(in: audience) { members.append($0) } }
        return members
    }

    /// The catalog as the server would load it: throws when it would be refused.
    func load() throws -> Catalog {
        try CatalogBuilder.build(CatalogLoader.loadRows(path: path))
    }

    /// A statement's first column as integers, e.g. a count.
    func integer(_ sql: String) throws -> Int64 {
        let db = try Database(path: path, mode: .readOnly)
        let statement = try db.prepare(sql)
        return try statement.step() == .row ? statement.int64(at: 0) : -1
    }
}

/// A seeded random source (SplitMix64): reproducible codes in tests.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A source that repeats a short cycle of values: forces generated codes to clash.
struct RepeatingRandom: RandomNumberGenerator {
    var values: [UInt64]
    var index = 0

    mutating func next() -> UInt64 {
        defer { index = (index + 1) % values.count }
        return values[index]
    }
}

extension MemberValues {
    /// Values in `MemberField.allCases` order, as `export` writes them.
    var row: [String?] { MemberField.allCases.map { self[$0] } }
}
