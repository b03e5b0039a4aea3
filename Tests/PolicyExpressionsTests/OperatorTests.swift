import PolicyExpressions
import Testing

/// Operators with C# semantics (values per the C# language specification, §12).
@Suite struct OperatorTests {
    @Test func int32ArithmeticWrapsUnchecked() throws {
        #expect(try shown("@(int.MaxValue + 1 == int.MinValue)") == "True:Boolean")
        #expect(try shown("@(int.MaxValue + 1)") == "-2147483648:Int32")
        #expect(try shown("@(int.MinValue - 1)") == "2147483647:Int32")
        #expect(try shown("@(65536 * 65536)") == "0:Int32")
        #expect(try shown("@(long.MaxValue + 1)") == "-9223372036854775808:Int64")
        #expect(try shown("@(-int.MinValue)") == "-2147483648:Int32")
    }

    @Test func integerDivisionTruncatesTowardZero() throws {
        #expect(try shown("@(7 / 2)") == "3:Int32")
        #expect(try shown("@(-7 / 2)") == "-3:Int32")
        #expect(try shown("@(7 / -2)") == "-3:Int32")
        // The remainder has the sign of the dividend.
        #expect(try shown("@(-7 % 3)") == "-1:Int32")
        #expect(try shown("@(7 % -3)") == "1:Int32")
        #expect(try shown("@(7.5 % 2)") == "1.5:Double")
    }

    @Test func divisionByZero() throws {
        #expect(failure("@(1 / 0)") == "DivideByZeroException: Attempted to divide by zero.")
        #expect(failure("@(1 % 0)") == "DivideByZeroException: Attempted to divide by zero.")
        #expect(failure("@(1L / 0L)") == "DivideByZeroException: Attempted to divide by zero.")
        #expect(failure("@(1m / 0m)") == "DivideByZeroException: Attempted to divide by zero.")
        // Floating point division by zero is IEEE: infinity, not an exception.
        #expect(try shown("@(1.0 / 0)") == "Infinity:Double")
        #expect(failure("@(int.MinValue / -1)") == "OverflowException: Arithmetic operation resulted in an overflow.")
    }

    @Test func numericPromotion() throws {
        #expect(try shown("@(1 + 2L)") == "3:Int64")
        #expect(try shown("@(1 + 2.5)") == "3.5:Double")
        #expect(try shown("@(1 + 2.5m)") == "3.5:Decimal")
        #expect(try shown("@('a' + 1)") == "98:Int32")
        #expect(try shown("@(0.1 + 0.2)") == "0.30000000000000004:Double")
        #expect(try shown("@(1e15)") == "1E+15:Double")
        #expect(try shown("@(0.00001)") == "1E-05:Double")
        #expect(try shown("@(10 / 4.0)") == "2.5:Double")
    }

    @Test func shiftsAndBitwise() throws {
        #expect(try shown("@(1 << 33)") == "2:Int32") // shift count masked to 5 bits
        #expect(try shown("@(-8 >> 1)") == "-4:Int32")
        #expect(try shown("@(0xFF & 0x0F | 0x30)") == "63:Int32")
        #expect(try shown("@(5 ^ 3)") == "6:Int32")
        #expect(try shown("@(~0)") == "-1:Int32")
        #expect(try shown("@(true ^ true)") == "False:Boolean")
    }

    @Test func stringConcatenationUsesDotNetToString() throws {
        #expect(try shown(#"@("a" + 1 + 2)"#) == "a12:String")
        #expect(try shown(#"@(1 + 2 + "a")"#) == "3a:String")
        #expect(try shown(#"@("v=" + true)"#) == "v=True:String")
        #expect(try shown(#"@("v=" + null)"#) == "v=:String")
        #expect(try shown(#"@("x" + 'c')"#) == "xc:String")
        #expect(try shown(#"@("d=" + 1.5)"#) == "d=1.5:String")
        #expect(try shown(#"@("n=" + (string)null + "!")"#) == "n=!:String")
    }

