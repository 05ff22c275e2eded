import Testing
@testable import TesseraCore

@Suite struct ShardedTableTests {
    @Test func behavesLikeOneDictionary() {
        var table = ShardedTable<Int>()
        var reference: [String: Int] = [:]
        for i in 0..<5_000 {
            let id = "hold-\(i % 3_000)"
            table[id] = i
            reference[id] = i
            if i % 7 == 0 {
                let gone = "hold-\(i / 2)"
                #expect(table.removeValue(forKey: gone) == reference.removeValue(forKey: gone))
            }
        }
        table["hold-1"] = nil
        reference["hold-1"] = nil
        #expect(table.count == reference.count)
        #expect(Dictionary(uniqueKeysWithValues: reference.keys.map { ($0, table[$0]!) }) == reference)
        #expect(table.values.sorted() == reference.values.sorted())
        #expect(!table.contains("hold-1") && table.contains("hold-2"))
        table.removeAll()
        #expect(table.count == 0 && table.values.first(where: { _ in true }) == nil)
    }
}
