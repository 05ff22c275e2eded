#if canImport(Glibc)
    import Glibc
#endif

/// Reads CSV (RFC 4180) record by record from a file or from bytes, never holding
/// more than one chunk of the file: a million-row sheet costs a megabyte of buffer.
///
/// What it accepts, since sheets come from Excel, Numbers, LibreOffice and scripts:
/// - fields in double quotes may hold separators, quotes (`""`) and line breaks;
/// - `\n`, `\r\n` or a lone `\r` ends a record; empty lines are skipped;
/// - spaces and tabs around an unquoted field are dropped (`VIP321, 1`), and spaces
///   before an opening or after a closing quote too; quoted content is kept exactly;
/// - a UTF-8 byte-order mark at the start is skipped;
/// - the separator is `,`, `;` or tab, detected from the first line unless given.
///
/// Text must be UTF-8: anything else stops the read with an error naming the line,
/// because guessing an encoding would silently garble names (ø, ã, Ж).
public final class CSVReader {
    /// The file's path (or the name given for bytes), for messages.
    public let name: String
    /// The separator in use: given, or detected from the first line.
    public private(set) var separator: UInt8
    /// The file's size when known, for progress.
    public let totalBytes: Int?
    /// Bytes consumed so far, for progress.
    public var bytesConsumed: Int { consumedBefore + position }

    private let fd: Int32  // -1: reading from memory
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var consumedBefore = 0
    private var atEOF = false
    private var line = 1
    /// The previous record ended on `\r`: an `\n` right after it belongs to it.
    private var skipLineFeed = false
    /// The field being read (bytes are copied: a field may span two chunks).
    private var field: [UInt8] = []
    private var fieldCountHint = 4

    static let chunkSize = 1 << 20

    /// Opens a file. A missing or unreadable file, or a directory, is a one-line error.
    public convenience init(path: String, separator: UInt8? = nil) throws(AdminError) {
        try self.init(path: path, separator: separator, chunkSize: Self.chunkSize)
    }

    /// `chunkSize` is small in tests, to cut records at every possible byte.
    convenience init(path: String, separator: UInt8?, chunkSize: Int) throws(AdminError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AdminError("cannot read \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw AdminError("cannot read \(path): \(reason)")
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            close(fd)
            throw AdminError("cannot read \(path): it is a directory")
        }
        let size = info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : nil
        try self.init(
            fd: fd, name: path, buffer: [UInt8](repeating: 0, count: max(chunkSize, 4)), totalBytes: size,
            separator: separator)
    }

    /// Reads CSV from memory (tests, and sheets that arrive other than as files).
    public convenience init(bytes: [UInt8], name: String = "input", separator: UInt8? = nil) throws(AdminError) {
        try self.init(fd: -1, name: name, buffer: bytes, totalBytes: bytes.count, separator: separator)
    }

    /// Reads CSV from text.
    public convenience init(text: String, name: String = "input", separator: UInt8? = nil) throws(AdminError) {
        try self.init(bytes: Array(text.utf8), name: name, separator: separator)
    }

    private init(fd: Int32, name: String, buffer: [UInt8], totalBytes: Int?, separator: UInt8?) throws(AdminError) {
        self.fd = fd
        self.name = name
        self.buffer = buffer
        self.totalBytes = totalBytes
        self.separator = separator ?? UInt8(ascii: ",")
        if fd < 0 {
            end = buffer.count
            atEOF = true
        } else {
            // The byte-order mark and a workbook's signature must be seen whole, however
            // reads split the file (and as far as the buffer holds them). A throw from here
            // on runs deinit, which closes the file.
            _ = try refill()
            while end < 8 && end < buffer.count && !atEOF { try readMore() }
        }
        // A workbook saved with a .csv name, or given as it is: say what to do, not "not UTF-8".
        if hasPrefix([0x50, 0x4B, 0x03, 0x04]) || hasPrefix([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw AdminError(
                "\(name) is an Excel workbook, not a CSV file: open it in Excel (or LibreOffice, Numbers), "
                    + "choose File > Save As > \"CSV UTF-8 (Comma delimited)\", and import that file")
        }
        if hasPrefix([0xFF, 0xFE]) || hasPrefix([0xFE, 0xFF]) {
            throw AdminError("\(name) is UTF-16, not UTF-8 (save the sheet as \"CSV UTF-8\")")
        }
        if hasPrefix([0xEF, 0xBB, 0xBF]) { position = 3 }
        if separator == nil { self.separator = CSVSeparator.detect(in: self.buffer[position..<end]) }
    }

    /// The one place the file is closed. A throwing init once self is whole runs deinit
    /// too, so closing there as well closed the descriptor twice, and the second close
    /// could take a number another thread had just opened (a ledger's, in the tests).
    deinit {
        if fd >= 0 { close(fd) }
    }

    /// The next record, or nil at the end of the input. Empty lines are skipped.
    public func next() throws(AdminError) -> CSVRecord? {
        while let record = try readRecord() {
            if record.fields.count == 1 && record.fields[0].isEmpty { continue }
            return record
        }
        return nil
    }

    // MARK: The state machine

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterQuoted
    }

