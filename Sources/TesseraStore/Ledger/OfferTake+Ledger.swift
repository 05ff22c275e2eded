import TesseraCore

extension OfferTake {
    /// An `OfferTake` read back from the ledger.
    ///
    /// Stopgap: TesseraCore gives `OfferTake` no public initializer, and a struct from
    /// another module cannot be initialized field by field. Once TesseraCore declares
    /// `public init(offerID:quantity:remainingAfter:allocations:)`, call it here and
    /// delete `blank`.
    static func restored(offerID: String, quantity: Int, remainingAfter: Int?, allocations: [Allocation]) -> OfferTake {
        var take = blank
        take.offerID = offerID
        take.quantity = quantity
        take.remainingAfter = remainingAfter
        take.allocations = allocations
        return take
    }

    /// One value to copy and overwrite, built through its stored properties' offsets,
    /// which `MemoryLayout.offset(of:)` documents as directly addressable. It refuses
    /// (at the first load, loudly) if the struct has gained a field this does not set.
    private static let blank: OfferTake = {
        typealias Field = (offset: Int, size: Int, alignment: Int)
        func field<T>(_ path: WritableKeyPath<OfferTake, T>, _: T.Type) -> Field {
            guard let offset = MemoryLayout<OfferTake>.offset(of: path) else {
                fatalError("OfferTake: a field is no longer stored; give OfferTake a public init")
            }
            return (offset, MemoryLayout<T>.size, MemoryLayout<T>.alignment)
        }
        let fields = [
            field(\.offerID, String.self), field(\.quantity, Int.self),
            field(\.remainingAfter, Int?.self), field(\.allocations, [Allocation].self),
        ].sorted { $0.offset < $1.offset }
        // The four fields must tile the struct: no gap another field could hide in.
        var end = 0
        for f in fields {
            let aligned = (end + f.alignment - 1) / f.alignment * f.alignment
            guard f.offset == aligned else { fatalError("OfferTake has fields the ledger does not know; give it a public init") }
            end = f.offset + f.size
        }
        guard end == MemoryLayout<OfferTake>.size else {
            fatalError("OfferTake has fields the ledger does not know; give it a public init")
        }

        let memory = UnsafeMutableRawPointer.allocate(
            byteCount: MemoryLayout<OfferTake>.size, alignment: MemoryLayout<OfferTake>.alignment)
        defer { memory.deallocate() }
        (memory + MemoryLayout<OfferTake>.offset(of: \.offerID)!).initializeMemory(as: String.self, to: "")
        (memory + MemoryLayout<OfferTake>.offset(of: \.quantity)!).initializeMemory(as: Int.self, to: 0)
        (memory + MemoryLayout<OfferTake>.offset(of: \.remainingAfter)!).initializeMemory(as: Int?.self, to: nil)
        (memory + MemoryLayout<OfferTake>.offset(of: \.allocations)!).initializeMemory(as: [Allocation].self, to: [])
        return memory.assumingMemoryBound(to: OfferTake.self).move()
    }()
}
