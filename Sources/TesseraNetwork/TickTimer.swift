import CSystemLinux
import Glibc

/// A timerfd ticking once a second: idle timeouts, lingering closes and the shutdown grace are
/// checked on its ticks, so epoll_wait itself always sleeps without a timeout.
final class TickTimer {
    let fd: Int32

    init(intervalSeconds: Int = 1) throws(SystemError) {
        fd = try Syscall.call("timerfd_create") {
            timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        }
        var spec = itimerspec()
        spec.it_interval.tv_sec = intervalSeconds
        spec.it_value.tv_sec = intervalSeconds
        do {
            try Syscall.call("timerfd_settime") { timerfd_settime(fd, 0, &spec, nil) }
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    /// Ticks elapsed since the last read (more than one if the loop was busy).
    func readTicks() -> Int {
        var expirations: UInt64 = 0
        guard case .done(8)? = try? Syscall.nonBlocking("read", { Glibc.read(fd, &expirations, 8) }) else { return 0 }
        return Int(expirations)
    }

    func close() {
        Syscall.close(fd)
    }
}
