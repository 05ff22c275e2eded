import Foundation

/// A fresh directory for one test's SQLite files. Each test gets its own, so tests
/// can run in parallel, and removes it with `defer { dir.remove() }`: explicit,
/// because Swift may end an object's life after its last use, before the test ends.
struct TemporaryDirectory {
    let path: String

    init() throws {
        let template = NSTemporaryDirectory() + "/tessera-store-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The path of `name` inside the directory (not created).
    func file(_ name: String) -> String { path + "/" + name }

    /// Names of the files now in the directory, sorted.
    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}

/// Where this package's sources are: for files tests compare against.
enum PackageRoot {
    static var path: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}
