import Foundation
import TesseraCore
import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct CatalogEditorTests {
        @Test func initCreatesAnEmptyCatalogTheServerLoads() throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.file("new.db")
            try CatalogEditor.create(path: path)
            let catalog = try CatalogBuilder.build(CatalogLoader.loadRows(path: path))
            #expect(catalog.offerCount == 0 && catalog.memberCount == 0)
            #expect(try dir.listing() == ["new.db"], "no temporary file left behind")
            #expect(throws: AdminError("\(path) already exists (init never overwrites a file)")) {
                try CatalogEditor.create(path: path)
            }
        }

        @Test func initWithDemoHoldsTheDemoCatalog() throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.file("demo.db")
            try CatalogEditor.create(path: path, demo: true)
            #expect(try CatalogEditor(path: path).audiences().count == 14)
        }

        @Test func initRefusesAnExistingFileOfAnyKind() throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.file("notes.txt")
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: AdminError.self) { try CatalogEditor.create(path: path) }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
            #expect(throws: AdminError.self) { try CatalogEditor.create(path: dir.file("missing-dir/x.db")) }
        }

        @Test func refusesWhatIsNotATesseraCatalog() throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            #expect(
                throws: AdminError(
                    "catalog \(dir.file("none.db")) does not exist (tessera init --catalog \(dir.file("none.db")) creates one)"
                )
            ) {
                try CatalogEditor(path: dir.file("none.db"))
            }
            #expect(throws: AdminError("catalog \(dir.path) is not a regular file")) {
                try CatalogEditor(path: dir.path)
            }

            let text = dir.file("sheet.csv")
            try Data("Code,Quantity\nA,1\n".utf8).write(to: URL(fileURLWithPath: text))
            #expect(throws: AdminError("cannot open catalog \(text): file is not a database")) {
                try CatalogEditor(path: text)
            }

            let other = dir.file("other.db")
            try Database(path: other).execute("CREATE TABLE notes (text TEXT)")
            #expect(throws: AdminError.self) { try CatalogEditor(path: other) }

            let partial = dir.file("partial.db")
            let db = try Database(path: partial)
            try CatalogSchema.create(in: db)
            try db.execute("ALTER TABLE members DROP COLUMN valid_until")
            #expect(
                throws: AdminError("\(partial) is not a Tessera catalog: table members: missing column valid_until")
            ) {
                try CatalogEditor(path: partial)
            }
        }

        @Test func aFailingChangeLeavesNothingBehind() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let editor = try fixture.editor()
            #expect(throws: AdminError("boom")) {
                try editor.write {
                    try editor.run("DELETE FROM members")
                    throw AdminError("boom")
                }
            }
            #expect(try fixture.integer("SELECT count(*) FROM members") == 29)
        }

        @Test func aCatalogLockedByAnotherWriterIsReportedBusy() throws {
            let fixture = try AdminFixture(demo: true)
            defer { fixture.remove() }
            let other = try Database(path: fixture.path, mode: .readWrite)
            try other.execute("BEGIN IMMEDIATE")
            defer { try? other.execute("ROLLBACK") }
            let editor = try fixture.editor()
            editor.db.setBusyTimeout(milliseconds: 50)
            #expect(throws: AdminError.self) { try editor.createAudience(name: "Blocked") }
        }
    }
}
