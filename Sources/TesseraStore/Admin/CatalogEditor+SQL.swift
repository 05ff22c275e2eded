/// Small helpers for the one-off statements of administration commands (the bulk
/// paths prepare their statements once and reuse them).
extension CatalogEditor {
    // MARK: Small SQL helpers

    func run(_ sql: String, _ values: (any SQLBindable)?...) throws {
        let statement = try db.prepare(sql)
        try bind(statement, values)
        try statement.run()
    }

    func count(_ sql: String, _ values: (any SQLBindable)?...) throws -> Int {
        let statement = try db.prepare(sql)
        try bind(statement, values)
        return try statement.step() == .row ? Int(statement.int64(at: 0)) : 0
    }

    func strings(_ sql: String, _ values: (any SQLBindable)?...) throws -> [String] {
        let statement = try db.prepare(sql)
        try bind(statement, values)
        var result: [String] = []
        while try statement.step() == .row { result.append(statement.text(at: 0)) }
        return result
    }

    private func bind(_ statement: Statement, _ values: [(any SQLBindable)?]) throws {
        for (i, value) in values.enumerated() {
            if let value { try value.bind(to: statement, at: i + 1) } else { try statement.bindNull(at: i + 1) }
        }
    }
}

/// A value the small SQL helpers above can bind.
protocol SQLBindable {
    func bind(to statement: Statement, at index: Int) throws
}

extension String: SQLBindable {
    func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
}

extension Int: SQLBindable {
    func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
}

extension Int64: SQLBindable {
    func bind(to statement: Statement, at index: Int) throws { try statement.bind(self, at: index) }
}