    @Test func stringEqualityIsOrdinal() throws {
        #expect(try shown(#"@("abc" == "abc")"#) == "True:Boolean")
        #expect(try shown(#"@("abc" == "ABC")"#) == "False:Boolean")
        // Precomposed é (U+00E9) and e + combining acute (U+0065 U+0301) differ ordinally.
        #expect(try shown("@(\"\\u00e9\" == \"e\\u0301\")") == "False:Boolean")
        #expect(try shown(#"@("a" != null)"#) == "True:Boolean")
        #expect(try shown(#"@(string.Compare("a", "B", StringComparison.Ordinal) > 0)"#) == "True:Boolean")
        #expect(try shown(#"@(string.CompareOrdinal("a", "B"))"#) == "31:Int32")
    }

    @Test func nullConditionalAndCoalescing() throws {
        let context = sampleContext()
        #expect(try shown("@(context.Request.Body?.As<string>(preserveContent: true).Length ?? -1)", context) == "78:Int32")
        context.request.body = nil
        #expect(try shown("@(context.Request.Body?.As<string>().Length ?? -1)", context) == "-1:Int32")
        #expect(try shown(#"@((string)null ?? "fallback")"#) == "fallback:String")
        #expect(try shown(#"@(((string)null)?.Length)"#) == ":Object")
        #expect(try shown("@(context.User?.Email ?? \"anonymous\")", context) == "anonymous:String")
        let array = "@{ string[] a = null; return a?[0] ?? \"none\"; }"
        #expect(try shown(array) == "none:String")
    }

    @Test func nullMemberAccessThrowsNullReferenceException() throws {
        #expect(failure("@(context.User.Email)") == "NullReferenceException: Object reference not set to an instance of an object.")
        #expect(failure(#"@(((string)null).Length)"#) == "NullReferenceException: Object reference not set to an instance of an object.")
        let error = try #require(throws: ExpressionRuntimeError.self) { try evaluate("@(context.User.Email)") }
        #expect(error.lastErrorMessage == "Expression evaluation failed. Object reference not set to an instance of an object.")
        #expect(error.exceptionType == "System.NullReferenceException")
        #expect(error.offset == 15) // the member name `Email`
    }

    @Test func conditionalAndLogical() throws {
        #expect(try shown("@(1 < 2 ? \"yes\" : \"no\")") == "yes:String")
        #expect(try shown("@(false && (1 / 0 == 0))") == "False:Boolean") // short-circuit
        #expect(try shown("@(true || (1 / 0 == 0))") == "True:Boolean")
        #expect(try shown("@(!(1 >= 2))") == "True:Boolean")
        #expect(try shown("@(double.NaN < 1 || double.NaN >= 1)") == "False:Boolean")
    }

    @Test func castsAndTypeTests() throws {
        #expect(try shown("@((int)3.99)") == "3:Int32")
        #expect(try shown("@((int)-3.99)") == "-3:Int32")
        #expect(try shown("@((byte)300)") == "44:Byte")
        #expect(try shown("@((long)int.MaxValue + 1)") == "2147483648:Int64")
        #expect(try shown("@((char)65)") == "A:Char")
        #expect(failure(#"@((int)(object)"5")"#) == "InvalidCastException: Unable to cast object of type 'System.String' to type 'System.Int32'.")
        #expect(try shown(#"@("s" is string)"#) == "True:Boolean")
        #expect(try shown(#"@(((object)5 as string) == null)"#) == "True:Boolean")
        #expect(try shown(#"@{ object o = "text"; if (o is string s) { return s.Length; } return -1; }"#) == "4:Int32")
        #expect(try shown("@(null is string)") == "False:Boolean")
    }

    @Test func incrementAndCompoundAssignment() throws {
        #expect(try shown("@{ int i = 5; int j = i++; return i * 10 + j; }") == "65:Int32")
        #expect(try shown("@{ int i = 5; int j = ++i; return i * 10 + j; }") == "66:Int32")
        #expect(try shown("@{ var s = \"a\"; s += 1; s += true; return s; }") == "a1True:String")
        #expect(try shown("@{ int x = int.MaxValue; x += 1; return x; }") == "-2147483648:Int32")
        #expect(try shown("@{ string s = null; s ??= \"d\"; return s; }") == "d:String")
        #expect(try shown("@{ long total = 0; total += 5; return total; }") == "5:Int64")
    }
}
