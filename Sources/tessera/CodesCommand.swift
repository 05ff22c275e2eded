import TesseraStore

/// `tessera codes generate`: random access codes as new members.
enum CodesCommand: TesseraCommand {
    static let name = "codes"
    static let summary = "generate random access codes for an audience"
    static let help = """
        usage: tessera codes generate --audience NAME --count N --catalog FILE [--length L] [--prefix P]
                                      [--quantity Q] [--output FILE]

        Adds N members to the audience, each with a new random code: --prefix, then L symbols
        (default 10) from 23456789ABCDEFGHJKMNPQRSTUVWXYZ — no 0/O, no 1/I/L, so codes survive
        being read aloud or typed from paper. Codes come from the kernel's cryptographic random
        source and never equal a code already in the catalog (any audience, attendee barcodes,
        promo codes), compared as the server compares codes. Q sets each member's quantity
        (default: the offer's per_member). The codes are printed one per line, or written
        atomically to --output FILE; all of them are in the catalog, or none.

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            guard arguments.first == "generate" else {
                throw UsageError(
                    arguments.first.map { "unknown sub-command '\($0)'" } ?? "missing what to do: generate")
            }
            let options = try OptionList(Array(arguments.dropFirst()), flags: [])
            try options.check(known: [
                "catalog", "config", "audience", "count", "length", "prefix", "quantity", "output",
            ])
            let audience = try options.required("audience")
            guard let count = try options.integer("count", in: 1...10_000_000) else {
                throw UsageError("--count is required")
            }
            let length = try options.integer("length", in: 4...64) ?? CatalogEditor.defaultCodeLength
            let quantity = try options.integer("quantity", in: 0...MemberRowValidator.maximumQuantity)
            let catalog = try openCatalog(options)
            // Open the output first: a file that cannot be written must stop us before
            // codes exist that nobody would ever see.
            let file = try options.value("output").map(AtomicFile.init)
            let progress = ProgressLine("generating codes")
            let codes: [String]
            do {
                // The file is written and flushed before the catalog commits, and renamed
                // into place after: a failed write adds no code.
                codes = try catalog.generateCodes(
                    into: audience, count: count, length: length, prefix: options.value("prefix") ?? "",
                    quantity: quantity,
                    progress: progress.update,
                    beforeCommit: { codes in
                        progress.finish()
                        if let file {
                            try file.write(Self.lines(codes))
                            try file.sync()
                        }
                    })
                try file?.commit()
            } catch {
                progress.finish()
                throw error
            }
            if let file {
                printError("generated \(codes.count) codes for audience '\(audience)' into \(file.path)")
            } else {
                var out = StandardOutput()
                try out.write(Self.lines(codes))
                try out.flush()
            }
            return 0
        }
    }

    /// One code a line.
    private static func lines(_ codes: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(codes.count * ((codes.first?.utf8.count ?? 0) + 1))
        for code in codes {
            bytes.append(contentsOf: code.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}
