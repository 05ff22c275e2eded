import Glibc

/// Which file a path names (device and inode), to tell when it no longer names the file
/// SQLite opened through it: deleted, or replaced by another.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    /// The file `path` names now; nil when there is none (or it cannot be looked at).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    private init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
