import Testing
@testable import DotNet

private func err(_ body: () throws -> Any?) -> DotNetException? {
    do { _ = try body(); return nil } catch let e as DotNetException { return e } catch { return nil }
}

@Suite struct DotNetFormatterTests {
    @Test func doubleToStringShortestRoundTrip() {
        // .NET Core 3.0+ double.ToString() is shortest round-trippable ("R").
        #expect(DotNetFormatter.formatDouble(0.1) == "0.1")
        #expect(DotNetFormatter.formatDouble(0.1 + 0.2) == "0.30000000000000004")
        #expect(DotNetFormatter.formatDouble(1e20) == "1E+20")
        #expect(DotNetFormatter.formatDouble(1e15) == "1E+15")
        #expect(DotNetFormatter.formatDouble(1e14) == "100000000000000")
        #expect(DotNetFormatter.formatDouble(1.5e-5) == "1.5E-05")
        #expect(DotNetFormatter.formatDouble(0.0001) == "0.0001")
        #expect(DotNetFormatter.formatDouble(-60) == "-60")
        #expect(DotNetFormatter.formatDouble(Double.pi) == "3.141592653589793")
        #expect(DotNetFormatter.formatDouble(Double.greatestFiniteMagnitude) == "1.7976931348623157E+308")
        #expect(DotNetFormatter.formatDouble(123456789012345680) == "1.2345678901234568E+17")
        #expect(DotNetFormatter.formatDouble(.nan) == "NaN")
        #expect(DotNetFormatter.formatDouble(-.infinity) == "-Infinity")
        #expect(DotNetFormatter.formatDouble(-0.0) == "-0")
    }

    @Test func standardNumericFormats() throws {
        // Examples from "Standard numeric format strings" (learn.microsoft.com), invariant culture.
        #expect(try DotNetFormatter.format(Int32(1234), "D") == "1234")
        #expect(try DotNetFormatter.format(Int32(-1234), "D6") == "-001234")
        #expect(try DotNetFormatter.format(1052.0329112756, "E") == "1.052033E+003")
        #expect(try DotNetFormatter.format(1052.0329112756, "e2") == "1.05e+003")
        #expect(try DotNetFormatter.format(1234.567, "F") == "1234.57")
        #expect(try DotNetFormatter.format(Int32(1234), "F1") == "1234.0")
        #expect(try DotNetFormatter.format(-1234.56, "F4") == "-1234.5600")
        #expect(try DotNetFormatter.format(-123.456, "G") == "-123.456")
        #expect(try DotNetFormatter.format(123.4546, "G4") == "123.5")
        #expect(try DotNetFormatter.format(-1.234567890e-25, "G") == "-1.23456789E-25")
        #expect(try DotNetFormatter.format(1234.567, "N") == "1,234.57")
        #expect(try DotNetFormatter.format(Int32(1234), "N1") == "1,234.0")
        #expect(try DotNetFormatter.format(-1234.56, "N3") == "-1,234.560")
        #expect(try DotNetFormatter.format(Int32(1), "P") == "100.00 %")
        #expect(try DotNetFormatter.format(-0.39678, "P1") == "-39.7 %")
        #expect(try DotNetFormatter.format(Int32(255), "X") == "FF")
        #expect(try DotNetFormatter.format(Int32(-1), "x") == "ffffffff")
        #expect(try DotNetFormatter.format(Int32(255), "x4") == "00ff")
        #expect(try DotNetFormatter.format(Int64(-1), "X") == "FFFFFFFFFFFFFFFF")
        #expect(try DotNetFormatter.format(12345.6789, "C") == "¤12,345.68")
        #expect(try DotNetFormatter.format(0.125, "F2") == "0.13")  // half away from zero on exact digits
        #expect(try DotNetFormatter.format(2.5, "F0") == "3")
        #expect(err { try DotNetFormatter.format(1.5, "D") }?.message == "Format specifier was invalid.")
    }

