import Glibc

/// A failed system call: which call and why, so a log line names both.
public struct SystemError: Error, Equatable, CustomStringConvertible {
    /// The call that failed, e.g. "bind".
    public let call: String
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// The outcome of a call on a non-blocking descriptor: "would block" is an ordinary answer,
/// not an error, so callers must handle it where it happens (swift-nio's `IOResult`).
@usableFromInline
enum IOResult<Value> {
    case done(Value)
    case wouldBlock
}

/// The one way this layer calls the kernel (swift-nio's `syscall` helper):
/// retries EINTR, returns EAGAIN as `.wouldBlock`, throws the rest with errno and the call's
/// name, and stops on errors that can only be our own bug (a bad descriptor or pointer).
@usableFromInline
enum Syscall {
    @inlinable @inline(__always)
    static func nonBlocking<T: FixedWidthInteger>(
        _ call: StaticString, _ body: () -> T
    ) throws(SystemError) -> IOResult<T> {
        while true {
            let result = body()
            if result != -1 { return .done(result) }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: throw failure(call, code)
            }
        }
    }

    /// For calls that cannot block (socket, bind, epoll_ctl...): EAGAIN is an error here too.
    @inlinable @inline(__always)
    @discardableResult
    static func call<T: FixedWidthInteger>(
        _ call: StaticString, _ body: () -> T
    ) throws(SystemError) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw failure(call, code)
        }
    }

    /// close(2) is never retried: on Linux the descriptor is gone even when it reports EINTR,
    /// and retrying could close a descriptor another thread just opened.
    static func close(_ fd: Int32) {
        if Glibc.close(fd) == -1 {
            let code = Glibc.errno
            precondition(code != EBADF, "close: bad descriptor \(fd), closed twice?")
        }
    }

    @usableFromInline
    static func failure(_ call: StaticString, _ code: Int32) -> SystemError {
        precondition(code != EBADF && code != EFAULT, "\(call): errno \(code) is a programming error")
        return SystemError(call: "\(call)", errno: code)
    }
}
