/// The columns of a member a sheet can fill (SPEC §2 `members`, without the ids), and
/// `name`: a person's name, a column Tessera adds to `members` the first time a sheet or
/// command gives one. Names are for people searching; nothing ever matches on them.
public enum MemberField: String, CaseIterable, Sendable, Hashable {
    case code, email, customer, quantity, category, seat, location, validFrom, validUntil, name

    /// The header `export` writes; `import` recognises it again.
    public var header: String {
        switch self {
        case .code: "Code"
        case .email: "Email"
        case .customer: "Customer"
        case .quantity: "Quantity"
        case .category: "Category"
        case .seat: "Seat"
        case .location: "Location"
        case .validFrom: "Valid from"
        case .validUntil: "Valid until"
        case .name: "Name"
        }
    }

    /// The `members` column it fills.
    public var column: String {
        switch self {
        case .code: "code"
        case .email: "email"
        case .customer: "customer_id"
        case .quantity: "quantity"
        case .category: "category"
        case .seat: "seat"
        case .location: "location"
        case .validFrom: "valid_from"
        case .validUntil: "valid_until"
        case .name: "name"
        }
    }

    /// Reads a header cell or a `--map` key: case, spaces, `_` and `-` do not matter,
    /// so `Seat Label`, `seat_label`, `E-mail` and `Valid From` all work. The names are
    /// those of the sheets operators already have (Billetto exports `Barcode`, `Number of
    /// tickets`, `Seat Label`), the SQL column names, and the usual column names in the
    /// languages Tessera's users work in (`headerNames`).
    public init?(header: String) {
        let key = String(
            header.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        )
        guard let field = Self.headerNames[key] else { return nil }
        self = field
    }

    /// Header names, as `init(header:)` reduces them (lower case, letters and digits only),
    /// in English, Danish, Norwegian, Swedish, German, Portuguese, Spanish, French and
    /// Russian. Accented and unaccented spellings both, as sheets have either.
    static let headerNames: [String: MemberField] = {
        let names: [MemberField: [String]] = [
            .code: [
                "code", "barcode", "accesscode", "promocode", "voucher", "vouchercode", "ticketcode",
                "kode", "stregkode", "adgangskode", "rabatkode", "billetkode", "strekkode", "streckkod", "kod",
                "zugangscode", "gutscheincode", "strichcode",
                "código", "codigo", "códigodebarras", "codigodebarras", "códigodeacesso", "codigodeacesso",
                "códigopromocional", "codigopromocional", "códigodeacceso", "codigodeacceso",
                "codebarre", "codebarres", "codeàbarres", "codeaccès", "codeacces",
                "код", "штрихкод", "коддоступа", "промокод", "кодбилета",
            ],
            .email: [
                "email", "emailaddress", "mail", "emailadresse", "epost", "epostadresse", "epostadress", "mejl",
                "emailadresse", "mailadresse",
                "endereçodeemail", "enderecodeemail", "correioeletrónico", "correioeletrônico", "correioeletronico",
                "correo", "correoelectrónico", "correoelectronico", "courriel", "adressemail", "adresseemail",
                "почта", "электроннаяпочта", "емейл", "имейл", "адресэлектроннойпочты",
            ],
            .customer: [
                "customer", "customerid", "customerno", "customernumber",
                "kunde", "kundeid", "kundenummer", "kundenr", "kund", "kundnummer", "kundnr",
                "cliente", "idcliente", "iddocliente", "númerodocliente", "numerodocliente", "iddelcliente",
                "client", "idclient", "numéroclient", "numeroclient",
                "клиент", "idклиента", "номерклиента", "покупатель", "idпокупателя",
            ],
            .quantity: [
                "quantity", "qty", "numberoftickets", "tickets",
                "antal", "antalbilletter", "billetter", "antall", "antallbilletter", "antalbiljetter", "biljetter",
                "anzahl", "menge", "tickets",
                "quantidade", "qtd", "qtde", "númerodebilhetes", "numerodebilhetes", "bilhetes", "ingressos",
                "cantidad", "entradas", "quantité", "quantite", "billets",
                "количество", "колво", "билеты", "количествобилетов",
            ],
            .category: [
                "category", "seatcategory", "kategori", "pladskategori", "plasskategori", "platskategori",
                "kategorie", "categoria", "categoriadelugar", "categoría", "catégorie", "categorie",
                "категория", "категорияместа",
            ],
            .seat: [
                "seat", "seatlabel", "plads", "sæde", "saede", "plass", "sete", "plats", "sittplats",
                "sitzplatz", "platz", "lugar", "assento", "asiento", "siège", "siege", "place",
                "место", "номерместа",
            ],
            .location: [
                "location", "sted", "placering", "indgang", "inngang", "ingång", "ingang", "ort",
                "eingang", "local", "localização", "localizacao", "entrada", "ubicación", "ubicacion",
                "lieu", "entrée", "entree", "локация", "расположение", "вход",
            ],
            .validFrom: [
                "validfrom", "gyldigfra", "giltigfrån", "giltigfran", "gültigab", "gultigab", "gueltigab",
                "válidode", "validode", "válidoapartirde", "validoapartirde", "válidodesde", "validodesde",
                "valabledu", "validedu", "действителенс", "датаначала",
            ],
            .name: [
                "name", "fullname", "customername", "guestname", "navn", "fuldtnavn", "fulltnavn", "namn",
                "vollständigername", "nome", "nomecompleto", "nombre", "nombrecompleto", "nom", "nomcomplet",
                "имя", "фио", "полноеимя", "имяифамилия",
            ],
            .validUntil: [
                "validuntil", "validto", "gyldigtil", "giltigtill", "gültigbis", "gultigbis", "gueltigbis",
                "válidoaté", "validoate", "válidohasta", "validohasta", "valableau", "valablejusquau",
                "действителендо", "датаокончания",
            ],
        ]
        var table: [String: MemberField] = [:]
        for (field, keys) in names {
            for key in keys {
                precondition(table[key] == nil || table[key] == field, "header name '\(key)' names two fields")
                table[key] = field
            }
        }
        return table
    }()

    /// Position in `allCases`.
    var position: Int {
        switch self {
        case .code: 0
        case .email: 1
        case .customer: 2
        case .quantity: 3
        case .category: 4
        case .seat: 5
        case .location: 6
        case .validFrom: 7
        case .validUntil: 8
        case .name: 9
        }
    }
}