    @Test func customNumericFormats() throws {
        // Examples from "Custom numeric format strings" (learn.microsoft.com).
        #expect(try DotNetFormatter.format(1234.5678, "00000") == "01235")
        #expect(try DotNetFormatter.format(0.45678, "0.00") == "0.46")
        #expect(try DotNetFormatter.format(Int64(1234567890), "#,#") == "1,234,567,890")
        #expect(try DotNetFormatter.format(Int64(1234567890), "#,##0,,") == "1,235")
        #expect(try DotNetFormatter.format(0.086, "#0.##%") == "8.6%")
        #expect(try DotNetFormatter.format(Int32(86000), "0.###E+0") == "8.6E+4")
        #expect(try DotNetFormatter.format(1503.92311, "0.0##e+00") == "1.504e+03")
        #expect(try DotNetFormatter.format(Int32(123), "[##-##-##]") == "[-1-23]")
        #expect(try DotNetFormatter.format(Int64(1234567890), "(###) ###-####") == "(123) 456-7890")
        #expect(try DotNetFormatter.format(Int32(1234), "##;(##)") == "1234")
        #expect(try DotNetFormatter.format(Int32(-1234), "##;(##)") == "(1234)")
        #expect(try DotNetFormatter.format(Int32(0), "##;(##);**Zero**") == "**Zero**")
        #expect(try DotNetFormatter.format(1234.5, "#,##0.00") == "1,234.50")
        #expect(try DotNetFormatter.format(0.0, "0.0") == "0.0")
        #expect(try DotNetFormatter.format(Int32(5), "'#'0") == "#5")
        #expect(try DotNetFormatter.format(-0.5, "0.0") == "-0.5")
        #expect(try DotNetFormatter.format(-1234.5, "'x'#,##0.00") == "-x1,234.50")
        #expect(try DotNetFormatter.format(-0.001, "0.00") == "-0.00")  // doubles keep -0 (.NET Core 3.0+)
        #expect(try DotNetFormatter.format(DotNetDecimal.parse("-0.001"), "0.00") == "0.00")
        #expect(try DotNetFormatter.format(-0.001, "0.00;(0.00);zero") == "zero")
        #expect(try DotNetFormatter.format(Int32(0), "#") == "")
        #expect(try DotNetFormatter.format(Int32(-5), "#;(#)") == "(5)")
    }

    @Test func compositeFormatting() throws {
        #expect(try DotNetFormatter.format("{0,5}|{0,-5}|{1:F2}|{{x}}", [.int32(42), .double(3.14159)]) == "   42|42   |3.14|{x}")
        #expect(try DotNetFormatter.format("{0} {1} {2}", [.boolean(true), .null, .string("s")]) == "True  s")
        #expect(err { try DotNetFormatter.format("{0", [.int32(1)]) }?.message == "Input string was not in a correct format.")
        #expect(err { try DotNetFormatter.format("}", []) }?.type == "FormatException")
        #expect(err { try DotNetFormatter.format("{1}", [.int32(1)]) }?.message == "Index (zero based) must be greater than or equal to zero and less than the size of the argument list.")
    }

