import DotNet
import Foundation

/// Instance members of `System.String`, indexed by UTF-16 code units as in .NET.
enum StringMembers {
    static let properties: Set<String> = ["Length", "Chars"]
    static let methods: Set<String> = [
        "Substring", "IndexOf", "LastIndexOf", "IndexOfAny", "LastIndexOfAny", "Contains", "StartsWith", "EndsWith", "Replace",
        "Split", "Trim", "TrimStart", "TrimEnd", "ToLower", "ToUpper", "ToLowerInvariant", "ToUpperInvariant", "PadLeft",
        "PadRight", "Equals", "CompareTo", "ToCharArray", "ToString", "Insert", "Remove", "GetHashCode", "GetType",
        "Normalize", "IsNormalized", "Clone", "Any", "Count", "First", "FirstOrDefault", "Last", "LastOrDefault", "Select",
        "Where", "All", "Reverse", "ToArray", "ToList", "Skip", "Take", "Distinct", "Aggregate", "ElementAt", "ElementAtOrDefault",
        "SequenceEqual", "OrderBy", "OrderByDescending", "Concat", "Sum", "Min", "Max",
    ]

    static func property(_ text: String, _ name: String) -> Value? {
        switch name {
        case "Length": .int(Int32(clamping: text.utf16.count))
        default: nil
        }
    }

    /// The StringComparison of an argument: (ignoreCase). Culture comparisons are treated as ordinal.
    static func ignoresCase(_ value: Value) -> Bool? {
        if case .object(let object) = value, let comparison = object as? EnumValue, comparison.enumType == "StringComparison" {
            return comparison.rawValue % 2 == 1
        }
        if case .object(let object) = value, let comparer = object as? StringComparerObject { return comparer.ignoreCase }
        return nil
    }

