/// What every fuzz target shares.
///
/// SwiftPM links an executable with `main` renamed to `<Target>_main`, so libFuzzer's own `main`
/// is not used; each target defines `<Target>_main` and calls `runFuzzer`, which hands the command
/// line to libFuzzer's driver with the target's `LLVMFuzzerTestOneInput`.
public func runFuzzer(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, testOneInput)
}

/// The input's bytes as text (invalid UTF-8 repaired); nil for no input pointer.
public func fuzzText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String? {
    guard let data else { return nil }
    return String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// The input's bytes; nil for no input pointer.
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8]? {
    guard let data else { return nil }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
