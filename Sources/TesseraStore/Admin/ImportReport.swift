/// What `import` should do besides reading the sheet.
public struct ImportOptions {
    /// The first record names the columns (recognised by `MemberField(header:)`).
    public var hasHeader = true
    /// `--map code=1,quantity=2`: replaces header recognition.
    public var map: String?
    /// Import nothing when any row is rejected.
    public var strict = false
    /// Validate and report only; nothing is written.
    public var dryRun = false
    /// Called every `progressInterval` rows and once at the end.
    public var progress: ((ImportProgress) -> Void)?
    public var progressInterval = 16_384

    public init(
        hasHeader: Bool = true, map: String? = nil, strict: Bool = false, dryRun: Bool = false,
        progress: ((ImportProgress) -> Void)? = nil
    ) {
        self.hasHeader = hasHeader
        self.map = map
        self.strict = strict
        self.dryRun = dryRun
        self.progress = progress
    }
}

/// How far a long operation (an import, code generation) has come.
public struct ImportProgress: Sendable, Equatable {
    /// Rows (or codes) done.
    public var rows: Int
    /// Of how many, when known in advance.
    public var totalRows: Int?
    public var bytes: Int
    public var totalBytes: Int?

    /// 0…1 when the total is known.
    public var fraction: Double? {
        if let totalRows, totalRows > 0 { return Double(rows) / Double(totalRows) }
        if let totalBytes, totalBytes > 0 { return Double(bytes) / Double(totalBytes) }
        return nil
    }
}

/// The outcome of an import: what was read, written and refused, and why.
public struct ImportReport: Sendable, Equatable {
    public var audienceID: String
    public var audienceName: String
    /// Data rows read (not the header, not blank rows).
    public var rows = 0
    /// Rows that passed every rule.
    public var valid = 0
    /// Rows written: `valid`, or 0 on a dry run or a strict import with rejections.
    public var imported = 0
    public var rejections: [Rejection] = []
    /// Header cells that name no member field.
    public var ignoredColumns: [String] = []
    public var separator: UInt8
    public var dryRun: Bool
    public var strict: Bool

    /// One line for the operator: what happened, in words.
    public var summary: String {
        let rejected = rejections.count
        let rowsText = "\(rows) row\(rows == 1 ? "" : "s")"
        if dryRun {
            return "dry run: \(rowsText) read, \(valid) would be imported into audience '\(audienceName)', "
                + "\(rejected) rejected; nothing written"
        }
        if strict && rejected > 0 {
            return "strict: nothing imported into audience '\(audienceName)': \(rejected) of \(rowsText) rejected"
        }
        return "imported \(imported) member\(imported == 1 ? "" : "s") into audience '\(audienceName)' "
            + "(\(rowsText) read, \(rejected) rejected)"
    }
}
