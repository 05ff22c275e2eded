import Foundation
import Glibc
import Testing

@testable import TesseraCore
@testable import TesseraStore

/// One server per ledger: the ledger is locked while open, and the lock says who holds it.
@Suite struct LedgerLockTests {
    @Test func aLedgerOpenElsewhereIsRefusedNamingTheProcessThatHoldsIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("ledger.db")
        let first = try Ledger(path: path)
        let log = CompletionLog()
        first.start(deliver: log.deliver)

        let error = #expect(throws: LedgerError.self) { try Ledger(path: path) }
        #expect(error?.description == "\(path): the ledger is in use by another Tessera server (process \(getpid())); "
            + "one ledger serves one server: stop that one, or give this one its own --ledger")
        // Refused before SQLite touched it: the first one writes on.
        #expect(try first.write([.hold(LedgerSamples.hold("after-refusal"))], log: log, firstTag: 0) == [true])
        first.close()

        let second = try Ledger(path: path)
        defer { second.close() }
        #expect(try second.loadHolds().map(\.id) == ["after-refusal"])
    }

    @Test func aMissingLedgerIsCreatedOnlyWhenItsDirectoryExists() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let error = #expect(throws: LedgerError.self) { try Ledger(path: dir.file("nowhere/ledger.db")) }
        #expect(error?.description == "\(dir.file("nowhere/ledger.db")): cannot open the ledger: No such file or directory")
        #expect(try dir.listing().isEmpty)
    }
}
