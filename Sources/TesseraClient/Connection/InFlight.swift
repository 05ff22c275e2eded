/// The requests sent and not yet handed back to the caller, in order, and what became of
/// each. Pure bookkeeping, no I/O: `Client` reports what the socket did, and this decides
/// which reply belongs to which request and, when a connection breaks, which requests go
/// out again and which are reported. Tested on its own, without sockets.
struct InFlight {
    struct Entry {
        let request: Request
        /// Bytes on the wire: the line and its `\n`.
        let size: Int
        var state: State
        /// Whether it may have run: it was written whole on a connection that broke before
        /// its reply. Such a request is repeated only when its kind allows.
        var mayHaveRun = false
        /// Connections it was queued on that broke before its reply.
        var breaks = 0
    }

    enum State {
        /// Waiting to be written on the current connection; `unsent` of its bytes are not
        /// yet with the kernel. While its `\n` is not, the server cannot have run it.
        case queued(unsent: Int)
        /// Written whole on the current connection; its reply has not come yet.
        case written
        case answered(Reply)
        case failed(ClientError)

        var isResolved: Bool {
            switch self {
            case .answered, .failed: true
            case .queued, .written: false
            }
        }
    }

    private(set) var entries: [Entry] = []
    private var head = 0
    /// The first entry that may still be `queued`: every entry before it is written or resolved.
    private var firstQueued = 0
    /// The first entry that may be `written` and waiting for its reply.
    private var firstWritten = 0

    var isEmpty: Bool { head == entries.count }
    var count: Int { entries.count - head }
    var front: Entry? { isEmpty ? nil : entries[head] }

    mutating func enqueue(_ request: Request) {
        let size = request.line.utf8.count + 1
        entries.append(Entry(request: request, size: size, state: .queued(unsent: size)))
    }

    /// The requests whose bytes are to be written on the current connection, in order.
    var queuedRequests: [Request] {
        entries[firstQueued...].compactMap {
            if case .queued = $0.state { $0.request } else { nil }
        }
    }

    /// Whether nothing is on the wire: no request written or partly written on the current
    /// connection. Only then may the client swap the connection without breaking anything.
    var nothingOnTheWire: Bool {
        for entry in entries[firstWritten...] {
            switch entry.state {
            case .written: return false
            case .queued(let unsent) where unsent < entry.size: return false
            default: continue
            }
        }
        return true
    }

    /// Whether a request waits for its reply on the current connection.
    var awaitsReply: Bool {
        entries[firstWritten...].contains { if case .written = $0.state { true } else { false } }
    }

    /// The kernel took `count` more bytes of the queued requests, in order.
    mutating func wrote(_ count: Int) {
        var left = count
        var i = firstQueued
        while left > 0, i < entries.count {
            if case .queued(let unsent) = entries[i].state {
                let taken = min(unsent, left)
                left -= taken
                entries[i].state = taken == unsent ? .written : .queued(unsent: unsent - taken)
            }
            if case .queued = entries[i].state { break }
            i += 1
        }
        firstQueued = i
        precondition(left == 0, "more bytes written than queued")
    }

    /// Gives `reply` to the oldest request waiting for one; returns it, or nil when no
    /// request waits (the server said something unasked).
    mutating func answer(_ reply: Reply) -> Request? {
        var i = firstWritten
        while i < entries.count {
            if case .written = entries[i].state {
                entries[i].state = .answered(reply)
                firstWritten = i + 1
                return entries[i].request
            }
            if case .queued = entries[i].state { return nil }
            i += 1
        }
        return nil
    }

    /// The connection broke (`why`). Each unanswered request is decided: written whole and
    /// not repeatable, or broken on more than `repeats` connections, it fails
    /// (`outcomeUnknown` when it may have run, `notConnected` when it cannot have);
    /// otherwise it is queued again for the next connection. Returns whether any is.
    mutating func connectionBroke(_ why: Disconnect, repeats: Int) -> Bool {
        var resend = false
        for i in head..<entries.count {
            switch entries[i].state {
            case .written: entries[i].mayHaveRun = true
            case .queued: break
            case .answered, .failed: continue
            }
            entries[i].breaks += 1
            let request = entries[i].request
            if entries[i].mayHaveRun && (!request.isRepeatable || entries[i].breaks > repeats) {
                entries[i].state = .failed(.outcomeUnknown(request, why))
            } else if entries[i].breaks > repeats {
                entries[i].state = .failed(.notConnected("\(why); \(request.kind.verb) was not sent"))
            } else {
                entries[i].state = .queued(unsent: entries[i].size)
                resend = true
            }
        }
        firstQueued = head
        firstWritten = head
        lastBreak = why
        return resend
    }

    /// Why the last connection broke, for requests that may have run on it.
    private var lastBreak: Disconnect?

    /// No new connection could be made (`error`: `notConnected` or `authenticationFailed`):
    /// every queued request fails, as `outcomeUnknown` when it may have run on a connection
    /// that broke.
    mutating func cannotConnect(_ error: ClientError) {
        for i in firstQueued..<entries.count {
            guard case .queued = entries[i].state else { continue }
            let request = entries[i].request
            entries[i].state = .failed(entries[i].mayHaveRun ? .outcomeUnknown(request, lastBreak ?? .failed("\(error)")) : error)
        }
        firstQueued = entries.count
    }

    /// Removes and returns the oldest entry once it is resolved.
    mutating func popResolved() -> Entry? {
        guard let front, front.state.isResolved else { return nil }
        head += 1
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            (head, firstQueued, firstWritten) = (0, 0, 0)
        } else if head >= 1024 && head >= entries.count / 2 {
            // A pipeline kept full for long: drop what was handed back, so memory stays bounded.
            entries.removeFirst(head)
            (firstQueued, firstWritten) = (max(0, firstQueued - head), max(0, firstWritten - head))
            head = 0
        }
        return front
    }
}
