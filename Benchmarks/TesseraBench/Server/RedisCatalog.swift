import Foundation
import Glibc
import TesseraStore

/// Loads a Tessera catalog into a Redis server, laid out as `RedisCatalogLayout` says, through
/// pipelined RESP commands on one connection: commands are encoded into a buffer of about
/// 1 MiB, sent whole, and their one-line replies counted before the next buffer (Redis reads
/// while it answers, so a megabyte of commands never blocks on its replies). The identity
/// index hashes are gathered here and written last.
enum RedisCatalog {
    struct Loaded {
        var rows = 0
        var commands = 0
        var errors = 0
        var firstError: String?
        var seconds = 0.0
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func load(catalog path: String, port: UInt16, flushBytes: Int = 1 << 20) throws -> Loaded {
        let started = monotonicNanos()
        let db = try Database(path: path, mode: .readOnly)
        let client = try RedisControlClient(port: port, timeoutSeconds: 120)
        var loaded = Loaded()
        var buffer = RESPCommands(capacity: flushBytes + 4096)
        var counter = RESPLineCounter()
        var indexes = RedisIndexes()
        func flush() throws {
            guard buffer.count > 0 else { return }
            try client.send(bytes: buffer.bytes)
            let wanted = counter.lines + buffer.count
            loaded.commands += buffer.count
            buffer.removeAll()
            try client.receive(until: { counter.lines >= wanted }) { counter.feed($0) }
        }
        for (table, _) in CatalogSchema.tables {
            // Every column the file has (SPEC §7's optional ones included), NULLs skipped.
            let statement = try db.prepare("SELECT rowid, * FROM \(table)")
            let names = (1..<statement.columnCount).map { statement.columnName(at: $0) }
            while try statement.step() == .row {
                let values = (1..<statement.columnCount).map { statement.isNull(at: $0) ? nil : statement.text(at: $0) }
                let row = RedisCatalogLayout.commands(table: table, rowid: statement.int64(at: 0), columns: names, values: values)
                for command in row.commands { buffer.append(command) }
                for entry in row.index { indexes.add(entry) }
                loaded.rows += 1
                if buffer.bytes.count >= flushBytes { try flush() }
            }
        }
        for command in indexes.commands() {
            buffer.append(command)
            if buffer.bytes.count >= flushBytes { try flush() }
        }
        try flush()
        loaded.errors = counter.errors
        loaded.firstError = counter.firstError
        loaded.seconds = Double(monotonicNanos() - started) / 1e9
        return loaded
    }
}
