import CSystemLinux
import Glibc

/// Reply ordering and writing: one growing byte array per connection, written with one send
/// per loop turn; deferred replies hold later bytes back until they complete.
extension Connection {
    /// Ask the server to write this connection before the loop sleeps. While a send is blocked,
    /// EPOLLOUT calls `flush` instead.
    func queueFlush() {
        guard !flushQueued, !writeInterest else { return }
        flushQueued = true
        server.queueFlush(self)
    }

    /// Keeps `ServerCounters.peakPendingOutputBytes` exact after every reply, while asking the
    /// server only when this connection's pending bytes pass the peak it last saw.
    @inline(__always)
    func notePendingOutput() {
        let pending = pendingOutputBytes
        if pending > knownPeakPendingOutput { raisePeakPendingOutput(pending) }
    }

    private func raisePeakPendingOutput(_ pending: Int) {
        let peak = max(pending, server.counters.peakPendingOutputBytes)
        server.counters.peakPendingOutputBytes = peak
        knownPeakPendingOutput = peak
    }

    /// One send of whatever is ready, then the decisions that depend on it: lift backpressure,
    /// close after a requested flush, and EPOLLOUT only while bytes are left.
    func flush() {
        loop.assertInLoop()
        flushQueued = false
        guard state == .open else { return }
        let unsent = output.count - outputSent
        if unsent > 0 {
            let result: IOResult<Int>
            do {
                result = try output.withUnsafeBytes { bytes throws(SystemError) in
                    try Socket.send(fd, bytes.baseAddress! + outputSent, count: unsent)
                }
            } catch {
                abort()
                return
            }
            switch result {
            case .wouldBlock:
                writeInterest = true
            case .done(let count):
                lastActivity = server.now
                outputSent += count
                if outputSent == output.count {
                    // Keep the buffer for the next replies, so a connection that pipelines
                    // large answers (32 EVALs of 5 KB) does not grow it again every turn
                    // (issue 17: no allocation per request); give back a larger one.
                    if output.capacity > Self.keptOutputCapacity {
                        output = []
                    } else {
                        output.removeAll(keepingCapacity: true)
                    }
                    outputSent = 0
                    writeInterest = false
                } else {
                    writeInterest = true
                    if outputSent >= 64 * 1024, outputSent * 2 >= output.count {
                        output.removeFirst(outputSent)
                        outputSent = 0
                    }
                }
            }
        } else {
            writeInterest = false
        }
        if backpressured, pendingOutputBytes <= maxPendingOutputBytes / 2 {
            backpressured = false
            resumeInput()
        }
        if closeRequested, held.isEmpty, output.count == outputSent {
            closeGracefully()
            return
        }
        updateInterest()
    }

    /// A deferred reply completed (on the loop thread): fill its place, release every reply
    /// that waited only for it, and resume input if it was the last pause.
    func fill(_ slot: ReplySlot, with bytes: [UInt8]) {
        loop.assertInLoop()
        guard !slot.isComplete else { return }
        slot.isComplete = true
        guard slot.isQueued, state == .open else { return }
        slot.reply = bytes
        heldBytes += bytes.count
        if slot.pausesInput { pausingReplies -= 1 }
        var released = 0
        while released < held.count, held[released].isComplete {
            let done = held[released]
            output.append(contentsOf: done.reply)
            output.append(contentsOf: done.trailing)
            heldBytes -= done.reply.count + done.trailing.count
            released += 1
        }
        if released > 0 {
            held.removeFirst(released)
            queueFlush()
        }
        notePendingOutput()
        if pausingReplies == 0 {
            resumeInput()
        }
    }
}
