import Testing

@testable import TesseraStore

extension Admin {
    @Suite struct SeatEditorTests {
        @Test func addListAndDeleteSeats() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            try editor.addEvent(id: "gala", ["name": "Gala"])
            try editor.addSeat(event: "gala", label: " North-1 ", ["category": "Section2"])
            try editor.addSeat(event: "Gala", label: "North-2", ["locked": "no"])
            #expect(throws: AdminError("event 'gala' already has a seat 'North-1'")) {
                try editor.addSeat(event: "gala", label: "North-1")
            }
            #expect(
                try editor.seats(event: "gala") == [
                    SeatRecord(eventID: "gala", label: "North-1", category: "Section2", locked: true),
                    SeatRecord(eventID: "gala", label: "North-2", category: nil, locked: false),
                ])
            try editor.deleteSeat(event: "gala", label: "North-2")
            #expect(throws: AdminError("event 'gala' has no seat 'North-2' (tessera seat list --event gala shows them)")) {
                try editor.deleteSeat(event: "gala", label: "North-2")
            }
            #expect(try editor.event("gala").seats == 1)
            _ = try fixture.load()
        }

        @Test func importAddsNewLabelsAndUpdatesKnownOnesAllOrNothing() throws {
            let fixture = try AdminFixture()
            defer { fixture.remove() }
            let editor = try fixture.editor()
            try editor.addEvent(id: "gala", ["name": "Gala"])
            try editor.addSeat(event: "gala", label: "A-1", ["category": "Stalls", "locked": "no"])
            let sheet = try CSVReader(text: "Label;Category;Locked\nA-1;Box;yes\nA-2;;no\nA-3;Box;\n", name: "seats.csv")
            #expect(try editor.importSeats(event: "gala", from: sheet) == SeatImport(added: 2, updated: 1))
            #expect(
                try editor.seats(event: "gala") == [
                    SeatRecord(eventID: "gala", label: "A-1", category: "Box", locked: true),
                    SeatRecord(eventID: "gala", label: "A-2", category: nil, locked: false),
                    SeatRecord(eventID: "gala", label: "A-3", category: "Box", locked: true),
                ])

            for (text, message) in [
                ("label,locked\nB-1,yes\nB-2,maybe\n", "seats.csv line 3: locked must be yes or no, got 'maybe'"),
                ("seat\nB-1\nB-1\n", "seats.csv line 3: seat 'B-1' is on line 2 too"),
                ("label,row\nB-1,2\n", "seats.csv line 1: unknown column 'row'; a seat sheet has label, category, locked"),
                ("category\nBox\n", "seats.csv line 1: no label column (label, category, locked)"),
            ] {
                #expect(throws: AdminError(message)) {
                    try editor.importSeats(event: "gala", from: try CSVReader(text: text, name: "seats.csv"))
                }
            }
            #expect(try editor.seats(event: "gala").count == 3, "nothing of a refused sheet is written")
            _ = try fixture.load()
        }
    }
}
