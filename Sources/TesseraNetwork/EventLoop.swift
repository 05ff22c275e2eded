import CSystemLinux
import Glibc
import Synchronization

/// Something registered with the loop. Called on the loop thread with the ready epoll events.
protocol EventSource: AnyObject {
    func handleEvents(_ events: UInt32)
}

/// One level-triggered epoll loop on one thread (Redis's `ae.c`, swift-nio's `SelectableEventLoop`).
///
/// Thread confinement: everything except `execute` (and `init`) runs on the thread inside `run()`;
/// that is why the class can be `@unchecked Sendable`. Other threads reach the loop only through
/// `execute`, which queues work under a `Mutex` and wakes the loop with an eventfd — never with
/// an epoll timeout, which would cost a polling delay on every cross-thread hand-off.
/// The confinement is checked, not only promised: loop-confined code here and in its owners calls
/// `assertInLoop()` (swift-nio's `assertInEventLoop`), which stops a debug build on a wrong thread.
final class EventLoop: @unchecked Sendable {
    /// epoll's opaque token for the wake-up eventfd; others are the owner's business.
    static let wakeToken = UInt64.max

    private struct Inbox {
        var work: [@Sendable () -> Void] = []
        /// The eventfd is already signalled: more work does not need another write.
        var wakePending = false
        /// After `close()` the eventfd is gone; late work is dropped instead of written to a dead fd.
        var closed = false
    }

    private let epollFD: Int32
    private let wakeFD: Int32
    private let inbox = Mutex(Inbox())

    // Loop-confined.
    private var sources: [UInt64: any EventSource] = [:]
    /// What one `epoll_wait` fills; freed with the loop.
    private let events = OwnedBuffer<epoll_event>(capacity: 256)
    private var running = false
    /// The thread inside `run()` (a `pthread_t`), 0 while none is. Atomic because any thread may
    /// ask `inLoop`.
    private let loopThread = Atomic<UInt>(0)
    /// Runs once per turn, before the loop may sleep: the owner flushes output here, so all
    /// replies produced in one turn go out with one send per connection.
    var beforeSleep: () -> Void = {}
    /// After a turn that had events, poll (`epoll_wait` with timeout 0) for up to this long before
    /// blocking: a request arriving meanwhile is served without the wake-up of a sleeping thread
    /// (20-80 µs on a virtual machine's idle vCPU). 0 = never; costs CPU while it spins.
    /// Set before `run()`.
    var busyPollNanoseconds = 0

    init() throws(SystemError) {
        epollFD = try Syscall.call("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        do {
            wakeFD = try Syscall.call("eventfd") { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
        } catch {
            Syscall.close(epollFD)
            throw error
        }
        // Every property is set by now, so a throw from here runs `deinit`, which closes both
        // descriptors (and `events` frees itself): closing them here as well closed them twice.
        try control(EPOLL_CTL_ADD, fd: wakeFD, token: Self.wakeToken, events: UInt32(EPOLLIN.rawValue))
    }

    deinit {
        close()
    }

    /// Whether the calling thread is the one running the loop.
    var inLoop: Bool {
        let thread = loopThread.load(ordering: .relaxed)
        return thread != 0 && pthread_equal(thread, pthread_self()) != 0
    }

    /// Whether loop-confined state may be touched from the calling thread: it is the thread running
    /// the loop, or no thread is (before `run()` the owner sets up, after it returns the owner tears
    /// down; no event or queued work can run then).
    var inLoopOrNotRunning: Bool {
        let thread = loopThread.load(ordering: .relaxed)
        return thread == 0 || pthread_equal(thread, pthread_self()) != 0
    }

    /// Stops a debug build where loop-confined state is touched from another thread while the loop
    /// runs (see `inLoopOrNotRunning`). An `assert`: release builds do not evaluate it.
    @inline(__always)
    func assertInLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(inLoopOrNotRunning, "loop-confined state touched off the loop thread", file: file, line: line)
    }

    // MARK: Registration (loop thread, or before `run`)

    func register(fd: Int32, token: UInt64, events: UInt32, source: any EventSource) throws(SystemError) {
        assertInLoop()
        try control(EPOLL_CTL_ADD, fd: fd, token: token, events: events)
        sources[token] = source
    }

