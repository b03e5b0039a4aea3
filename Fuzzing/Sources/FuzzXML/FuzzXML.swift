import PolicyModel
import PolicySource
import PolicyXML

/// Raw-XML pre-pass, masking, libxml2 parse and tree building (PolicyXMLParser), then the AST
/// builder on top of the tree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = SourceFile(path: "fuzz.xml", bytes: bytes)
    let (document, diagnostics) = DocumentBuilder().parse(file)
    _ = diagnostics.map(\.message.count)
    _ = document?.sections.count
    return 0
}

/// SwiftPM links an executable with `main` defined as `FuzzXML_main`, so libFuzzer's own `main` is
/// not used: this entry point hands the command line to libFuzzer's driver instead.
@_cdecl("FuzzXML_main")
public func FuzzXMLMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzXML)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
