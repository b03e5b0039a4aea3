import FuzzSupport
import PolicyExpressions

/// The expression lexer and parser on arbitrary text, with and without the `@(`…`)` wrapper.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpressionParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = fuzzText(data, size) else { return 0 }
    _ = try? ExpressionParser.parse(text)
    _ = try? ExpressionParser.parseBareExpression(text)
    _ = try? ExpressionParser.parseTypeName(text)
    return 0
}

@_cdecl("FuzzExpressionParser_main")
public func FuzzExpressionParserMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzExpressionParser)
}
