import Glibc
import TesseraServer
import TesseraStore

/// Runs a command body and turns what it throws into one line on standard error and
/// an exit status: 2 for a usage mistake, 1 for anything else (SPEC §5 commands
/// fail with a one-line message, never a stack of them).
func runCommand(_ command: String, _ body: () throws -> Int32) -> Int32 {
    do {
        return try body()
    } catch let error as UsageError {
        printError("tessera \(command): \(error) (tessera \(command) --help explains)")
        return 2
    } catch let error as ConfigError {
        printError("tessera \(command): \(error)")
        return 2
    } catch {
        printError("tessera \(command): \(error)")
        return 1
    }
}

/// The catalog file: `--catalog FILE`, else the `catalog` of `--config FILE`.
func catalogPath(_ list: OptionList) throws -> String {
    if let path = list.value("catalog") { return path }
    if let config = list.value("config") {
        var configuration = ServeConfiguration()
        try ConfigFile.apply(path: config, to: &configuration)
        if let path = configuration.catalog { return path }
        throw UsageError("config file \(config) names no catalog; give --catalog FILE")
    }
    throw UsageError("--catalog FILE is required")
}

/// Opens the catalog named by `--catalog` / `--config`.
func openCatalog(_ list: OptionList) throws -> CatalogEditor {
    try CatalogEditor(path: catalogPath(list))
}

/// Writes to standard output in large blocks: a million codes or rows go out in
/// a few hundred writes, not a million.
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func line(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw AdminError("cannot write to standard output: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Text for an optional value in tables: "-" for none.
func shown(_ value: String?) -> String {
    guard let value, !value.isEmpty else { return "-" }
    return value
}
