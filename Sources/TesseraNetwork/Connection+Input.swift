import Glibc

/// Reading and line framing: bytes are framed in place (Redis advances an offset into its
/// query buffer) and each line is handed to the handler as a slice, never copied.
extension Connection {
    /// One recv, then every complete line the connection may take now.
    /// Returns whether bytes arrived (shutdown keeps reading while it does).
    @discardableResult
    func readAndHandle() -> Bool {
        loop.assertInLoop()
        let received: Int
        if input.isEmpty {
            // The common case: nothing left over, so read into the loop's shared buffer and
            // keep only what the handler could not take.
            let shared = server.readBuffer.rawBase
            guard let count = receive(into: shared, capacity: server.readBuffer.count) else { return false }
            received = count
            let (consumed, scanned) = handleLines(UnsafeRawPointer(shared), from: 0, to: count, scanFrom: 0)
            if consumed < count {
                input.append(shared + consumed, count: count - consumed, scanned: scanned - consumed)
            }
        } else {
            let tail = input.reserveTail(minimum: InputBuffer.readChunk)
            guard let count = receive(into: tail, capacity: input.freeCapacity) else { return false }
            received = count
            input.didWrite(count)
        }
        afterInput()
        return received > 0
    }

    /// nil when there was nothing to read or the connection ended; otherwise the byte count.
    func receive(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int? {
        do {
            switch try Socket.receive(fd, into: buffer, count: capacity) {
            case .wouldBlock:
                return nil
            case .done(0):
                // Complete lines already read are still answered; a partial one is dropped.
                peerClosedInput = true
                inputEnded = true
                afterInput()
                return nil
            case .done(let count):
                lastActivity = server.now
                return count
            }
        } catch {
            abort()
            return nil
        }
    }

    /// Lines waiting in the connection's own buffer (after a partial read, a pause, backpressure).
    func handleBufferedLines() {
        guard !input.isEmpty, canTakeLines, let base = input.base else { return }
        let (consumed, scanned) = handleLines(UnsafeRawPointer(base), from: input.readIndex, to: input.writeIndex, scanFrom: input.scannedIndex)
        input.consume(upTo: consumed, scanned: scanned)
    }

    /// Hands complete lines in `base[start..<end]` to the handler while it may take them.
    /// Returns the index of the first byte not taken, and the index before which those bytes
    /// hold no "\n" (so they are not scanned again).
    func handleLines(_ base: UnsafeRawPointer, from start: Int, to end: Int, scanFrom: Int) -> (consumed: Int, scanned: Int) {
        var lineStart = start
        var scanStart = max(scanFrom, start)
        // Loaded once per read, not per line (a non-optional local also spares a retain per call):
        // the handler is set by `admit` and dropped only by `finalClose`, which also ends the loop
        // below (`canTakeLines`). Lines are counted here and added once.
        guard let handler = self.handler else {
            // Not admitted yet, or closed: no line may be taken.
            return (start, max(start, min(scanStart, end)))
        }
        var lines = 0
        defer { if lines > 0 { server.counters.linesTotal += lines } }
        while lineStart < end, canTakeLines {
            guard let newline = memchr(base + scanStart, 0x0A, end - scanStart) else {
                if discardingOversized {
                    return (end, end)
                }
                // Content is at least one byte shorter than the partial (a "\r" may end it).
                if end - lineStart > maxLineBytes + 1 {
                    discardingOversized = true
                    reportOversized()
                    return (end, end)
                }
                return (lineStart, end)
            }
            let newlineIndex = UnsafeRawPointer(newline) - base
            let next = newlineIndex + 1
            if discardingOversized {
                discardingOversized = false
            } else {
                var lineEnd = newlineIndex
                if lineEnd > lineStart, base.load(fromByteOffset: lineEnd - 1, as: UInt8.self) == 0x0D {
                    lineEnd -= 1
                }
                if lineEnd - lineStart > maxLineBytes {
                    reportOversized()
                } else {
                    lines += 1
                    handler.handleLine(UnsafeRawBufferPointer(start: base + lineStart, count: lineEnd - lineStart), connection: self)
                }
                checkBackpressure()
            }
            lineStart = next
            scanStart = next
        }
        return (lineStart, max(lineStart, min(scanStart, end)))
    }

    private func reportOversized() {
        server.counters.oversizedLinesTotal += 1
        handler?.handleOversizedLine(connection: self)
        checkBackpressure()
    }

    @inline(__always)
    private func checkBackpressure() {
        if !backpressured, pendingOutputBytes > maxPendingOutputBytes {
            backpressured = true
            server.counters.backpressureStallsTotal += 1
        }
    }

    /// After input arrived or a pause lifted: take the lines that may be taken now, close if no
    /// more can come, and fix read interest.
    func afterInput() {
        loop.assertInLoop()
        guard state == .open else { return }
        if canTakeLines { handleBufferedLines() }
        if inputEnded, canTakeLines {
            // Every complete line is answered; what is left is a partial line.
            closeAfterFlush()
        }
        updateInterest()
    }

    /// A pause or backpressure just lifted: take the lines that waited, then read again.
    func resumeInput() {
        guard canTakeLines else { return }
        afterInput()
    }

    /// Lingering: read and drop until the peer's FIN; bounded by the linger time.
    func discardUntilEOF() {
        do {
            switch try Socket.receive(fd, into: server.readBuffer.rawBase, count: server.readBuffer.count) {
            case .wouldBlock: return
            case .done(0): finalClose()
            case .done: return
            }
        } catch {
            finalClose()
        }
    }
}
