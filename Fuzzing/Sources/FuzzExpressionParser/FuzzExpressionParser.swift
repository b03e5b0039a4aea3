import PolicyExpressions

/// The expression lexer and parser on arbitrary text, with and without the `@(`…`)` wrapper.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpressionParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? ExpressionParser.parse(text)
    _ = try? ExpressionParser.parseBareExpression(text)
    _ = try? ExpressionParser.parseTypeName(text)
    return 0
}

/// SwiftPM links an executable with `main` defined as `FuzzExpressionParser_main`, so libFuzzer's own `main` is
/// not used: this entry point hands the command line to libFuzzer's driver instead.
@_cdecl("FuzzExpressionParser_main")
public func FuzzExpressionParserMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzExpressionParser)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
