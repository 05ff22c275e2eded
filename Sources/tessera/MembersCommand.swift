import TesseraClient
import TesseraStore

/// `tessera members …`: one member at a time, search, and export.
enum MembersCommand: TesseraCommand {
    static let name = "members"
    static let summary = "add, remove, set-quantity, search and export members"
    static let help = """
        usage: tessera members add          --audience NAME --catalog FILE [--code C] [--email E] [--customer ID]
                                            [--quantity N] [--category C] [--seat S] [--location L]
                                            [--valid-from TIME] [--valid-until TIME] [--name NAME]
               tessera members add          --audience ID --server HOST:PORT [--token T] [--config FILE] [the same values]
               tessera members remove|set-quantity --audience ID --server HOST:PORT [--token T] [the same selectors]
               tessera members remove       --audience NAME --catalog FILE (--code C | --email E | --customer ID | --id N)
               tessera members set-quantity --audience NAME --catalog FILE (--code C | --email E | --customer ID | --id N)
                                            --quantity N|none
               tessera members search       TEXT --catalog FILE [--by code|email|customer] [--prefix | --part]
                                            [--audience NAME] [--limit N] [--json]
               tessera members export       --audience NAME --catalog FILE [--output FILE] [--separator ,|;|tab] [--bom]

        `add` checks a member as `import` checks a row. One person is one member of an audience:
        a code or e-mail (trimmed, case-insensitive) or customer id (exactly) that a member of the
        audience already has is refused, naming that member; attendees and other audiences do not
        count (`import --update` with a one-row sheet changes an existing member's values).
        `remove` and `set-quantity` act on every member of the audience that matches; codes and
        e-mails match as the server matches them (trimmed, case-insensitive), customer ids
        exactly. `--quantity none` means the offer's per_member. `search` looks in codes, e-mails
        and customer ids (or only --by one), whole values or, with --prefix, beginnings, or with
        --part any part of them or of the name, case- and accent-insensitive (`sø` finds Søren
        and SOREN); a member's --name is for people searching, never matched at checkout; it shows
        the first --limit (default 50) matches, or with --json {"total":N,"members":[…]}.
        `export` writes the audience as CSV (to standard output, or atomically to --output)
        that `tessera import` reads back unchanged; --bom helps Excel recognise UTF-8.

        With --server, `add`, `remove` and `set-quantity` apply the change through a running
        server (ADD_MEMBER, DEL_MEMBER, SET_MEMBER; FIND_MEMBERS to find them, SPEC §8):
        it is in the catalog file and served at once, without a RELOAD, under the server's rules
        (one person, one member per audience; ERR conflict names the member). --audience is then
        the audience's id; the token is --token, else the admin_token or token of --config.

        """

    static func run(_ arguments: [String]) -> Int32 {
        runCommand(name) {
            guard let verb = arguments.first else { throw UsageError("missing what to do: add, remove, …") }
            let rest = Array(arguments.dropFirst())
            switch verb {
            case "add": return try add(rest)
            case "remove": return try remove(rest)
            case "set-quantity": return try setQuantity(rest)
            case "search": return try search(rest)
            case "export": return try export(rest)
            default: throw UsageError("unknown sub-command '\(verb)'")
            }
        }
    }

    private static let common: Set<String> = ["catalog", "config", "audience"]
    private static let selectors: Set<String> = ["code", "email", "customer", "id"]
    /// Options that send a change through a running server instead of editing the file.
    private static let serverKeys: Set<String> = ["server", "token", "timeout-seconds"]

    /// `members add` options and the field each fills.
    private static let fieldOptions: [(option: String, field: MemberField)] = [
        ("code", .code), ("email", .email), ("customer", .customer), ("quantity", .quantity),
        ("category", .category), ("seat", .seat), ("location", .location), ("valid-from", .validFrom),
        ("valid-until", .validUntil), ("name", .name),
    ]

