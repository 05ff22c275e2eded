import Foundation
import Testing
import TesseraCore
@testable import TesseraStore

/// The catalog file's side of SPEC §8: ids above the file's, the high-water mark's and the
/// floor the server gives; a batch all or nothing; DEL_ATTENDEE's comparison; values as sent.
@Suite struct CatalogWriterTests {
    func write(_ writer: CatalogWriter, _ edits: [CatalogEdit]) -> Result<[CatalogEditResult], CatalogWriteError> {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        writer.write(edits) { box.result = $0; done.signal() }
        done.wait()
        return box.result!
    }

    final class ResultBox: @unchecked Sendable { var result: Result<[CatalogEditResult], CatalogWriteError>? }

    func catalog(_ dir: TemporaryDirectory) throws -> String {
        let path = dir.file("catalog.db")
        try Database(path: path).execute(DemoCatalog.sql)
        return path
    }

    func fields(code: String) -> MemberFields {
        var f = MemberFields()
        f.code = code
        return f
    }

    @Test func idsStartAboveTheFileTheHighWaterMarkAndTheFloor() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try catalog(dir)
        let writer = CatalogWriter(path: path, idFloor: 1)
        defer { writer.close() }  // before the directory goes: SQLite tracks files by inode
        #expect(try write(writer, [.addMember(audienceID: "vip-codes", fields: fields(code: "A")),
                                   .addMember(audienceID: "vip-codes", fields: fields(code: "B"))]).get()
                == [.member(96), .member(97)])
        #expect(try write(writer, [.deleteMember(id: 97)]).get() == [.member(97)])
        #expect(try write(writer, [.addMember(audienceID: "vip-codes", fields: fields(code: "C"))]).get() == [.member(98)])
        let floored = CatalogWriter(path: path, idFloor: 500)
        defer { floored.close() }
        #expect(try write(floored, [.addMember(audienceID: "vip-codes", fields: fields(code: "D"))]).get() == [.member(500)])
        // WAL: kept in the file.
        #expect(try Database(path: path, mode: .readOnly).pragma("journal_mode") == "wal")
    }

    /// An operator moves a new catalog over the file while the writer is idle: the next change
    /// goes to the new file, the one RELOAD reads, and nothing of the old file's WAL comes
    /// with it. A missing file refuses the change.
    @Test func aReplacedFileIsOpenedAgainAndAMissingOneRefuses() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try catalog(dir)
        let writer = CatalogWriter(path: path, idFloor: 1)
        defer { writer.close() }  // before the directory goes: SQLite tracks files by inode
        #expect(try write(writer, [.addMember(audienceID: "vip-codes", fields: fields(code: "A"))]).get() == [.member(96)])
        usleep(UInt32(CatalogWriter.idleCloseSeconds * 2_000_000))  // idle: the connection closed, no WAL left
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let replacement = dir.file("new.db")
        try Database(path: replacement).execute(DemoCatalog.sql)
        #expect(rename(replacement, path) == 0)
        // Not 96 again: the writer remembers the ids it gave.
        #expect(try write(writer, [.addMember(audienceID: "vip-codes", fields: fields(code: "B"))]).get() == [.member(97)])
        let rows = try Database(path: path, mode: .readOnly).prepare("SELECT code FROM members WHERE id >= 96")
        var codes: [String] = []
        while try rows.step() == .row { codes.append(rows.text(at: 0)) }
        #expect(codes == ["B"])
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        guard case .failure(let error) = write(writer, [.addMember(audienceID: "vip-codes", fields: fields(code: "C"))]) else {
            Issue.record("written to a missing file")
            return
        }
        #expect(!error.isBusy && error.message.contains("gone"))
    }

    @Test func aLockedFileRefusesTheWholeBatchAsBusy() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try catalog(dir)
        let writer = CatalogWriter(path: path, idFloor: 1, busyWaitMilliseconds: 100)
        defer { writer.close() }
        _ = try write(writer, [.addAttendee(eventID: "gala", fields: AttendeeFields(customerID: "x"))]).get()
        let other = try Database(path: path, mode: .readWrite)
        try other.execute("BEGIN IMMEDIATE")
        let refused = write(writer, [.addMember(audienceID: "vip-codes", fields: fields(code: "A")), .deleteMember(id: 1)])
        guard case .failure(let error) = refused else { Issue.record("written through a lock"); return }
        #expect(error.isBusy)
        try other.execute("ROLLBACK")
        let count = try other.prepare("SELECT count(*) FROM members WHERE id = 1 OR code = 'A'")
        #expect(try count.step() == .row && count.int64(at: 0) == 1)
    }

    @Test func delAttendeeRemovesTheLastRowWithTheseValuesComparedAsEvalDoes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try catalog(dir)
        let writer = CatalogWriter(path: path, idFloor: 1)
        defer { writer.close() }  // before the directory goes: SQLite tracks files by inode
        let row = AttendeeFields(customerID: "c", email: " Ø@X.dk", barcode: nil)
        _ = try write(writer, [.addAttendee(eventID: "gala", fields: row), .addAttendee(eventID: "gala", fields: row)]).get()
        #expect(try write(writer, [
            .deleteAttendee(eventID: "gala", fields: AttendeeFields(customerID: "C", email: "ø@x.dk")),
            .deleteAttendee(eventID: "gala", fields: AttendeeFields(customerID: "c")),
            .deleteAttendee(eventID: "gala", fields: AttendeeFields(customerID: "c", email: "ø@x.DK ")),
        ]).get() == [.removed(false), .removed(false), .removed(true)])
        let rows = try Database(path: path, mode: .readOnly).prepare("SELECT email FROM attendees WHERE event_id = 'gala'")
        #expect(try rows.step() == .row && rows.text(at: 0) == " Ø@X.dk")  // as sent
        #expect(try rows.step() == .done)
    }
}
