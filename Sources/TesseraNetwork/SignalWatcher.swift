import CSystemLinux
import Glibc

/// Signals delivered as readable data on a signalfd, so they are handled on the loop thread
/// like any other event, with none of a signal handler's restrictions. Immutable, so `Sendable`.
final class SignalWatcher: Sendable {
    let fd: Int32

    /// Blocks `signals` for the calling thread (and threads it starts later), so the kernel
    /// queues them for the signalfd instead of running their default action.
    init(signals: [Int32]) throws(SystemError) {
        var set = try Self.block(signals)
        fd = try Syscall.call("signalfd") { signalfd(-1, &set, Int32(SFD_NONBLOCK | SFD_CLOEXEC)) }
    }

    /// Adds `signals` to the calling thread's mask, which threads it starts later inherit.
    @discardableResult
    static func block(_ signals: [Int32]) throws(SystemError) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        let status = pthread_sigmask(SIG_BLOCK, &set, nil)
        if status != 0 { throw SystemError(call: "pthread_sigmask", errno: status) }
        return set
    }

    /// The signals that arrived since the last read, in order.
    func readSignals() -> [Int32] {
        var received: [Int32] = []
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        while case .done(let count)? = try? Syscall.nonBlocking("read", { Glibc.read(fd, &info, size) }), count == size {
            received.append(Int32(info.ssi_signo))
        }
        return received
    }

    func close() {
        Syscall.close(fd)
    }
}