    private static func add(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [])
        if options.value("server") != nil { return try addThroughServer(options) }
        try options.check(known: common.union(fieldOptions.map(\.option)))
        let audience = try options.required("audience")
        var fields: [MemberField: String] = [:]
        for (option, field) in fieldOptions { fields[field] = options.value(option) }
        let id = try openCatalog(options).addMember(to: audience, fields)
        print("added member \(id) to audience '\(audience)'")
        return 0
    }

    /// `remove` and `set-quantity` with `--server`: the audience's members the selector finds
    /// (FIND_MEMBERS, matched as the server matches; `--id` names one member), each changed
    /// through the server. Returns how many; none found is an error, as for the file.
    private static func throughServer(
        _ options: OptionList, audience: String, _ selector: MemberSelector,
        _ change: (Client, Int64) throws(ClientError) -> Void
    ) throws -> Int {
        let client = try Client(try serverOptions(options))
        defer { _ = try? client.request(.quit) }
        let ids: [Int64]
        switch selector {
        case .id(let id): ids = [id]
        case .code(let code): ids = try client.findMembers(audience: audience, code: code).members.map(\.id)
        case .email(let email): ids = try client.findMembers(audience: audience, email: email).members.map(\.id)
        case .customer(let customer): ids = try client.findMembers(audience: audience, customer: customer).members.map(\.id)
        }
        guard !ids.isEmpty else { throw UsageError("no member of audience '\(audience)' has \(selector)") }
        for id in ids { try change(client, id) }
        return ids.count
    }

    /// `members add --server`: ADD_MEMBER through the running server, via the client library.
    private static func addThroughServer(_ options: OptionList) throws -> Int32 {
        try options.check(known: Set(["server", "token", "config", "timeout-seconds", "audience"]).union(fieldOptions.map(\.option)))
        guard options.value("name") == nil else {
            throw UsageError("--name cannot go through a server (ADD_MEMBER has no name); add the member with --catalog FILE")
        }
        let audience = try options.required("audience")
        let v = { (option: String) in options.value(option) }
        let values = Request.MemberValues(
            customer: v("customer"), email: v("email"), code: v("code"), quantity: v("quantity"), category: v("category"),
            seat: v("seat"), location: v("location"), validFrom: v("valid-from"), validUntil: v("valid-until"))
        let client = try Client(try serverOptions(options))
        defer { _ = try? client.request(.quit) }
        let id = try client.addMember(audience: audience, values)
        print("added member \(id) to audience '\(audience)' through the server")
        return 0
    }

    private static func remove(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [])
        try options.check(known: common.union(selectors).union(serverKeys))
        let audience = try options.required("audience")
        let selector = try selector(options)
        if options.value("server") != nil {
            let count = try throughServer(options, audience: audience, selector) { client, id throws(ClientError) in
                try client.delMember(id: id)
            }
            print("removed \(count) member\(count == 1 ? "" : "s") with \(selector) from audience '\(audience)' through the server")
            return 0
        }
        let count = try openCatalog(options).removeMembers(from: audience, matching: selector)
        print("removed \(count) member\(count == 1 ? "" : "s") with \(selector) from audience '\(audience)'")
        return 0
    }

    private static func setQuantity(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: [])
        try options.check(known: common.union(selectors).union(["quantity"]).union(serverKeys))
        let audience = try options.required("audience")
        let selector = try selector(options)
        let text = try options.required("quantity")
        let quantity: Int?
        if text == "none" {
            quantity = nil
        } else {
            guard let n = Int(text), n >= 0 else {
                throw UsageError("--quantity must be a whole number of 0 or more, or none")
            }
            quantity = n
        }
        if options.value("server") != nil {
            let count = try throughServer(options, audience: audience, selector) { client, id throws(ClientError) in
                try client.setMember(id: id, .init(quantity: quantity.map(String.init) ?? ""))
            }
            print("set quantity \(quantity.map(String.init) ?? "none") on \(count) member\(count == 1 ? "" : "s") with \(selector) through the server")
            return 0
        }
        let count = try openCatalog(options).setQuantity(quantity, in: audience, matching: selector)
        print(
            "set quantity \(quantity.map(String.init) ?? "none") on \(count) member\(count == 1 ? "" : "s") with \(selector)"
        )
        return 0
    }

    private static func search(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["prefix", "part", "json"], positionals: 1)
        try options.check(known: common.union(["by", "prefix", "part", "limit", "json"]))
        if options.has("prefix") && options.has("part") { throw UsageError("--prefix and --part cannot be combined") }
        let text = try options.positional(0, "TEXT to search for")
        let field: MemberQuery.Field
        if let by = options.value("by") {
            guard let chosen = MemberQuery.Field(rawValue: by), chosen != .any else {
                throw UsageError("--by must be code, email or customer, got '\(by)'")
            }
            field = chosen
        } else {
            field = .any
        }
        let limit = try options.integer("limit", in: 1...1_000_000) ?? 50
        let query = MemberQuery(
            text: text, field: field, prefix: options.has("prefix"), part: options.has("part"),
            audience: options.value("audience"))
        let (members, total) = try openCatalog(options).searchMembers(query, limit: limit)
        if options.has("json") {
            print(JSONOutput.object([("total", .int(total)), ("members", .array(members.map(json)))]).text)
            return total > 0 ? 0 : 1
        }
        // A NAME column only when someone found has a name: catalogs without names read as before.
        let names = members.contains { $0.values.name != nil }
        var table = TextTable(header: [
            "ID", "AUDIENCE", "CODE", "EMAIL", "CUSTOMER", "QUANTITY", "CATEGORY", "SEAT", "LOCATION", "VALID FROM",
            "VALID UNTIL",
        ] + (names ? ["NAME"] : []))
        for member in members {
            let v = member.values
            table.add([
                String(member.id), member.audienceID, shown(v.code), shown(v.email), shown(v.customerID),
                v.quantity.map(String.init) ?? "per offer", shown(v.category), shown(v.seat), shown(v.location),
                shown(v.validFrom), shown(v.validUntil),
            ] + (names ? [shown(v.name)] : []))
        }
        if total > 0 { table.lines.forEach { print($0) } }
        print(total == members.count ? "\(total) found" : "\(members.count) of \(total) found shown (--limit)")
        return total > 0 ? 0 : 1
    }

    private static func export(_ arguments: [String]) throws -> Int32 {
        let options = try OptionList(arguments, flags: ["bom"])
        try options.check(known: common.union(["output", "separator", "bom"]))
        let audience = try options.required("audience")
        let separator = try options.value("separator").map(CSVSeparator.parse) ?? UInt8(ascii: ",")
        let catalog = try openCatalog(options)
        if let output = options.value("output") {
            let file = try AtomicFile(path: output)
            let count = try catalog.exportMembers(of: audience, separator: separator, byteOrderMark: options.has("bom"))
            {
                try file.write($0)
            }
            try file.commit()
            printError("exported \(count) member\(count == 1 ? "" : "s") of audience '\(audience)' to \(output)")
        } else {
            var out = StandardOutput()
            try catalog.exportMembers(of: audience, separator: separator, byteOrderMark: options.has("bom")) {
                try out.write($0)
            }
            try out.flush()
        }
        return 0
    }

    static func json(_ member: StoredMember) -> JSONOutput {
        let v = member.values
        return .object([
            ("id", .int(Int(member.id))), ("audience_id", .string(member.audienceID)), ("name", .optional(v.name)),
            ("code", .optional(v.code)),
            ("email", .optional(v.email)), ("customer_id", .optional(v.customerID)), ("quantity", .optional(v.quantity)),
            ("category", .optional(v.category)), ("seat", .optional(v.seat)), ("location", .optional(v.location)),
            ("valid_from", .optional(v.validFrom)), ("valid_until", .optional(v.validUntil)),
        ])
    }

    /// The one of --code, --email, --customer, --id given.
    private static func selector(_ options: OptionList) throws -> MemberSelector {
        let given = selectors.filter(options.has)
        guard given.count == 1, let which = given.first, let value = options.value(which) else {
            throw UsageError("give exactly one of --code, --email, --customer, --id")
        }
        switch which {
        case "code": return .code(value)
        case "email": return .email(value)
        case "customer": return .customer(value)
        default:
            guard let id = Int64(value) else { throw UsageError("--id must be a member id (a whole number)") }
            return .id(id)
        }
    }
}