    @Test func parsing() throws {
        #expect(try DotNetNumberParsing.parseInt32(" 42 ") == 42)
        #expect(try DotNetNumberParsing.parseInt32("-0") == 0)
        #expect(err { try DotNetNumberParsing.parseInt32("4 2") }?.message == "Input string was not in a correct format.")
        #expect(err { try DotNetNumberParsing.parseInt32("") }?.type == "FormatException")
        #expect(err { try DotNetNumberParsing.parseInt32("1.0") }?.type == "FormatException")
        #expect(err { try DotNetNumberParsing.parseInt32("2147483648") }?.message == "Value was either too large or too small for an Int32.")
        #expect(try DotNetNumberParsing.parseInt64("-9223372036854775808") == Int64.min)
        #expect(err { try DotNetNumberParsing.parseInt64("9223372036854775808") }?.message == "Value was either too large or too small for an Int64.")
        #expect(err { try DotNetNumberParsing.parseInt32(String(repeating: "9", count: 10_000)) }?.type == "OverflowException")
        #expect(try DotNetNumberParsing.parseDouble("1,234.5") == 1234.5)
        #expect(try DotNetNumberParsing.parseDouble(" -1.5e3 ") == -1500)
        #expect(try DotNetNumberParsing.parseDouble("1e400") == .infinity)
        #expect(err { try DotNetNumberParsing.parseDouble("abc") }?.type == "FormatException")
        #expect(try DotNetNumberParsing.parseBoolean(" TRUE ") == true)
        #expect(err { try DotNetNumberParsing.parseBoolean("yes") }?.message == "String 'yes' was not recognized as a valid Boolean.")
        #expect(try DotNetNumberParsing.parseDecimal("1.50").description == "1.50")
        #expect(err { try DotNetNumberParsing.parseDecimal("79228162514264337593543950336") }?.message == "Value was either too large or too small for a Decimal.")
    }

    @Test func decimalArithmetic() throws {
        let p = { (s: String) throws -> DotNetDecimal in try DotNetDecimal.parse(s) }
        #expect(try DotNetDecimal.add(p("0.1"), p("0.2")).description == "0.3")
        #expect(try DotNetDecimal.multiply(p("1.50"), p("2")).description == "3.00")
        #expect(try DotNetDecimal.divide(p("10"), p("4")).description == "2.5")
        #expect(try DotNetDecimal.divide(p("1"), p("3")).description == "0.3333333333333333333333333333")
        #expect(try DotNetDecimal.divide(p("2"), p("3")).description == "0.6666666666666666666666666667")
        #expect(try DotNetDecimal.divide(p("1.00"), p("1")).description == "1.00")
        #expect(try DotNetDecimal.subtract(p("1"), p("1.25")).description == "-0.25")
        #expect(err { try DotNetDecimal.add(.maxValue, .one) }?.type == "OverflowException")
        #expect(err { try DotNetDecimal.divide(.one, .zero) }?.type == "DivideByZeroException")
        #expect(try DotNetDecimal(0.1).description == "0.1")
        #expect(try DotNetDecimal(1.0 / 3.0).description == "0.333333333333333")
        #expect(try p("2.345").rounded(decimals: 2).description == "2.34")
        #expect(try p("2.345").rounded(decimals: 2, awayFromZero: true).description == "2.35")
        #expect(try DotNetFormatter.format(p("1234.5"), "N2") == "1,234.50")
        #expect(try DotNetFormatter.format(p("1.50"), nil) == "1.50")
        #expect(try p("1.0") == p("1"))
        #expect(try p("1.0").hashValue == p("1").hashValue)
        #expect(DotNetDecimal.maxValue.description == "79228162514264337593543950335")
        #expect(try p("-9223372036854775808").toInt64() == Int64.min)
        #expect(err { try p("9223372036854775808").toInt64() }?.type == "OverflowException")
        #expect(try DotNetDecimal.multiply(p("0.5"), p("0.5")).description == "0.25")
        #expect(try DotNetDecimal.multiply(.maxValue, .one) == .maxValue)
        #expect(err { try DotNetDecimal.multiply(.maxValue, p("1.1")) }?.type == "OverflowException")
        #expect(try DotNetDecimal.remainder(p("7.5"), p("2")).description == "1.5")
        #expect(try p("-1.5").floor().description == "-2")
        #expect(try p("1.2").ceiling().description == "2")
        #expect(try p("0.0000000000000000000000000001").description == "0.0000000000000000000000000001")
        #expect(try DotNetDecimal.multiply(p("0.0000000000000001"), p("0.0000000000000001")).description == "0.0000000000000000000000000000")
    }
}
