/// The catalog tables of SPEC §2: the contract with the back office that writes them.
///
/// `sql` is the SPEC's DDL verbatim, comments included, so a catalog Tessera creates
/// documents itself to whoever opens it with `sqlite3`.
public enum CatalogSchema {
    /// The DDL of SPEC §2, exactly.
    public static let sql = """
        CREATE TABLE events (
          id        TEXT PRIMARY KEY,
          name      TEXT NOT NULL,
          starts_at TEXT
        );
        CREATE TABLE ticket_types (
          id        TEXT PRIMARY KEY,
          event_id  TEXT NOT NULL REFERENCES events(id),
          name      TEXT NOT NULL,
          price     INTEGER NOT NULL CHECK (price >= 0),
          exclusive INTEGER NOT NULL DEFAULT 0   -- 1: only sold through an offer that unlocks it
        );
        CREATE TABLE seats (
          event_id  TEXT NOT NULL REFERENCES events(id),
          label     TEXT NOT NULL,               -- 'North-1'
          category  TEXT,                        -- 'Section2'
          locked    INTEGER NOT NULL DEFAULT 1,  -- 1: only a code unlocks it
          PRIMARY KEY (event_id, label)
        );
        CREATE TABLE audiences (
          id              TEXT PRIMARY KEY,
          name            TEXT NOT NULL UNIQUE,
          description     TEXT,
          active          INTEGER NOT NULL DEFAULT 1,
          source_event_id TEXT REFERENCES events(id)  -- set: everyone in attendees of that event is a member too
        );
        CREATE TABLE members (
          id          INTEGER PRIMARY KEY,
          audience_id TEXT NOT NULL REFERENCES audiences(id),
          customer_id TEXT,
          email       TEXT,
          code        TEXT,
          quantity    INTEGER CHECK (quantity IS NULL OR quantity >= 0), -- NULL: the offer's per_member
          category    TEXT,
          seat        TEXT,
          location    TEXT,
          valid_from  TEXT,
          valid_until TEXT
        );
        CREATE TABLE attendees (                  -- tickets sold, written by the storefront
          event_id    TEXT NOT NULL,
          customer_id TEXT,
          email       TEXT,
          barcode     TEXT
        );
        CREATE TABLE offers (
          id          TEXT PRIMARY KEY,
          name        TEXT NOT NULL,                -- public title
          audience_id TEXT NOT NULL REFERENCES audiences(id),
          enabled     INTEGER NOT NULL DEFAULT 1,
          unlock      TEXT NOT NULL DEFAULT 'any',  -- 'login' | 'code' | 'any'
          promo_code  TEXT,                         -- set: the request must also present this code
          discount    TEXT NOT NULL DEFAULT 'none', -- 'none' | 'percent' | 'amount' | 'price'
          value       INTEGER NOT NULL DEFAULT 0,   -- percent 0..100, or minor units
          per_member  INTEGER,                      -- quantity for members whose quantity is NULL; NULL: unlimited
          per_order   INTEGER,                      -- most units in one hold; 1 = personal use only
          total       INTEGER,                      -- budget over all members, events and time; NULL: unlimited
          scope       TEXT NOT NULL DEFAULT 'event',-- 'event': member limits count per event; 'all': across all events
          period      TEXT,                         -- NULL | 'day' | 'week' | 'month' | 'year': member limits reset
          timezone    TEXT NOT NULL DEFAULT 'UTC',  -- IANA zone for period boundaries
          valid_from  TEXT,
          valid_until TEXT
        );
        CREATE TABLE offer_events  (offer_id TEXT NOT NULL, event_id TEXT NOT NULL,
                                    PRIMARY KEY (offer_id, event_id));      -- none: every event
        CREATE TABLE offer_tickets (offer_id TEXT NOT NULL, ticket_type_id TEXT NOT NULL,
                                    PRIMARY KEY (offer_id, ticket_type_id)); -- none: every ticket type of the event
        """

    /// Every table the loader needs, in SPEC order, with the columns it reads (in
    /// declaration order). Extra tables and columns are allowed; these must exist.
    public static let tables: [(name: String, columns: [String])] = [
        ("events", ["id", "name", "starts_at"]),
        ("ticket_types", ["id", "event_id", "name", "price", "exclusive"]),
        ("seats", ["event_id", "label", "category", "locked"]),
        ("audiences", ["id", "name", "description", "active", "source_event_id"]),
        ("members", [
            "id", "audience_id", "customer_id", "email", "code", "quantity", "category", "seat",
            "location", "valid_from", "valid_until",
        ]),
        ("attendees", ["event_id", "customer_id", "email", "barcode"]),
        ("offers", [
            "id", "name", "audience_id", "enabled", "unlock", "promo_code", "discount", "value",
            "per_member", "per_order", "total", "scope", "period", "timezone", "valid_from", "valid_until",
        ]),
        ("offer_events", ["offer_id", "event_id"]),
        ("offer_tickets", ["offer_id", "ticket_type_id"]),
    ]

    /// Columns a table may lack, read after its `tables` columns: SPEC §7's new offer
    /// columns. A catalog without one reads it as NULL, so catalogs written for §2 keep
    /// working.
    public static let optionalColumns: [String: [String]] = ["offers": ["min_order", "budget"]]

    /// Creates the tables in `db`, all or none: a savepoint makes it atomic whether
    /// or not the caller already has a transaction open.
    public static func create(in db: Database) throws(SQLiteError) {
        try db.execute("SAVEPOINT tessera_create_catalog")
        do {
            try db.execute(sql)
            try db.execute("RELEASE tessera_create_catalog")
        } catch {
            try? db.execute("ROLLBACK TO tessera_create_catalog; RELEASE tessera_create_catalog")
            throw error
        }
    }
}
