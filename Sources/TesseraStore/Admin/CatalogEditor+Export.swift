/// `tessera members export`: an audience as a sheet that `import` reads back unchanged.
extension CatalogEditor {
    /// Writes the header (`MemberField.header`, every field) and one record per member
    /// in id order, handing `sink` chunks of about 64 KB so a million members never sit
    /// in memory at once. Returns the number of members written.
    ///
    /// A NULL and an empty text are both written as an empty field, and read back as
    /// NULL: the server treats them alike.
    @discardableResult
    public func exportMembers(
        of audience: String, separator: UInt8 = UInt8(ascii: ","), byteOrderMark: Bool = false,
        to sink: ([UInt8]) throws -> Void
    ) throws(AdminError) -> Int {
        try read {
            let audience = try resolveAudience(audience)
            let writer = CSVWriter(separator: separator)
            var out: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
            out.reserveCapacity(1 << 16 + 4096)
            // Name only when the catalog has the column: an export of a catalog without names
            // reads as it always did.
            let fields = try MemberNameColumn.exists(in: db) ? MemberField.allCases : MemberField.allCases.filter { $0 != .name }
            writer.append(fields.map(\.header), to: &out)
            var count = 0
            try forEachMember(in: audience.id) { member in
                writer.append(fields.map { member.values[$0] }, to: &out)
                count += 1
                if out.count >= 1 << 16 {
                    try sink(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
            if !out.isEmpty { try sink(out) }
            return count
        }
    }
}
