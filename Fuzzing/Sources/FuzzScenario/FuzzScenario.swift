import FuzzSupport
import PolicyCheck
import PolicySource

/// The scenario loader (YAML → Scenario) on arbitrary text. It reads no other file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let bytes = fuzzBytes(data, size) else { return 0 }
    let file = SourceFile(path: "/nonexistent/fuzz.scenario.yaml", bytes: bytes)
    _ = try? ScenarioLoader.load(file, policy: "policy.xml")
    _ = try? ScenarioLoader.load(file)
    return 0
}

@_cdecl("FuzzScenario_main")
public func FuzzScenarioMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzScenario)
}
