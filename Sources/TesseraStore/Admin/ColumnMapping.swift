/// Which column of a sheet fills which member field: read from the header row, or
/// given with `--map code=1,quantity=2` (columns count from 1, as a spreadsheet's do).
public struct ColumnMapping: Sendable, Equatable {
    /// 0-based column of each mapped field.
    public var columns: [MemberField: Int]
    /// Header cells that name no member field: reported, not imported.
    public var ignoredHeaders: [String] = []

    public init(columns: [MemberField: Int], ignoredHeaders: [String] = []) {
        self.columns = columns
        self.ignoredHeaders = ignoredHeaders
    }

    /// Recognises the header row. Fails when two columns fill the same field (which
    /// one is meant?) or when no column names a code, an e-mail or a customer: then
    /// the first line is probably data, and `--no-header --map` is what is needed.
    public static func fromHeader(_ header: [String]) throws(AdminError) -> ColumnMapping {
        var mapping = ColumnMapping(columns: [:])
        var names: [MemberField: String] = [:]
        for (i, cell) in header.enumerated() {
            guard let field = MemberField(header: cell) else {
                if !cell.isEmpty { mapping.ignoredHeaders.append(cell) }
                continue
            }
            if let other = names[field] {
                throw AdminError(
                    "columns '\(other)' and '\(cell)' both give the \(field.description); choose one with --map")
            }
            names[field] = cell
            mapping.columns[field] = i
        }
        try mapping.requireIdentity(
            "the header row (\(header.map { "'\($0)'" }.joined(separator: ", "))) has no Code, Barcode, Email or Customer column; "
                + "if the first line is data, use --no-header --map code=1")
        return mapping
    }

    /// Reads `--map`: `field=column` pairs separated by commas, a column being its
    /// 1-based number or, when the sheet has a header, its header text.
    public static func parse(_ map: String, header: [String]?) throws(AdminError) -> ColumnMapping {
        var mapping = ColumnMapping(columns: [:])
        for pair in map.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmed }
            guard parts.count == 2, let field = MemberField(header: parts[0]) else {
                throw AdminError(
                    "--map takes field=column pairs (fields: "
                        + MemberField.allCases.map(\.mapName).joined(separator: ", ") + "), got '\(pair)'")
            }
            let column: Int
            if let number = Int(parts[1]) {
                guard number >= 1 else {
                    throw AdminError("--map: columns count from 1, got \(field.mapName)=\(number)")
                }
                column = number - 1
            } else if let header, let index = header.firstIndex(where: { $0.lowercased() == parts[1].lowercased() }) {
                column = index
            } else {
                throw AdminError(
                    "--map: \(field.mapName)=\(parts[1]) names no column (give its number, counting from 1)")
            }
            guard mapping.columns[field] == nil else { throw AdminError("--map gives \(field.mapName) twice") }
            mapping.columns[field] = column
        }
        try mapping.requireIdentity("--map must give a code, email or customer column")
        return mapping
    }

    private func requireIdentity(_ message: String) throws(AdminError) {
        guard columns[.code] != nil || columns[.email] != nil || columns[.customer] != nil else {
            throw AdminError(message)
        }
    }
}

extension MemberField: CustomStringConvertible {
    /// Words for messages: "code", "e-mail", "valid from".
    public var description: String {
        switch self {
        case .email: "e-mail"
        case .customer: "customer id"
        case .validFrom: "valid from"
        case .validUntil: "valid until"
        default: rawValue
        }
    }

    /// The key `--map` documents: the SQL-ish spelling.
    public var mapName: String {
        switch self {
        case .validFrom: "valid_from"
        case .validUntil: "valid_until"
        default: rawValue
        }
    }
}