    private func readRecord() throws(AdminError) -> CSVRecord? {
        let quote = UInt8(ascii: "\"")
        let lineFeed = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        let separator = separator
        let tabIsBlank = separator != 0x09
        var fields: [String] = []
        fields.reserveCapacity(fieldCountHint)
        // The hot loop works on locals: class properties would cost an exclusivity
        // check per byte. They are written back on every exit.
        var field: [UInt8] = []
        swap(&field, &self.field)
        field.removeAll(keepingCapacity: true)
        var chunk: [UInt8] = []
        swap(&chunk, &buffer)
        var position = self.position
        var end = self.end
        defer {
            self.position = position
            swap(&chunk, &buffer)
            swap(&field, &self.field)
        }
        var state = State.fieldStart
        var quoted = false
        var started = false
        let startLine = line
        var fieldLine = line

        func finishField() throws(AdminError) {
            fields.append(try text(of: field, quoted: quoted, line: fieldLine, tabIsBlank: tabIsBlank))
            field.removeAll(keepingCapacity: true)
            quoted = false
            state = .fieldStart
            fieldLine = line
        }
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (byte == 0x09 && tabIsBlank) }

        while true {
            if position == end {
                swap(&chunk, &buffer)  // refill writes into `buffer`: give it back first (no copy)
                self.position = position
                let more = try refill()
                swap(&chunk, &buffer)
                position = self.position
                end = self.end
                guard more else { break }
            }
            let byte = chunk[position]
            position += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == lineFeed { continue }
            }
            started = true
            if state == .quoted {
                if byte == quote {
                    state = .quoteInQuoted
                } else {
                    if byte == lineFeed { line += 1 }
                    field.append(byte)
                }
                continue
            }
            if byte == separator {
                try finishField()
                continue
            }
            if byte == lineFeed || byte == carriageReturn {
                line += 1
                skipLineFeed = byte == carriageReturn
                try finishField()
                fieldCountHint = fields.count
                return CSVRecord(line: startLine, fields: fields)
            }
            switch state {
            case .fieldStart:
                if byte == quote {
                    state = .quoted
                    quoted = true
                } else {
                    field.append(byte)
                    state = .unquoted
                }
            case .unquoted:
                if byte == quote && field.allSatisfy(isBlank) {
                    // `  "text"`: spaces before the opening quote do not unquote the field.
                    field.removeAll(keepingCapacity: true)
                    state = .quoted
                    quoted = true
                } else {
                    field.append(byte)
                }
            case .quoteInQuoted:
                if byte == quote {
                    field.append(quote)
                    state = .quoted
                } else {
                    // `"text"  ,`: blanks after the closing quote are dropped; other
                    // text is kept, as spreadsheets do, rather than refusing the row.
                    state = .afterQuoted
                    if !isBlank(byte) { field.append(byte) }
                }
            case .afterQuoted:
                if !isBlank(byte) { field.append(byte) }
            case .quoted:
                break  // handled above
            }
        }
        guard state != .quoted else {
            throw AdminError("\(name) line \(startLine): a quoted field is never closed (a \" is missing)")
        }
        guard started else { return nil }
        try finishField()
        return CSVRecord(line: startLine, fields: fields)
    }

    /// A field's bytes as text: unquoted fields trimmed, UTF-8 checked.
    private func text(of field: [UInt8], quoted: Bool, line: Int, tabIsBlank: Bool) throws(AdminError) -> String {
        let text: String? = field.withUnsafeBufferPointer { all in
            var start = 0
            var stop = all.count
            if !quoted {
                func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (byte == 0x09 && tabIsBlank) }
                while start < stop, isBlank(all[start]) { start += 1 }
                while stop > start, isBlank(all[stop - 1]) { stop -= 1 }
            }
            return String(validating: UnsafeBufferPointer(rebasing: all[start..<stop]), as: UTF8.self)
        }
        guard let text else {
            throw AdminError("\(name) line \(line): bytes that are not UTF-8 (save the sheet as \"CSV UTF-8\")")
        }
        return text
    }

    private func hasPrefix(_ bytes: [UInt8]) -> Bool {
        end - position >= bytes.count && buffer[position..<position + bytes.count].elementsEqual(bytes)
    }

    /// Reads the next chunk of the file; false at its end.
    private func refill() throws(AdminError) -> Bool {
        guard fd >= 0, !atEOF else { return false }
        consumedBefore += end
        position = 0
        end = 0
        try readMore()
        return end > 0
    }

    /// Reads what fits after `end`.
    private func readMore() throws(AdminError) {
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + end, $0.count - end) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else { throw AdminError("cannot read \(name): \(String(cString: strerror(errno)))") }
        end += count
        if count == 0 { atEOF = true }
    }
}
