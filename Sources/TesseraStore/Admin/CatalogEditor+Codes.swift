import TesseraCore

/// `tessera codes generate`: random codes as new members of one audience.
extension CatalogEditor {
    /// The default length: 31¹⁰ ≈ 8·10¹⁴ codes, so even with a million codes out a
    /// guesser needs hundreds of millions of tries per hit, yet it is short to type.
    public static let defaultCodeLength = 10

    /// Generates `count` codes (prefix + `length` random symbols), each a new member of
    /// the audience with `quantity` (nil: the offer's `per_member`), in one transaction.
    ///
    /// A code is never one already in the catalog — members' codes of every audience,
    /// attendees' barcodes, offers' promo codes — nor one generated earlier in the
    /// run, compared normalised as the server compares codes. Refuses lengths whose
    /// code space is under 100 times the count: random draws would clash often and
    /// the codes would be easy to guess.
    ///
    /// `beforeCommit` gets the codes while the transaction is still open (e.g. to write
    /// them to a file); when it throws, no code is added.
    public func generateCodes(
        into audience: String, count: Int, length: Int = defaultCodeLength, prefix: String = "", quantity: Int? = nil,
        progress: ((ImportProgress) -> Void)? = nil, beforeCommit: (([String]) throws -> Void)? = nil
    ) throws(AdminError) -> [String] {
        guard (4...64).contains(length) else { throw AdminError("--length must be from 4 to 64, got \(length)") }
        var generator = CodeGenerator(length: length, prefix: prefix, source: SystemRandomNumberGenerator())
        return try generateCodes(
            into: audience, count: count, generator: &generator, quantity: quantity, progress: progress,
            beforeCommit: beforeCommit)
    }

    /// The same with a chosen random source (tests use a seeded one).
    public func generateCodes<Source: RandomNumberGenerator>(
        into audience: String, count: Int, generator: inout CodeGenerator<Source>, quantity: Int? = nil,
        progress: ((ImportProgress) -> Void)? = nil, beforeCommit: (([String]) throws -> Void)? = nil
    ) throws(AdminError) -> [String] {
        guard (1...10_000_000).contains(count) else {
            throw AdminError("--count must be from 1 to 10000000, got \(count)")
        }
        guard (4...64).contains(generator.length) else {
            throw AdminError("--length must be from 4 to 64, got \(generator.length)")
        }
        if let quantity, !(0...MemberRowValidator.maximumQuantity).contains(quantity) {
            throw AdminError(
                "--quantity must be a whole number from 0 to \(MemberRowValidator.maximumQuantity), got \(quantity)")
        }
        guard CodeGenerator<Source>.space(length: generator.length) >= 100 * Double(count) else {
            var shortest = generator.length
            while CodeGenerator<Source>.space(length: shortest) < 100 * Double(count) { shortest += 1 }
            throw AdminError("\(count) codes need --length \(shortest) or more (fewer symbols make them easy to guess)")
        }
        return try write {
            let audience = try resolveAudience(audience)
            var taken = try catalogCodes(reserving: count)
            let inserter = try MemberInserter(db, audienceID: audience.id)
            var codes: [String] = []
            codes.reserveCapacity(count)
            var attempts = 0
            let interval = 16_384
            while codes.count < count {
                attempts += 1
                // Retries are rare (space ≥ 100 × count); this bound only stops a catalog
                // already crowded with codes of the same prefix and length.
                guard attempts <= count * 20 + 1000 else {
                    throw AdminError(
                        "could not find \(count) unused codes of this length and prefix; use a longer --length")
                }
                let code = generator.next()
                guard let key = CodeKey.key(code), taken.insert(key).inserted else { continue }
                try inserter.insert(MemberValues(code: code, quantity: quantity))
                codes.append(code)
                if codes.count % interval == 0 {
                    progress?(ImportProgress(rows: codes.count, totalRows: count, bytes: 0, totalBytes: nil))
                }
            }
            progress?(ImportProgress(rows: codes.count, totalRows: count, bytes: 0, totalBytes: nil))
            try beforeCommit?(codes)
            return codes
        }
    }

    /// Every code the server would match, normalised: members' codes in all audiences,
    /// attendees' barcodes and offers' promo codes.
    private func catalogCodes(reserving extra: Int) throws -> Set<String> {
        let statement = try db.prepare(
            """
            SELECT code FROM members WHERE code IS NOT NULL
            UNION ALL SELECT barcode FROM attendees WHERE barcode IS NOT NULL
            UNION ALL SELECT promo_code FROM offers WHERE promo_code IS NOT NULL
            """)
        var codes = Set<String>()
        codes.reserveCapacity(extra + (try count("SELECT count(*) FROM members")))
        while try statement.step() == .row {
            if let key = CodeKey.key(statement.text(at: 0)) { codes.insert(key) }
        }
        return codes
    }
}
