import TesseraStore

/// The requests a generated catalog was built to answer (its `bench_requests`
/// table): identities and codes with an event where the rules grant something.
struct Population: Sendable {
    struct Asker: Sendable {
        var event: String
        var customer: String?
        var code: String?
    }

    /// Customers in one audience.
    var customer1: [Asker] = []
    /// Customers in 20 audiences.
    var customer20: [Asker] = []
    /// Codes (barcodes, access codes), typed in lower case.
    var codes: [Asker] = []
    /// Checkout customers of the unlimited offer `o0000-0`.
    var holds: [Asker] = []

    static func read(catalog path: String) throws -> Population {
        let db = try Database(path: path, mode: .readOnly)
        let statement = try db.prepare("SELECT kind, event, customer, code FROM bench_requests ORDER BY rowid")
        var population = Population()
        while try statement.step() == .row {
            let asker = Asker(
                event: statement.text(at: 1), customer: statement.isNull(at: 2) ? nil : statement.text(at: 2),
                code: statement.isNull(at: 3) ? nil : statement.text(at: 3))
            switch statement.text(at: 0) {
            case "customer1": population.customer1.append(asker)
            case "customer20": population.customer20.append(asker)
            case "code": population.codes.append(asker)
            case "hold": population.holds.append(asker)
            default: break
            }
        }
        return population
    }
}
