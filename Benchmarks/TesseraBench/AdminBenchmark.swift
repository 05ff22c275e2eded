import Glibc
import TesseraStore

/// Times the two bulk administration paths on a fresh catalog in `directory`:
/// importing a `rows`-row sheet into one audience, then generating `rows` random
/// codes into another (each checked against every code already there, the imported
/// ones included). Issue 4's targets: a million of each in under 15 s.
///
/// The sheet is written before the clock starts; each timing covers the whole
/// command (open, read, validate, write, commit), as an operator would wait for it.
func runAdminBenchmark(rows: Int, directory: String) throws -> [(name: String, seconds: Double)] {
    let catalogPath = directory + "/admin-bench.db"
    let sheetPath = directory + "/admin-bench.csv"
    unlink(catalogPath)
    defer {
        unlink(catalogPath)
        unlink(sheetPath)
    }
    try writeBenchmarkSheet(rows: rows, to: sheetPath)
    try CatalogEditor.create(path: catalogPath)
    let setup = try CatalogEditor(path: catalogPath)
    try setup.createAudience(name: "Bench sheet", id: "bench-sheet")
    try setup.createAudience(name: "Bench codes", id: "bench-codes")

    var results: [(name: String, seconds: Double)] = []
    let clock = ContinuousClock()

    var report: ImportReport?
    let importTime = try clock.measure {
        let catalog = try CatalogEditor(path: catalogPath)
        report = try catalog.importMembers(into: "bench-sheet", from: try CSVReader(path: sheetPath))
    }
    guard let report, report.imported == rows else {
        throw AdminError(
            "benchmark import wrote \(report?.imported ?? 0) of \(rows) rows: \(report?.rejections.first?.description ?? "")"
        )
    }
    results.append(("admin import \(rows) rows", importTime.seconds))

    var generated = 0
    let codesTime = try clock.measure {
        let catalog = try CatalogEditor(path: catalogPath)
        generated = try catalog.generateCodes(into: "bench-codes", count: rows).count
    }
    guard generated == rows else { throw AdminError("benchmark generated \(generated) of \(rows) codes") }
    results.append(("admin generate \(rows) codes", codesTime.seconds))
    return results
}

/// A sheet shaped like the barcode sheets operators import: barcode, e-mail,
/// number of tickets, category, seat label; some names with accents.
private func writeBenchmarkSheet(rows: Int, to path: String) throws {
    let file = try AtomicFile(path: path)
    var out = Array("Barcode;Email;Number of tickets;Category;Seat Label\r\n".utf8)
    out.reserveCapacity(1 << 20)
    for i in 0..<rows {
        let n = String(i)
        let padded = String(repeating: "0", count: max(0, 10 - n.count)) + n
        out.append(
            contentsOf: "73500\(padded);gæst\(n)@example.dk;\(i % 4 + 1);Section\(i % 3 + 1);R\(i % 40)-\(i % 25)\r\n"
                .utf8)
        if out.count >= 1 << 20 {
            try file.write(out)
            out.removeAll(keepingCapacity: true)
        }
    }
    try file.write(out)
    try file.commit()
}

extension Duration {
    fileprivate var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