    static func replaceOrdinal(_ text: String, _ old: String, _ new: String, ignoreCase: Bool = false) -> String {
        let units = Array(text.utf16)
        let pattern = Array(old.utf16)
        guard !pattern.isEmpty, units.count >= pattern.count else { return text }
        var result: [UInt16] = []
        result.reserveCapacity(units.count)
        let replacement = Array(new.utf16)
        var index = 0
        while index < units.count {
            if index + pattern.count <= units.count, matches(units, at: index, pattern, ignoreCase: ignoreCase) {
                result.append(contentsOf: replacement)
                index += pattern.count
            } else {
                result.append(units[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF16.self)
    }

    private static func matches(_ units: [UInt16], at index: Int, _ pattern: [UInt16], ignoreCase: Bool) -> Bool {
        for offset in 0..<pattern.count {
            let a = units[index + offset], b = pattern[offset]
            if a != b && !(ignoreCase && upperInvariant(a) == upperInvariant(b)) { return false }
        }
        return true
    }

    /// Ordinal substring test over the UTF-8 bytes.
    static func utf8Contains(_ text: String, _ pattern: String) -> Bool {
        if pattern.isEmpty { return true }
        var haystack = text
        var needle = pattern
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count, let first = n.first else { return false }
                var index = 0
                let last = h.count - n.count
                while index <= last {
                    if h[index] == first {
                        var offset = 1
                        while offset < n.count, h[index + offset] == n[offset] { offset += 1 }
                        if offset == n.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }

    static func indexOf(_ units: [UInt16], _ pattern: [UInt16], from start: Int, ignoreCase: Bool) -> Int {
        guard pattern.count <= units.count else { return pattern.isEmpty ? start : -1 }
        if pattern.isEmpty { return start }
        var index = start
        while index + pattern.count <= units.count {
            if matches(units, at: index, pattern, ignoreCase: ignoreCase) { return index }
            index += 1
        }
        return -1
    }

    static func lastIndexOf(_ units: [UInt16], _ pattern: [UInt16], ignoreCase: Bool) -> Int {
        if pattern.isEmpty { return max(0, units.count - 1) }
        var index = units.count - pattern.count
        while index >= 0 {
            if matches(units, at: index, pattern, ignoreCase: ignoreCase) { return index }
            index -= 1
        }
        return -1
    }

    /// Characters `Trim()` removes: Unicode white space, as `char.IsWhiteSpace`.
    static func isWhiteSpace(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private static func trimSet(_ arguments: [Value]) throws -> ((UInt16) -> Bool) {
        var set: [UInt16] = []
        for argument in arguments {
            switch argument {
            case .char(let c): set.append(c)
            case .array(let array): set += array.items.compactMap { if case .char(let c) = $0 { c } else { nil } }
            case .string(let s): set += s.utf16
            case .null: break
            default: throw ExpressionRuntimeError.invalidCast(from: argument.typeName, to: "Char")
            }
        }
        if set.isEmpty { return isWhiteSpace }
        return { set.contains($0) }
    }

    private static func substring(_ units: [UInt16], _ start: Int, _ length: Int) -> Value {
        .string(String(decoding: units[start..<(start + length)], as: UTF16.self))
    }

    static func call(_ text: String, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        switch name {
        case "Substring":
            let units = Array(text.utf16)
            let start = try Conversions.toInt(arguments.first ?? .int(0))
            guard start >= 0, start <= units.count else {
                throw ExpressionRuntimeError.argumentOutOfRange("startIndex", start < 0 ? "StartIndex cannot be less than zero." : "startIndex cannot be larger than length of string.")
            }
            if count == 1 { return substring(units, start, units.count - start) }
            guard count == 2 else { return nil }
            let length = try Conversions.toInt(arguments[1])
            guard length >= 0 else { throw ExpressionRuntimeError.argumentOutOfRange("length", "Length cannot be less than zero.") }
            guard start + length <= units.count else {
                throw ExpressionRuntimeError.argumentOutOfRange("length", "Index and length must refer to a location within the string.")
            }
            return substring(units, start, length)
        case "IndexOf", "LastIndexOf":
            guard count >= 1 else { return nil }
            let units = Array(text.utf16)
            var pattern: [UInt16]
            switch arguments[0] {
            case .char(let c): pattern = [c]
            case .null: throw ExpressionRuntimeError.argumentNull("value")
            default: pattern = Array(try Conversions.toStringArgument(arguments[0], "value").utf16)
            }
            var ignoreCase = false
            var start = 0
            var rest = arguments.dropFirst()
            if let last = rest.last, let flag = ignoresCase(last) { ignoreCase = flag; rest = rest.dropLast() }
            if let first = rest.first { start = try Conversions.toInt(first) }
            if name == "LastIndexOf" {
                if rest.first != nil {
                    // LastIndexOf(value, startIndex): search backwards from startIndex.
                    guard start < units.count || units.isEmpty else { throw ExpressionRuntimeError.argumentOutOfRange("startIndex", "Index was out of range. Must be non-negative and less than the size of the collection.") }
                    let limit = min(units.count, start + 1)
                    return .int(Int32(lastIndexOf(Array(units[0..<max(0, limit)]), pattern, ignoreCase: ignoreCase)))
                }
                return .int(Int32(lastIndexOf(units, pattern, ignoreCase: ignoreCase)))
            }
            guard start >= 0, start <= units.count else { throw ExpressionRuntimeError.argumentOutOfRange("startIndex", "Index was out of range. Must be non-negative and less than or equal to the size of the collection.") }
            var searchUnits = units
            if rest.count >= 2 {
                let length = try Conversions.toInt(rest[rest.startIndex + 1])
                guard length >= 0, start + length <= units.count else { throw ExpressionRuntimeError.argumentOutOfRange("count", "Count must be positive and count must refer to a location within the string/array/collection.") }
                searchUnits = Array(units[0..<(start + length)])
            }
            return .int(Int32(indexOf(searchUnits, pattern, from: start, ignoreCase: ignoreCase)))
        case "IndexOfAny", "LastIndexOfAny":
            guard count >= 1, case .array(let array) = arguments[0] else { return nil }
            let set = array.items.compactMap { if case .char(let c) = $0 { c } else { nil } }
            let units = Array(text.utf16)
            let found = name == "IndexOfAny" ? units.firstIndex(where: set.contains) : units.lastIndex(where: set.contains)
            return .int(Int32(found ?? -1))
        case "Contains":
            guard count >= 1 else { return nil }
            let ignoreCase = count > 1 ? (ignoresCase(arguments[1]) ?? false) : false
            if !ignoreCase, case .string(let pattern) = arguments[0] {
                // Ordinal UTF-8 comparison agrees with ordinal UTF-16 comparison.
                return .bool(utf8Contains(text, pattern))
            }
            let pattern: [UInt16]
            if case .char(let c) = arguments[0] { pattern = [c] } else { pattern = Array(try Conversions.toStringArgument(arguments[0], "value").utf16) }
            return .bool(indexOf(Array(text.utf16), pattern, from: 0, ignoreCase: ignoreCase) >= 0)
        case "StartsWith", "EndsWith":
            guard count >= 1 else { return nil }
            var ignoreCase = false
            if count >= 2 {
                if let flag = ignoresCase(arguments[1]) { ignoreCase = flag } else if case .bool(let b) = arguments[1] { ignoreCase = b }
            }
            if !ignoreCase, case .string(let prefix) = arguments[0] {
                return .bool(name == "StartsWith" ? text.utf8.starts(with: prefix.utf8) : text.utf8.reversed().starts(with: prefix.utf8.reversed()))
            }
            let pattern: [UInt16]
            if case .char(let c) = arguments[0] { pattern = [c] } else { pattern = Array(try Conversions.toStringArgument(arguments[0], "value").utf16) }
            let units = Array(text.utf16)
            guard pattern.count <= units.count else { return .bool(false) }
            let at = name == "StartsWith" ? 0 : units.count - pattern.count
            return .bool(matches(units, at: at, pattern, ignoreCase: ignoreCase))
        case "Replace":
            guard count >= 2 else { return nil }
            if case .char(let old) = arguments[0], case .char(let new) = arguments[1] {
                return .string(String(decoding: text.utf16.map { $0 == old ? new : $0 }, as: UTF16.self))
            }
            let old = try Conversions.toStringArgument(arguments[0], "oldValue")
            guard !old.isEmpty else { throw ExpressionRuntimeError.argument("The value cannot be an empty string. (Parameter 'oldValue')") }
            let ignoreCase = count > 2 ? (ignoresCase(arguments[2]) ?? false) : false
            let result = replaceOrdinal(text, old, try Conversions.toStringOrNull(arguments[1]) ?? "", ignoreCase: ignoreCase)
            try evaluation.checkLength(result.utf8.count)
            return .string(result)
        case "Split":
            return try split(text, arguments, evaluation)
        case "Trim", "TrimStart", "TrimEnd":
            let isTrimmed = try trimSet(arguments)
            var units = ArraySlice(text.utf16)
            if name != "TrimEnd" { while let first = units.first, isTrimmed(first) { units.removeFirst() } }
            if name != "TrimStart" { while let last = units.last, isTrimmed(last) { units.removeLast() } }
            return .string(String(decoding: units, as: UTF16.self))
        case "ToLower", "ToLowerInvariant":
            return .string(DotNetString.toLowerInvariant(text))
        case "ToUpper", "ToUpperInvariant":
            return .string(DotNetString.toUpperInvariant(text))
        case "PadLeft", "PadRight":
            guard count >= 1 else { return nil }
            let width = try Conversions.toInt(arguments[0])
            guard width >= 0 else { throw ExpressionRuntimeError.argumentOutOfRange("totalWidth", "Non-negative number required.") }
            try evaluation.checkLength(width)
            var padding: UInt16 = 0x20
            if count > 1, case .char(let c) = arguments[1] { padding = c }
            let length = text.utf16.count
            guard width > length else { return .string(text) }
            let pad = String(decoding: Array(repeating: padding, count: width - length), as: UTF16.self)
            return .string(name == "PadLeft" ? pad + text : text + pad)
        case "Equals":
            guard count >= 1 else { return nil }
            guard let other = try? Conversions.toStringOrNull(arguments[0]) else { return .bool(false) }
            let ignoreCase = count > 1 ? (ignoresCase(arguments[1]) ?? false) : false
            return .bool(ignoreCase ? ordinalIgnoreCaseEquals(text, other) : ordinalEquals(text, other))
        case "CompareTo":
            guard count == 1 else { return nil }
            guard let other = try Conversions.toStringOrNull(arguments[0]) else { return .int(1) }
            return .int(Int32(cultureCompare(text, other, ignoreCase: false)))
        case "ToCharArray":
            return .array(ArrayObject(text.utf16.map { .char($0) }, elementType: "char"))
        case "ToString", "Clone", "Normalize":
            return .string(text)
        case "Insert":
            guard count == 2 else { return nil }
            let index = try Conversions.toInt(arguments[0])
            var units = Array(text.utf16)
            guard index >= 0, index <= units.count else { throw ExpressionRuntimeError.argumentOutOfRange("startIndex", "Index was out of range. Must be non-negative and less than or equal to the size of the collection.") }
            units.insert(contentsOf: try Conversions.toStringArgument(arguments[1], "value").utf16, at: index)
            return .string(String(decoding: units, as: UTF16.self))
        case "Remove":
            let units = Array(text.utf16)
            let start = try Conversions.toInt(arguments.first ?? .int(0))
            let length = count > 1 ? try Conversions.toInt(arguments[1]) : units.count - start
            guard start >= 0, length >= 0, start + length <= units.count else {
                throw ExpressionRuntimeError.argumentOutOfRange("startIndex", "startIndex must be less than length of string.")
            }
            return .string(String(decoding: units[0..<start] + units[(start + length)...], as: UTF16.self))
        case "GetHashCode":
            // .NET randomises string hashes per process; a stable FNV hash keeps runs reproducible.
            var hash: UInt32 = 2_166_136_261
            for unit in text.utf16 { hash = (hash ^ UInt32(unit)) &* 16_777_619 }
            return .int(Int32(bitPattern: hash))
        default:
            return nil
        }
    }

    /// Culture-aware comparison approximated: case-insensitive first, then lower-case before upper.
    static func cultureCompare(_ a: String, _ b: String, ignoreCase: Bool) -> Int {
        let folded = a.compare(b, options: [.caseInsensitive], range: nil, locale: Locale(identifier: "en_US"))
        if folded != .orderedSame || ignoreCase { return folded == .orderedAscending ? -1 : (folded == .orderedSame ? 0 : 1) }
        let exact = a.compare(b, options: [], range: nil, locale: Locale(identifier: "en_US"))
        return exact == .orderedAscending ? -1 : (exact == .orderedSame ? 0 : 1)
    }

    /// `Split` with every overload policies use: `(params char[])`, `(char, options)`,
    /// `(char[], options)`, `(string, options)`, `(string[], options)`, `(…, count, options)`.
    static func split(_ text: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value {
        var separators: [[UInt16]] = []
        var removeEmpty = false
        var trimEntries = false
        var maxCount = Int.max
        for argument in arguments {
            switch argument {
            case .char(let c): separators.append([c])
            case .string(let s): separators.append(Array(s.utf16))
            case .array(let array):
                for item in array.items {
                    switch item {
                    case .char(let c): separators.append([c])
                    case .string(let s): separators.append(Array(s.utf16))
                    default: break
                    }
                }
            case .int(let n):
                guard n >= 0 else { throw ExpressionRuntimeError.argumentOutOfRange("count", "Count cannot be less than zero.") }
                maxCount = Int(n)
            case .object(let object):
                if let options = object as? EnumValue, options.enumType == "StringSplitOptions" {
                    removeEmpty = options.rawValue & 1 != 0
                    trimEntries = options.rawValue & 2 != 0
                }
            case .null: break
            default: throw ExpressionRuntimeError.invalidCast(from: argument.typeName, to: "Char")
            }
        }
        separators.removeAll { $0.isEmpty }
        let units = Array(text.utf16)
        var pieces: [ArraySlice<UInt16>] = []
        if maxCount == 0 { return Conversions.stringArray([]) }
        var start = 0
        var index = 0
        let whitespaceSplit = separators.isEmpty
        while index < units.count, pieces.count < maxCount - 1 {
            var matched = 0
            if whitespaceSplit {
                if isWhiteSpace(units[index]) { matched = 1 }
            } else {
                for separator in separators where index + separator.count <= units.count && units[index..<(index + separator.count)].elementsEqual(separator) {
                    matched = separator.count
                    break
                }
            }
            if matched > 0 {
                var piece = units[start..<index]
                if trimEntries { piece = trimmed(piece) }
                if !(removeEmpty && piece.isEmpty) { pieces.append(piece) }
                index += matched
                start = index
            } else {
                index += 1
            }
        }
        var last = units[start..<units.count]
        if trimEntries { last = trimmed(last) }
        if !(removeEmpty && last.isEmpty) { pieces.append(last) }
        try evaluation.checkCount(pieces.count)
        return Conversions.stringArray(pieces.map { String(decoding: $0, as: UTF16.self) })
    }

    private static func trimmed(_ slice: ArraySlice<UInt16>) -> ArraySlice<UInt16> {
        var piece = slice
        while let first = piece.first, isWhiteSpace(first) { piece.removeFirst() }
        while let last = piece.last, isWhiteSpace(last) { piece.removeLast() }
        return piece
    }
}
