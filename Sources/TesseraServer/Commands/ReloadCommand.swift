import TesseraProtocol
import TesseraCore

extension TesseraService {
    /// RELOAD: answered once the catalog is read again; later lines of the connection wait
    /// for it, so they see the new catalog. The admin token is checked by the verb's row.
    func reloadCommand() -> CommandOutcome {
        .deferred(pauseInput: true) { [self] complete in reload(completion: complete) }
    }

    /// Loads the catalog again off the loop thread, then swaps it in on the
    /// loop thread: requests already running finish on the old snapshot, and a
    /// broken catalog leaves the old one serving (SPEC §2, §6).
    /// `completion` runs on the loop thread with the reply bytes.
    ///
    /// A live change batch on its way to the file is waited for first, and the next one
    /// waits for the swap (`LiveChanges`): the file read then holds every change answered
    /// OK, and the new catalog's empty delta replaces the old catalog's delta at once.
    public func reload(completion: @escaping @Sendable ([UInt8]) -> Void) {
        assertInLoop()
        if live.inFlight {
            live.reloadsWaiting.append { [self] in reload(completion: completion) }
            return
        }
        live.reloadsRunning += 1
        let source = source
        reloadQueue.async { [self] in
            let result: Result<Snapshot, CatalogError>
            do throws(CatalogError) {
                result = .success(try Snapshot.load(source))
            } catch {
                result = .failure(error)
            }
            post { [self] in
                assertInLoop()
                var out = ReplyWriter(capacity: 128)
                switch result {
                case .success(let loaded):
                    install(loaded)
                    let fresh = loaded.catalog, ms = loaded.loadMilliseconds
                    out.word("OK")
                    out.field("offers", fresh.offerCount)
                    out.field("members", fresh.memberCount)
                    out.field("ms", ms)
                    out.endLine()
                    onReload(.success((fresh.offerCount, fresh.memberCount, ms)))
                case .failure(let error):
                    let reply = ErrorReply(.badCatalog, msg: error.description)
                    stats.count(reply.code)
                    reply.write(to: &out)
                    onReload(.failure(error))
                }
                completion(out.bytes)
                live.reloadsRunning -= 1
                startLiveBatch()
            }
        }
    }
}
