extension ServeOption {
    /// What follows the flag in `--help`: the kind of value it takes.
    var placeholder: String? {
        switch kind {
        case .path: "FILE"
        case .secret: "TOKEN"
        case .flag: nil
        case .integer: "N"
        case .address: "HOST:PORT"
        }
    }

    /// The accepted range, for the kinds that have one.
    var rangeText: String? {
        guard case .integer(_, _, let range) = kind else { return nil }
        return "\(range.lowerBound)..\(range.upperBound)"
    }

    /// The option list of `tessera serve --help`, read from the rows so it lists every option
    /// with its range and its value in `configuration` (the defaults, unless a caller passes
    /// another). A secret's value is never printed:
    ///
    ///       --max-line-bytes N  (16..16777216, default 4096)
    ///           longest request line (without \r\n); a longer one gets ERR line_too_long
    public static func helpText(showing configuration: ServeConfiguration = ServeConfiguration()) -> String {
        var text = ""
        for option in all {
            var line = "  " + option.flag
            if let placeholder = option.placeholder { line += " " + placeholder }
            let facts = [option.rangeText, option.shownValue(in: configuration).map { "default \($0)" }].compactMap { $0 }
            if !facts.isEmpty { line += "  (" + facts.joined(separator: ", ") + ")" }
            text += line + "\n      " + option.doc + "\n"
        }
        return text
    }
}