    func modify(fd: Int32, token: UInt64, events: UInt32) throws(SystemError) {
        assertInLoop()
        try control(EPOLL_CTL_MOD, fd: fd, token: token, events: events)
    }

    /// After this, events already fetched for `token` in the current batch are ignored, so a
    /// descriptor number reused by a new connection can never receive the old one's events.
    func deregister(fd: Int32, token: UInt64) {
        assertInLoop()
        sources[token] = nil
        _ = try? control(EPOLL_CTL_DEL, fd: fd, token: token, events: 0)
    }

    private func control(_ operation: Int32, fd: Int32, token: UInt64, events: UInt32) throws(SystemError) {
        var event = epoll_event()
        tessera_epoll_event_set(&event, events, token)
        try Syscall.call("epoll_ctl") { epoll_ctl(epollFD, operation, fd, &event) }
    }

    // MARK: Cross-thread work

    /// Thread-safe. Work runs on the loop thread in submission order, during a later turn.
    func execute(_ work: @escaping @Sendable () -> Void) {
        inbox.withLock { inbox in
            guard !inbox.closed else { return }
            inbox.work.append(work)
            if !inbox.wakePending {
                inbox.wakePending = true
                // Written under the lock so `close()` cannot close the eventfd in between.
                var one: UInt64 = 1
                _ = try? Syscall.nonBlocking("write") { Glibc.write(wakeFD, &one, 8) }
            }
        }
    }

    private func runQueuedWork() {
        assertInLoop()
        var counter: UInt64 = 0
        _ = try? Syscall.nonBlocking("read") { Glibc.read(wakeFD, &counter, 8) }
        let work = inbox.withLock { inbox -> [@Sendable () -> Void] in
            inbox.wakePending = false
            defer { inbox.work.removeAll(keepingCapacity: true) }
            return inbox.work
        }
        for item in work { item() }
    }

    // MARK: Running

    /// Runs turns until `stop()`: wait for events, dispatch them, then `beforeSleep`.
    func run() {
        let (free, _) = loopThread.compareExchange(expected: 0, desired: pthread_self(), ordering: .relaxed)
        precondition(free, "EventLoop.run() called while the loop runs")
        running = true
        defer { loopThread.store(0, ordering: .relaxed) }
        var hadEvents = false
        while running {
            beforeSleep()
            guard running else { break }
            var count: Int32 = 0
            do {
                if hadEvents, busyPollNanoseconds > 0 {
                    count = try busyPoll()
                }
                if count == 0 {
                    count = try wait(timeout: -1)
                }
            } catch {
                // Only ENOMEM-like failures reach here; nothing sensible to do but try again.
                continue
            }
            hadEvents = count > 0
            for index in 0..<Int(count) where running {
                let token = tessera_epoll_event_token(events.base + index)
                let ready = tessera_epoll_event_events(events.base + index)
                if token == Self.wakeToken {
                    runQueuedWork()
                } else if let source = sources[token] {
                    source.handleEvents(ready)
                }
            }
        }
    }

    private func wait(timeout: Int32) throws(SystemError) -> Int32 {
        try Syscall.call("epoll_wait") { epoll_wait(epollFD, events.base, Int32(events.count), timeout) }
    }

    /// Non-blocking waits until an event arrives or `busyPollNanoseconds` pass; 0 when none came.
    private func busyPoll() throws(SystemError) -> Int32 {
        let deadline = Self.monotonicNanoseconds() + busyPollNanoseconds
        repeat {
            let count = try wait(timeout: 0)
            if count > 0 { return count }
        } while Self.monotonicNanoseconds() < deadline
        return 0
    }

    private static func monotonicNanoseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000_000_000 + now.tv_nsec
    }

    /// Loop thread: finish the current batch of events and return from `run()`.
    func stop() {
        assertInLoop()
        running = false
    }

    /// Drops queued work and closes the descriptors; later `execute` calls are ignored.
    func close() {
        let (wasOpen, dropped) = inbox.withLock { inbox -> (Bool, [@Sendable () -> Void]) in
            defer {
                inbox.closed = true
                inbox.work = []
            }
            return (!inbox.closed, inbox.work)
        }
        // Released outside the lock: a dropped closure's captures may call `execute` in deinit.
        _ = consume dropped
        guard wasOpen else { return }
        sources.removeAll()
        Syscall.close(wakeFD)
        Syscall.close(epollFD)
    }
}
