import TesseraStore

/// `tessera audience …`: customer groups, by id or name.
enum AudienceCommand: TesseraCommand {
    static let name = "audience"
    static let summary = "create, list, show, activate, deactivate, rename, delete audiences"
    static let help = """
        usage: tessera audience list        --catalog FILE [--json]
               tessera audience show        NAME --catalog FILE [--json]
               tessera audience create      NAME --catalog FILE [--id ID] [--description TEXT] [--inactive]
                                            [--source-event EVENT]
               tessera audience activate    NAME --catalog FILE
               tessera audience deactivate  NAME --catalog FILE
               tessera audience rename      NAME NEW-NAME --catalog FILE
               tessera audience delete      NAME --catalog FILE [--force]

        NAME is an audience's id or its name. `create` makes the id from the name unless --id
        is given (offers refer to the id; rename changes only the name). A deactivated audience
        keeps its members and offers but grants nothing. `delete` removes the audience and its
        members; while offers use it, it refuses unless --force, which deletes those offers too.
        --config FILE may name the catalog instead of --catalog. A running server sees changes
        after `tessera reload` (or SIGHUP).

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            guard let verb = arguments.first else { throw UsageError("missing what to do: list, show, create, …") }
            let rest = Array(arguments.dropFirst())
            switch verb {
            case "list": return try list(rest)
            case "show": return try show(rest)
            case "create": return try create(rest)
            case "activate", "deactivate": return try activate(rest, verb == "activate")
            case "rename": return try rename(rest)
            case "delete": return try delete(rest)
            default: throw UsageError("unknown sub-command '\(verb)'")
            }
        }
    }

    private static let catalogOptions: Set<String> = ["catalog", "config"]

    private static func list(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["json"])
        try options.check(known: catalogOptions.union(["json"]))
        let audiences = try openCatalog(options).audiences()
        if options.has("json") {
            print(JSONOutput.array(audiences.map(json)).text)
            return 0
        }
        var table = TextTable(header: ["ID", "NAME", "ACTIVE", "MEMBERS", "OFFERS"])
        for audience in audiences {
            table.add([
                audience.id, audience.name, audience.active ? "yes" : "no", members(audience),
                audience.offers.isEmpty ? "-" : audience.offers.map(\.id).joined(separator: ","),
            ])
        }
        table.lines.forEach { print($0) }
        return 0
    }

    private static func show(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["json"], positionals: 1)
        try options.check(known: catalogOptions.union(["json"]))
        let audience = try openCatalog(options).audience(try options.positional(0, "NAME"))
        if options.has("json") {
            print(json(audience).text)
            return 0
        }
        print("id           \(audience.id)")
        print("name         \(audience.name)")
        print("description  \(shown(audience.description))")
        print("active       \(audience.active ? "yes" : "no")")
        print("members      \(members(audience)) (\(audience.codeCount) with a code)")
        if audience.offers.isEmpty {
            print("offers       none")
        } else {
            for (i, offer) in audience.offers.enumerated() {
                print(
                    "\(i == 0 ? "offers      " : "            ") \(offer.id) (\(offer.name))\(offer.enabled ? "" : ", disabled")"
                )
            }
        }
        return 0
    }

    private static func create(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["inactive"], positionals: 1)
        try options.check(known: catalogOptions.union(["id", "description", "inactive", "source-event"]))
        let name = try options.positional(0, "NAME")
        let id = try openCatalog(options).createAudience(
            name: name, id: options.value("id"), description: options.value("description"),
            active: !options.has("inactive"), sourceEventID: options.value("source-event"))
        print("created audience '\(name.trimmedName)' (id \(id))\(options.has("inactive") ? ", inactive" : "")")
        return 0
    }

    private static func activate(_ arguments: [String], _ active: Bool) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 1)
        try options.check(known: catalogOptions)
        let reference = try options.positional(0, "NAME")
        let changed = try openCatalog(options).setActive(reference, active)
        print("audience '\(reference)' \(changed ? "is now" : "was already") \(active ? "active" : "inactive")")
        return 0
    }

    private static func rename(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [], positionals: 2)
        try options.check(known: catalogOptions)
        let reference = try options.positional(0, "NAME")
        let newName = try options.positional(1, "NEW-NAME")
        try openCatalog(options).renameAudience(reference, to: newName)
        print("audience '\(reference)' is now named '\(newName.trimmedName)'")
        return 0
    }

    private static func delete(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["force"], positionals: 1)
        try options.check(known: catalogOptions.union(["force"]))
        let deleted = try openCatalog(options).deleteAudience(
            try options.positional(0, "NAME"), force: options.has("force"))
        var text =
            "deleted audience '\(deleted.audienceID)' and its \(deleted.members) member\(deleted.members == 1 ? "" : "s")"
        if !deleted.offers.isEmpty {
            text += ", and offer\(deleted.offers.count == 1 ? "" : "s") " + deleted.offers.joined(separator: ", ")
        }
        print(text)
        return 0
    }

    static func json(_ audience: AudienceSummary) -> JSONOutput {
        .object([
            ("id", .string(audience.id)), ("name", .string(audience.name)),
            ("description", .optional(audience.description)), ("active", .bool(audience.active)),
            ("source_event_id", .optional(audience.sourceEventID)), ("members", .int(audience.memberCount)),
            ("codes", .int(audience.codeCount)), ("attendees", .int(audience.attendeeCount)),
            (
                "offers",
                .array(
                    audience.offers.map {
                        .object([("id", .string($0.id)), ("name", .string($0.name)), ("enabled", .bool($0.enabled))])
                    })
            ),
        ])
    }

    private static func members(_ audience: AudienceSummary) -> String {
        guard let source = audience.sourceEventID else { return String(audience.memberCount) }
        return "\(audience.memberCount) + \(audience.attendeeCount) attendees of \(source)"
    }
}

extension String {
    /// The name as the catalog stores it (surrounding white space dropped).
    var trimmedName: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
