import Testing
@testable import DotNet

private func err(_ body: () throws -> Any?) -> DotNetException? {
    do { _ = try body(); return nil } catch let e as DotNetException { return e } catch { return nil }
}

@Suite struct DotNetStringTests {
    @Test func substringUsesUtf16AndDotNetErrors() throws {
        #expect(DotNetString.length("a😀") == 3)
        #expect(try DotNetString.substring("hello", 1, 3) == "ell")
        #expect(try DotNetString.substring("hello", 5) == "")
        #expect(err { try DotNetString.substring("hello", 6) }?.message == "startIndex cannot be larger than length of string. (Parameter 'startIndex')")
        #expect(err { try DotNetString.substring("hello", -1) }?.message == "StartIndex cannot be less than zero. (Parameter 'startIndex')")
        #expect(err { try DotNetString.substring("hello", 2, 4) }?.message == "Index and length must refer to a location within the string. (Parameter 'length')")
        #expect(err { try DotNetString.substring("hello", 0, -1) }?.message == "Length cannot be less than zero. (Parameter 'length')")
    }

    @Test func searching() throws {
        #expect(try DotNetString.indexOf("abcabc", "c") == 2)
        #expect(try DotNetString.indexOf("abcabc", "c", startIndex: 3) == 5)
        #expect(try DotNetString.indexOf("abc", "") == 0)
        #expect(try DotNetString.indexOf("ABC", "b", ignoreCase: true) == 1)
        #expect(DotNetString.lastIndexOf("abcabc", "b") == 4)
        #expect(DotNetString.startsWith("Bearer x", "bearer ", ignoreCase: true))
        #expect(DotNetString.endsWith("file.JSON", ".json", ignoreCase: true))
        #expect(!DotNetString.contains("abc", "C"))
    }

    @Test func splitting() throws {
        #expect(try DotNetString.split("a,b,,c", chars: [0x2C]) == ["a", "b", "", "c"])
        #expect(try DotNetString.split("a,b,,c", chars: [0x2C], options: .removeEmptyEntries) == ["a", "b", "c"])
        #expect(try DotNetString.split("a,b,c", chars: [0x2C], count: 2) == ["a", "b,c"])
        #expect(try DotNetString.split(",a,,b,c", chars: [0x2C], count: 2, options: .removeEmptyEntries) == ["a", "b,c"])
        #expect(try DotNetString.split(" a  b ", chars: []) == ["", "a", "", "b", ""])
        #expect(try DotNetString.split("a, b ,c", separators: [","], options: [.trimEntries]) == ["a", "b", "c"])
        #expect(try DotNetString.split("a::b", separators: ["::"]) == ["a", "b"])
        #expect(try DotNetString.split("", chars: [0x2C]) == [""])
        #expect(try DotNetString.split(",a", chars: [0x2C], count: 1, options: .removeEmptyEntries) == [",a"])
    }

    @Test func transforming() throws {
        #expect(DotNetString.trim("\u{A0} x \t") == "x")
        #expect(DotNetString.trim("xxaxx", [0x78], end: false) == "axx")
        #expect(DotNetString.toUpperInvariant("straße ǆ") == "STRAßE Ǆ")  // simple case mapping: ß unchanged
        #expect(DotNetString.toLowerInvariant("ÀB") == "àb")
        #expect(try DotNetString.padLeft("7", 3, 0x30) == "007")
        #expect(err { try DotNetString.padLeft("7", -1) }?.type == "ArgumentOutOfRangeException")
        #expect(try DotNetString.replace("aaa", "a", "bb") == "bbbbbb")
        #expect(try DotNetString.replace("abc", "b", nil) == "ac")
        #expect(err { try DotNetString.replace("abc", "", "x") }?.message == "String cannot be of zero length. (Parameter 'oldValue')")
        #expect(try DotNetString.remove("hello", 1, 3) == "ho")
        #expect(try DotNetString.insert("hlo", 1, "el") == "hello")
        #expect(DotNetString.join(",", ["a", nil, "c"]) == "a,,c")
        #expect(DotNetString.compareOrdinal("a", "B") == 1)
        #expect(DotNetString.equals("ABC", "abc", ignoreCase: true))
        #expect(DotNetString.isNullOrWhiteSpace(" \u{3000}"))
    }
}
