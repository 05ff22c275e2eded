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
    /// A row whose code, e-mail or customer id one member of the audience has updates
    /// that member with the sheet's columns, instead of being rejected (`--update`).
    public var update = false
    /// Called every `progressInterval` rows and once at the end.
    public var progress: ((ImportProgress) -> Void)?
    public var progressInterval = 16_384

    public init(
        hasHeader: Bool = true, map: String? = nil, strict: Bool = false, dryRun: Bool = false, update: Bool = false,
        progress: ((ImportProgress) -> Void)? = nil
    ) {
        self.hasHeader = hasHeader
        self.map = map
        self.strict = strict
        self.dryRun = dryRun
        self.update = update
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
    /// Rows that passed every rule: new members, and with `--update` updates.
    public var valid = 0
    /// Of `valid`, the rows that update a member the audience had (`--update`).
    public var matched = 0
    /// New members written: `valid - matched`, or 0 on a dry run or a strict import with rejections.
    public var added = 0
    /// Members updated: `matched`, or 0 on a dry run or a strict import with rejections.
    public var updated = 0
    public var rejections: [Rejection] = []
    /// Header cells that name no member field.
    public var ignoredColumns: [String] = []
    public var separator: UInt8
    public var dryRun: Bool
    public var strict: Bool
    public var update: Bool

    public init(
        audienceID: String, audienceName: String, ignoredColumns: [String] = [], separator: UInt8,
        dryRun: Bool = false, strict: Bool = false, update: Bool = false
    ) {
        self.audienceID = audienceID
        self.audienceName = audienceName
        self.ignoredColumns = ignoredColumns
        self.separator = separator
        self.dryRun = dryRun
        self.strict = strict
        self.update = update
    }

    /// Rows written: new members and updated ones.
    public var imported: Int { added + updated }

    /// One line for the operator: what happened, in words. Without `--update` it
    /// speaks of imported members only, as nothing else can happen.
    public var summary: String {
        let rejected = rejections.count
        let rowsText = "\(rows) row\(rows == 1 ? "" : "s")"
        if dryRun {
            let would =
                update
                ? "\(valid - matched) would be added to and \(matched) would update members of"
                : "\(valid) would be imported into"
            return "dry run: \(rowsText) read, \(would) audience '\(audienceName)', \(rejected) rejected; "
                + "nothing written"
        }
        if strict && rejected > 0 {
            return "strict: nothing imported into audience '\(audienceName)': \(rejected) of \(rowsText) rejected"
        }
        if update {
            return "audience '\(audienceName)': \(added) added, \(updated) updated, \(rejected) rejected "
                + "(\(rowsText) read)"
        }
        return "imported \(added) member\(added == 1 ? "" : "s") into audience '\(audienceName)' "
            + "(\(rowsText) read, \(rejected) rejected)"
    }
}
