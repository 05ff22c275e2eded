import Foundation

/// Reads `key = value` config files: one option a line, lines starting with
/// `#` are comments (so a token may contain `#`), blank lines ignored.
/// Values may be quoted with `"`.
public enum ConfigFile {
    public static func apply(path: String, to configuration: inout ServeConfiguration) throws(ConfigError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read config file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("config file \(path) is not UTF-8")
        }
        try apply(text: text, name: path, to: &configuration)
    }

    public static func apply(text: String, name: String, to configuration: inout ServeConfiguration) throws(ConfigError) {
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                throw ConfigError("\(name):\(number + 1): expected key = value")
            }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            do {
                try configuration.set(key, value)
            } catch {
                throw ConfigError("\(name):\(number + 1): \(error.description)")
            }
        }
    }
}
