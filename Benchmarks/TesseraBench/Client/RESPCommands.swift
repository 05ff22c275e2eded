/// Redis commands encoded as RESP arrays of bulk strings (`*3\r\n$4\r\nSADD\r\n…`), appended
/// to one buffer that is sent whole: the pipelined loading of `RedisCatalog`. Arguments are
/// length-prefixed, so any byte may appear in them.
struct RESPCommands {
    private(set) var bytes: [UInt8] = []
    /// Commands appended since the last `removeAll`: the replies to wait for.
    private(set) var count = 0

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func append(_ arguments: [String]) {
        bytes.append(UInt8(ascii: "*"))
        appendDecimal(arguments.count, to: &bytes)
        bytes.append(contentsOf: [0x0D, 0x0A])
        for argument in arguments {
            bytes.append(UInt8(ascii: "$"))
            appendDecimal(argument.utf8.count, to: &bytes)
            bytes.append(contentsOf: [0x0D, 0x0A])
            bytes.append(contentsOf: argument.utf8)
            bytes.append(contentsOf: [0x0D, 0x0A])
        }
        count += 1
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        count = 0
    }
}

/// Counts the replies to pipelined commands whose replies are one line each (`:1`, `+OK`,
/// `-ERR …`: what HSET, SADD and SET answer), as bytes arrive in any split.
struct RESPLineCounter {
    private(set) var lines = 0
    private(set) var errors = 0
    /// The first error line, for the report.
    private(set) var firstError: String?
    private var atLineStart = true
    private var errorLine: [UInt8]?

    mutating func feed(_ chunk: some Sequence<UInt8>) {
        for byte in chunk {
            if atLineStart, byte == UInt8(ascii: "-") {
                errors += 1
                if firstError == nil { errorLine = [] }
            }
            atLineStart = byte == 0x0A
            if byte == 0x0A {
                lines += 1
                if let line = errorLine {
                    firstError = String(decoding: line.filter { $0 != 0x0D }, as: UTF8.self)
                    errorLine = nil
                }
            } else if errorLine != nil {
                errorLine!.append(byte)
            }
        }
    }
}
