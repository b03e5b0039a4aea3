import FuzzSupport
import PolicyModel
import PolicySource
import PolicyXML

/// Raw-XML pre-pass, masking, libxml2 parse and tree building (PolicyXMLParser), then the AST
/// builder on top of the tree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let bytes = fuzzBytes(data, size) else { return 0 }
    let file = SourceFile(path: "fuzz.xml", bytes: bytes)
    let (document, diagnostics) = DocumentBuilder().parse(file)
    _ = diagnostics.map(\.message.count)
    _ = document?.sections.count
    return 0
}

@_cdecl("FuzzXML_main")
public func FuzzXMLMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzXML)
}
