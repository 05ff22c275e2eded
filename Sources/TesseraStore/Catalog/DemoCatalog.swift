/// The built-in demo catalog: what `tessera serve` serves when no `--catalog` is
/// given, so a new user sees real answers at once (SPEC §5).
///
/// It tells the product's story (a gala and a jazz night, VIP seat codes, a barcode
/// sheet, promoter groups, a monthly club, a student promo code, last year's guests,
/// once-only codes) and contains SPEC §4's example exactly. The SQL's header lists
/// every demo identity and code. `config/demo-catalog.sql` holds the same text, byte
/// for byte (a test checks it), for loading into a file with `sqlite3`.
public enum DemoCatalog {
    /// Schema (SPEC §2, verbatim) and data, as one commented SQL script.
    public static let sql = header + "\n" + CatalogSchema.sql + "\n\n\n" + data

    /// The story and the table of demo identities, down to the schema's heading.
    private static let header = #"""
        -- Tessera demo catalog
        -- =====================
        -- `tessera serve` with no --catalog serves exactly this text (DemoCatalog.sql in
        -- Sources/TesseraStore/Catalog/DemoCatalog.swift; a test keeps the two identical).
        -- Load it into a file to play with the CLI:  sqlite3 demo.db < config/demo-catalog.sql
        --
        -- The story: a promoter sells a New Year's gala (`gala`, 2026-12-31) and a jazz night
        -- (`jazz-night`, 2027-01-15). Everyone can buy the public tickets; the groups below
        -- get codes, seats, exclusive ticket types and discounts through offers. Last year's
        -- gala (`gala-2025`) is in the catalog for its attendee list. Windows are set around
        -- 2026-11-23: open ones run well past it, a few have ended or not yet begun so that
        -- CODE can answer expired / not_yet_valid.
        --
        -- Demo identities and codes (README-ready):
        --
        -- | Request                                                             | Audience → offer                         | What it unlocks                                                |
        -- |---------------------------------------------------------------------|------------------------------------------|----------------------------------------------------------------|
        -- | code=VIP321 / code=VIP238 at gala                                   | vip-codes → seat-unlock                  | gala-seated at 6000, seat North-1 / South-3, 1 each (SPEC §4)  |
        -- | code=7350012340011, 7350012340028                                   | section2-sheet → section2-seats          | gala-seated, every locked Section2 seat (S2-01…S2-06), 2 each  |
        -- | code=7350012340035                                                  | section2-sheet → section2-seats          | the same, 4 tickets                                            |
        -- | customer=cust-anna, customer=cust-omar                              | internal-promoters → crew-guest-list     | exclusive gala-crew / jazz-crew at 0, 2 per event              |
        -- | customer=cust-ben, email=lea@clubcrawl.example                      | external-promoters → promoter-allocation | exclusive gala-promoter at 4500, 20 each, 30 in total          |
        -- | email=chloe.moreau@example.com, email=sam@example.com               | influencers → press-passes               | exclusive gala-press / jazz-press at 0, 2 per event            |
        -- | customer=cust-harbour-bank (8), customer=cust-nordbrew (4)          | partners → partner-boxes                 | exclusive gala-partner-box / jazz-partner-lounge, 1500 off     |
        -- | customer=cust-anna or code=CLUB-1001                                | club → club-monthly                      | gala-standing / jazz-standard at 1500, 10 a month, all events  |
        -- | email=marta@example.com or code=CLUB-1004                           | club → club-monthly                      | the same, junior plan: 4 a month                               |
        -- | code=CLUB-1002 (customer=cust-david)                                | club → club-monthly                      | nothing yet: membership starts 2026-12-01 (not_yet_valid)      |
        -- | code=CLUB-1003 (customer=cust-eva)                                  | club → club-monthly                      | nothing: membership ended 2026-10-01 (expired)                 |
        -- | customer=cust-emil + code=STUDENT26                                 | students → student-promo                 | jazz-standard 25% off (1875), 2 each; STUDENT26 alone: unknown |
        -- | customer=cust-frida, email=hanna@example.com, code=GALA25-0001…0004 | gala-2025-guests → welcome-back          | gala-seated / gala-standing 15% off, 2 each                    |
        -- | code=THANKS-4F7K, THANKS-9M2P, THANKS-C3XR                          | thank-you → thank-you-ticket             | one free standing ticket, once, at any event                   |
        -- | email=hanna@example.com or code=CLUB-1005 at gala                   | club and gala-2025-guests → both offers  | gala-standing at 1500 (club, best=1) or 2975 (welcome back)    |
        -- | customer=cust-northschool (40)                                      | school-groups → group-rate               | gala-standing at 2500 from 10 tickets a hold (below_minimum)   |
        -- | code=LAUNCH-1, LAUNCH-2, LAUNCH-3 at jazz-night                     | launch-list → launch-ten-off             | jazz-standard 1000 off, 4 each, while 5000 of budget lasts     |
        -- | code=JAZZ-EARLY                                                     | newsletter → jazz-early-bird             | nothing: the early bird ended 2026-11-01 (expired)             |
        -- | code=SPONSOR24                                                      | sponsors-2024 (inactive) → sponsor-seats | nothing (unknown)                                              |
        --
        -- Try:  EVAL event=gala code=vip321           (the SPEC §4 example, exactly)
        --       EVAL event=jazz-night code=vip321     (CODE status=wrong_event)
        --       EVAL event=gala customer=cust-anna    (two offers: crew guest list and the club)
        --       EVAL event=jazz-night customer=cust-emil code=STUDENT26
        --       HOLD id=cart-1 event=gala code=THANKS-4F7K item=thank-you-ticket:gala-standing:1
        --       then EVAL event=jazz-night code=THANKS-4F7K   (used_up: once across all events)
        --       EVAL event=gala email=hanna@example.com       (best=1: the club's price beats 15% off)
        --       EVAL event=jazz-night code=LAUNCH-1           (budget_left=5000, TICKET max=4)

        -- Schema: SPEC §2, verbatim -------------------------------------------------------
        """#

    /// The demo's rows, after the schema.
    private static let data = #"""
        -- Events ------------------------------------------------------------------------
        INSERT INTO events (id, name, starts_at) VALUES
          ('gala',       'New Year''s Gala 2026',       '2026-12-31T19:00:00+01:00'),
          ('jazz-night', 'Jazz Night at the Harbour',   '2027-01-15T20:00:00+01:00'),
          ('gala-2025',  'New Year''s Gala 2025',       '2025-12-31T19:00:00+01:00');  -- last year: its attendees matter

        -- Ticket types --------------------------------------------------------------------
        -- Public tickets (exclusive = 0) are sold to everyone; exclusive ones appear only
        -- through an offer that grants them.
        INSERT INTO ticket_types (id, event_id, name, price, exclusive) VALUES
          ('gala-seated',         'gala',       'Seated',                  6000, 0),
          ('gala-standing',       'gala',       'Standing',                3500, 0),
          ('gala-crew',           'gala',       'Crew guest list',            0, 1),
          ('gala-promoter',       'gala',       'Promoter allocation',     4500, 1),
          ('gala-press',          'gala',       'Press & influencer pass',    0, 1),
          ('gala-partner-box',    'gala',       'Partner box',             9000, 1),
          ('jazz-standard',       'jazz-night', 'Standard',                2500, 0),
          ('jazz-table',          'jazz-night', 'Table seat',              4000, 0),
          ('jazz-crew',           'jazz-night', 'Crew guest list',            0, 1),
          ('jazz-press',          'jazz-night', 'Press & influencer pass',    0, 1),
          ('jazz-partner-lounge', 'jazz-night', 'Partner lounge',          5000, 1),
          ('gala-2025-seated',    'gala-2025',  'Seated',                  5500, 0);

        -- Seats of the gala -------------------------------------------------------------------
        -- North-1 and South-3 are held back for the VIP sheet: locked, no category (the SPEC
        -- example's SEAT line has none). Section 2 is held back for season-ticket barcodes.
        INSERT INTO seats (event_id, label, category, locked) VALUES
          ('gala', 'North-1', NULL,       1),
          ('gala', 'North-2', NULL,       0),
          ('gala', 'South-3', NULL,       1),
          ('gala', 'South-4', NULL,       0),
          ('gala', 'S2-01',   'Section2', 1),
          ('gala', 'S2-02',   'Section2', 1),
          ('gala', 'S2-03',   'Section2', 1),
          ('gala', 'S2-04',   'Section2', 1),
          ('gala', 'S2-05',   'Section2', 1),
          ('gala', 'S2-06',   'Section2', 1),
          ('gala', 'S3-01',   'Section3', 1),  -- another section: Section2 barcodes do not open it
          ('gala', 'S3-02',   'Section3', 1);

        -- Audiences (customer groups) ----------------------------------------------------------
        INSERT INTO audiences (id, name, description, active, source_event_id) VALUES
          ('vip-codes',          'VIP codes',              'The hand-written VIP sheet: each code opens one named seat', 1, NULL),
          ('section2-sheet',     'Section 2 barcodes',     'Season-ticket barcodes; each opens the locked Section 2 seats', 1, NULL),
          ('internal-promoters', 'Internal promoters',     'Our own crew: guest-list tickets',                      1, NULL),
          ('external-promoters', 'External promoters',     'Club promoters who sell an allocation',                 1, NULL),
          ('influencers',        'Influencers',            'Press and influencers, known by e-mail',                1, NULL),
          ('partners',           'Partners',               'Sponsor companies: boxes and lounge tickets',           1, NULL),
          ('club',               'Tessera Club',           'Paying monthly members: 10 tickets a month',            1, NULL),
          ('students',           'Student union',          'Verified students; the promo code works only for them', 1, NULL),
          ('gala-2025-guests',   'Last year''s gala guests', 'Everyone with a ticket to gala-2025',                 1, 'gala-2025'),
          ('school-groups',      'School groups',          'Schools buying together: a group rate from 10 tickets',  1, NULL),
          ('launch-list',        'Jazz launch list',       'Launch sign-ups: 10.00 off while the 50.00 budget lasts', 1, NULL),
          ('thank-you',          'Thank-you codes',        'Sent after the venue change: one free ticket, once',    1, NULL),
          ('newsletter',         'Newsletter',             'Codes printed in the newsletter',                       1, NULL),
          ('sponsors-2024',      'Sponsors 2024',          'Switched off: kept for the record',                     0, NULL);

        -- Members ----------------------------------------------------------------------------
        -- A member is known by a customer id, an e-mail or a code (access code or barcode).
        -- One person may be in many audiences: cust-anna is crew and a club member.

        -- The VIP sheet of the SPEC §4 example: one ticket each, one named seat each.
        INSERT INTO members (id, audience_id, code, quantity, seat) VALUES
          (1, 'vip-codes', 'VIP321', 1, 'North-1'),
          (2, 'vip-codes', 'VIP238', 1, 'South-3');

        -- A barcode sheet: season-ticket barcodes unlock every locked seat of category Section2.
        INSERT INTO members (id, audience_id, code, quantity, category, location) VALUES
          (10, 'section2-sheet', '7350012340011', 2, 'Section2', 'Gate B'),
          (11, 'section2-sheet', '7350012340028', 2, 'Section2', 'Gate B'),
          (12, 'section2-sheet', '7350012340035', 4, 'Section2', 'Gate B');

        -- Promoter groups, by customer id or e-mail; quantity NULL means the offer's per_member.
        INSERT INTO members (id, audience_id, customer_id, email, quantity) VALUES
          (20, 'internal-promoters', 'cust-anna',         'anna@tessera.example',      NULL),
          (21, 'internal-promoters', 'cust-omar',         NULL,                        NULL),
          (30, 'external-promoters', 'cust-ben',          'ben@nightowl.example',      NULL),
          (31, 'external-promoters', NULL,                'lea@clubcrawl.example',     NULL),
          (40, 'influencers',        NULL,                'Chloe.Moreau@Example.com',  NULL),  -- e-mails match case-insensitively
          (41, 'influencers',        NULL,                'sam@example.com',           NULL),
          (50, 'partners',           'cust-harbour-bank', 'events@harbourbank.example', 8),
          (51, 'partners',           'cust-nordbrew',     NULL,                        4);

        -- The club: paid memberships with validity windows (from inclusive, until exclusive).
        INSERT INTO members (id, audience_id, customer_id, email, code, quantity, valid_from, valid_until) VALUES
          (60, 'club', 'cust-anna',  NULL,                'CLUB-1001', NULL, '2026-01-01', '2028-01-01'),
          (61, 'club', 'cust-david', NULL,                'CLUB-1002', NULL, '2026-12-01', '2027-12-01'),  -- starts next week
          (62, 'club', 'cust-eva',   NULL,                'CLUB-1003', NULL, '2025-10-01', '2026-10-01'),  -- lapsed
          (63, 'club', NULL,         'marta@example.com', 'CLUB-1004', 4,    '2026-11-01', '2027-11-01'),  -- junior plan
          (64, 'club', NULL,         'hanna@example.com', 'CLUB-1005', NULL, '2026-06-01', '2027-06-01');  -- also last year's guest

        -- Students: STUDENT26 is a public promo code, but only these logged-in customers can use it.
        INSERT INTO members (id, audience_id, customer_id, email) VALUES
          (70, 'students', 'cust-emil',  'emil@student.example'),
          (71, 'students', 'cust-freya', NULL);

        -- A school that buys for a class: up to 40 tickets, at the group rate only from 10 in a hold.
        INSERT INTO members (id, audience_id, customer_id, email, quantity) VALUES
          (75, 'school-groups', 'cust-northschool', 'tickets@northschool.example', 40);

        -- Launch codes: 4 tickets each, but the offer's money runs out first (5000 = five tickets' discount).
        INSERT INTO members (id, audience_id, code) VALUES
          (85, 'launch-list', 'LAUNCH-1'),
          (86, 'launch-list', 'LAUNCH-2'),
          (87, 'launch-list', 'LAUNCH-3');

        -- Thank-you codes: one free ticket, once, whichever event.
        INSERT INTO members (id, audience_id, code) VALUES
          (80, 'thank-you', 'THANKS-4F7K'),
          (81, 'thank-you', 'THANKS-9M2P'),
          (82, 'thank-you', 'THANKS-C3XR');

        -- A newsletter code for an early bird that has ended, and a switched-off sponsor code.
        INSERT INTO members (id, audience_id, code) VALUES
          (90, 'newsletter',    'JAZZ-EARLY'),
          (95, 'sponsors-2024', 'SPONSOR24');

        -- Last year's attendees ------------------------------------------------------------------
        -- Written by the storefront. Every row is a member of gala-2025-guests (its
        -- source_event_id), its barcode acting as its code.
        INSERT INTO attendees (event_id, customer_id, email, barcode) VALUES
          ('gala-2025', 'cust-frida', 'frida@example.com', 'GALA25-0001'),
          ('gala-2025', 'cust-greg',  NULL,                'GALA25-0002'),
          ('gala-2025', NULL,         'hanna@example.com', 'GALA25-0003'),
          ('gala-2025', NULL,         NULL,                'GALA25-0004');  -- bought at the door

        -- Offers (campaigns) ---------------------------------------------------------------------
        -- SPEC §7's two offer columns (a catalog without them reads NULL: no minimum, no budget).
        ALTER TABLE offers ADD COLUMN min_order INTEGER; -- NULL or >= 1: fewest units of this offer in one hold
        ALTER TABLE offers ADD COLUMN budget    INTEGER; -- NULL or >= 0: most discount money (minor units) the
                                                         -- offer gives away, over all members, events and time
        INSERT INTO offers (id, name, audience_id, enabled, unlock, promo_code, discount, value,
                            per_member, per_order, total, scope, period, timezone, valid_from, valid_until) VALUES
          -- SPEC §4: the VIP sheet opens its seats, by code only, at the normal price.
          ('seat-unlock',         'VIP seats',                'vip-codes',          1, 'code',  NULL,        'none',    0,
                                  NULL, NULL, NULL, 'event', NULL,    'UTC',               NULL,         NULL),
          -- The barcode sheet opens Section 2.
          ('section2-seats',      'Section 2 season seats',   'section2-sheet',     1, 'code',  NULL,        'none',    0,
                                  NULL, NULL, NULL, 'event', NULL,    'UTC',               NULL,         NULL),
          -- Promoter groups, each with its own exclusive ticket types.
          ('crew-guest-list',     'Crew guest list',          'internal-promoters', 1, 'login', NULL,        'none',    0,
                                  2,    2,    NULL, 'event', NULL,    'UTC',               NULL,         NULL),
          ('promoter-allocation', 'Promoter allocation',      'external-promoters', 1, 'login', NULL,        'none',    0,
                                  20,   10,   30,   'event', NULL,    'UTC',               NULL,         NULL),  -- a 30-ticket budget
          ('press-passes',        'Press & influencer passes', 'influencers',       1, 'login', NULL,        'none',    0,
                                  2,    2,    NULL, 'event', NULL,    'UTC',               NULL,         NULL),
          ('partner-boxes',       'Partner boxes',            'partners',           1, 'login', NULL,        'amount',  1500,
                                  NULL, NULL, NULL, 'event', NULL,    'UTC',               NULL,         NULL),  -- 15.00 off
          -- The club: 10 tickets a month at 15.00 each, counted across all events, the month
          -- turning over in Copenhagen.
          ('club-monthly',        'Tessera Club: 10 tickets a month', 'club',       1, 'any',   NULL,        'price',   1500,
                                  10,   NULL, NULL, 'all',   'month', 'Europe/Copenhagen', NULL,         NULL),
          -- A public promo code that only works for one customer group.
          ('student-promo',       'Student night: 25% off',   'students',           1, 'login', 'STUDENT26', 'percent', 25,
                                  2,    2,    NULL, 'event', NULL,    'UTC',               '2026-11-01', '2027-02-01'),
          -- Last year's guests get 15% off this year's gala.
          ('welcome-back',        'Welcome back: 15% off',    'gala-2025-guests',   1, 'any',   NULL,        'percent', 15,
                                  2,    2,    NULL, 'event', NULL,    'UTC',               NULL,         '2026-12-31'),
          -- Works once across all events.
          ('thank-you-ticket',    'Thank you: a free ticket', 'thank-you',          1, 'code',  NULL,        'percent', 100,
                                  1,    1,    NULL, 'all',   NULL,    'UTC',               NULL,         '2027-06-01'),
          -- Ended: the code now answers expired.
          ('jazz-early-bird',     'Jazz early bird',          'newsletter',         1, 'code',  NULL,        'amount',  500,
                                  2,    NULL, NULL, 'event', NULL,    'UTC',               '2026-09-01', '2026-11-01'),
          -- Its audience is switched off: the code answers unknown.
          ('sponsor-seats',       'Sponsor seats',            'sponsors-2024',      1, 'code',  NULL,        'none',    0,
                                  4,    NULL, NULL, 'event', NULL,    'UTC',               NULL,         NULL);

        -- SPEC §7: a group rate from 10 tickets, and a discount with a money budget.
        INSERT INTO offers (id, name, audience_id, unlock, discount, value, per_member, per_order, min_order, budget) VALUES
          ('group-rate',     'Group rate: 25.00 from 10 tickets',       'school-groups', 'login', 'price',  2500,
                             NULL, 40,   10,   NULL),
          ('launch-ten-off', 'Jazz launch: 10.00 off while 50.00 lasts', 'launch-list',  'code',  'amount', 1000,
                             4,    NULL, NULL, 5000);

        -- Where offers apply (no rows: every event) --------------------------------------------------
        INSERT INTO offer_events (offer_id, event_id) VALUES
          ('seat-unlock',         'gala'),
          ('section2-seats',      'gala'),
          ('crew-guest-list',     'gala'),
          ('crew-guest-list',     'jazz-night'),
          ('promoter-allocation', 'gala'),
          ('press-passes',        'gala'),
          ('press-passes',        'jazz-night'),
          ('partner-boxes',       'gala'),
          ('partner-boxes',       'jazz-night'),
          ('student-promo',       'jazz-night'),
          ('welcome-back',        'gala'),
          ('jazz-early-bird',     'jazz-night'),
          ('sponsor-seats',       'gala'),
          ('group-rate',          'gala'),
          ('launch-ten-off',      'jazz-night');
          -- club-monthly and thank-you-ticket: every event.

        -- Which ticket types (no rows: every ticket type of the event, exclusive ones too) -----------
        INSERT INTO offer_tickets (offer_id, ticket_type_id) VALUES
          ('seat-unlock',         'gala-seated'),
          ('section2-seats',      'gala-seated'),
          ('crew-guest-list',     'gala-crew'),
          ('crew-guest-list',     'jazz-crew'),
          ('promoter-allocation', 'gala-promoter'),
          ('press-passes',        'gala-press'),
          ('press-passes',        'jazz-press'),
          ('partner-boxes',       'gala-partner-box'),
          ('partner-boxes',       'jazz-partner-lounge'),
          ('club-monthly',        'gala-standing'),
          ('club-monthly',        'jazz-standard'),
          ('student-promo',       'jazz-standard'),
          ('welcome-back',        'gala-seated'),
          ('welcome-back',        'gala-standing'),
          ('thank-you-ticket',    'gala-standing'),
          ('thank-you-ticket',    'jazz-standard'),
          ('jazz-early-bird',     'jazz-standard'),
          ('sponsor-seats',       'gala-seated'),
          ('group-rate',          'gala-standing'),
          ('launch-ten-off',      'jazz-standard');

        """#

    /// A private in-memory database holding the demo catalog, its dates moved by
    /// `days` (`movedDays(at:)`; 0: as written).
    public static func makeDatabase(movingDatesBy days: Int = 0) throws(SQLiteError) -> Database {
        let db = try Database(path: ":memory:", mode: .create)
        try db.execute(sql)
        if days != 0 { try moveDates(in: db, by: days) }
        return db
    }

    /// The day the demo's story is told on: its windows are set around it, and the
    /// README's session ran on it (with the test clock).
    public static let storyDay = "2026-11-23"
    /// `storyDay` in days since 1970-01-01.
    static let storyDayNumber = 20_780

    /// How far to move the demo's dates so that the day of `unixSeconds` stands where
    /// `storyDay` stands in the story: whole weeks (weekdays and week periods stay as
    /// they were), the largest number of them not past that day. So the demo's table,
    /// "starts next week" and "has ended" included, stays true on any day.
    public static func movedDays(at unixSeconds: Int64) -> Int {
        let today = Int(unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400)
        let days = today - storyDayNumber
        let weeks = days >= 0 ? days / 7 : -((-days + 6) / 7)
        return weeks * 7
    }

    /// Moves every date and time of the rows by `days`: `YYYY-MM-DD` as a date, longer
    /// values keeping their time of day and UTC offset.
    static func moveDates(in db: Database, by days: Int) throws(SQLiteError) {
        let columns = [
            ("events", "starts_at"), ("members", "valid_from"), ("members", "valid_until"),
            ("offers", "valid_from"), ("offers", "valid_until"),
        ]
        for (table, column) in columns {
            try db.execute(
                """
                UPDATE \(table) SET \(column) = CASE
                  WHEN length(\(column)) = 10 THEN date(\(column), '\(days) days')
                  ELSE strftime('%Y-%m-%dT%H:%M:%S', substr(\(column), 1, 19), '\(days) days') || substr(\(column), 20)
                END WHERE \(column) IS NOT NULL
                """)
        }
    }
}
