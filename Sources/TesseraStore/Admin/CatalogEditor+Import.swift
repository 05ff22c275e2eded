/// `tessera import`: a sheet of members into one audience.
extension CatalogEditor {
    /// Reads every record of `reader`, validates it (`MemberRowValidator`) and writes
    /// the valid ones in one transaction: new members, and with `options.update` the
    /// members that rows match, updated. Rejected rows are reported, not fatal;
    /// problems with the file itself (not UTF-8, an unclosed quote, an unreadable
    /// file, an unknown audience) throw, and then nothing is written.
    public func importMembers(
        into audience: String, from reader: CSVReader, options: ImportOptions = ImportOptions()
    ) throws(AdminError) -> ImportReport {
        let work = { () throws -> ImportReport in
            try self.importRows(into: audience, from: reader, options: options)
        }
        if options.dryRun { return try read(work) }
        return try write(commit: { $0.imported > 0 }, work)
    }

    private func importRows(into reference: String, from reader: CSVReader, options: ImportOptions) throws
        -> ImportReport
    {
        let audience = try resolveAudience(reference)
        var header: [String]?
        if options.hasHeader {
            guard let first = try reader.next() else { throw AdminError("\(reader.name) is empty") }
            header = first.fields
        }
        let mapping: ColumnMapping
        if let map = options.map {
            mapping = try ColumnMapping.parse(map, header: header)
        } else if let header {
            mapping = try ColumnMapping.fromHeader(header)
        } else {
            throw AdminError("--no-header needs --map (e.g. --map code=1,quantity=2)")
        }
        var report = ImportReport(
            audienceID: audience.id, audienceName: audience.name,
            ignoredColumns: options.map == nil ? mapping.ignoredHeaders : [],
            separator: reader.separator, dryRun: options.dryRun, strict: options.strict, update: options.update)

        // Sized from the file and its header's length, so a million values are not
        // rehashed a dozen times as the tables grow.
        let headerBytes = max(reader.bytesConsumed, 16)
        let expected = min((reader.totalBytes ?? 0) / headerBytes, 16_000_000)
        let identities = try MemberIdentities(
            reading: db, audienceID: audience.id, expectedRows: expected, sheetFields: Set(mapping.columns.keys))
        var validator = MemberRowValidator(audienceName: audience.name, identities: identities, updates: options.update)
        let inserter =
            options.dryRun ? nil : try MemberInserter(db, audienceID: audience.id, names: mapping.columns[.name] != nil)
        let updater = options.dryRun || !options.update ? nil : try MemberUpdater(db, fields: Set(mapping.columns.keys))
        // Column of each field, by `MemberField.allCases` position: no hashing per row.
        let columns = MemberField.allCases.map { mapping.columns[$0] }
        let width = header.map { options.map == nil ? $0.count : Int.max } ?? Int.max

        func progress() {
            options.progress?(
                ImportProgress(rows: report.rows, bytes: reader.bytesConsumed, totalBytes: reader.totalBytes))
        }
        while let record = try reader.next() {
            if record.fields.allSatisfy(\.isEmpty) { continue }  // `,,,`: a blank spreadsheet row
            report.rows += 1
            if report.rows % options.progressInterval == 0 { progress() }
            if record.fields.count > width, record.fields[width...].contains(where: { !$0.isEmpty }) {
                report.rejections.append(
                    Rejection(
                        line: record.line,
                        reasons: [
                            "\(record.fields.count) fields but the header has \(width) (a value holding the separator "
                                + "\(CSVSeparator.name(reader.separator)) needs quotes)"
                        ]))
                continue
            }
            let result = validator.validate(line: record.line) { field in
                guard let column = columns[field.position] else { return nil }
                return Self.present(record[column])
            }
            switch result {
            case .success(let row):
                report.valid += 1
                let write = !(options.strict && !report.rejections.isEmpty)
                if let member = row.member {
                    report.matched += 1
                    if let updater, write { try updater.update(member: member, to: row.values) }
                } else if let inserter, write {
                    try inserter.insert(row.values)
                }
            case .failure(let rejection):
                report.rejections.append(rejection)
            }
        }
        progress()
        let refused = options.strict && !report.rejections.isEmpty
        if !options.dryRun && !refused {
            report.added = report.valid - report.matched
            report.updated = report.matched
        }
        return report
    }

    /// A cell's value, or nil when it holds nothing but white space.
    static func present(_ text: String) -> String? {
        guard let first = text.utf8.first, let last = text.utf8.last else { return nil }
        if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return text }  // fast path: most cells
        return text.allSatisfy(\.isWhitespace) ? nil : text
    }
}
