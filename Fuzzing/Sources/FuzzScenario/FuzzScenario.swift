import PolicyCheck
import PolicySource

/// The scenario loader (YAML → Scenario) on arbitrary text. It reads no other file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = SourceFile(path: "/nonexistent/fuzz.scenario.yaml", bytes: bytes)
    _ = try? ScenarioLoader.load(file, policy: "policy.xml")
    _ = try? ScenarioLoader.load(file)
    return 0
}

/// SwiftPM links an executable with `main` defined as `FuzzScenario_main`, so libFuzzer's own `main` is
/// not used: this entry point hands the command line to libFuzzer's driver instead.
@_cdecl("FuzzScenario_main")
public func FuzzScenarioMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzScenario)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
