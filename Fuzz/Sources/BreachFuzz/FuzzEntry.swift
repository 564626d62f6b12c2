import BreachKit
import Foundation

/// The libFuzzer entry point: feeds each input to the parser named by `$BREACH_FUZZ_TARGET`.
///
/// Parsers may refuse an input (throw, return nil) but must never crash, hang or accept something
/// that breaks their own invariants; the checks below turn a broken invariant into a crash libFuzzer saves.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    FuzzTarget.current.run(data)
    return 0
}
