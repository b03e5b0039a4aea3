import DotNet
import Foundation
import PolicyExpressions
import PolicySource

/// The liquid filters APIM lists on the set-body page, with DotLiquid's C#-mode (Pascal case)
/// names. `Replace` and `ReplaceFirst` take a .NET regular expression, as DotLiquid's do.
enum LiquidFilters {
    static let names: [String] = [
        "Abs", "Append", "AtLeast", "AtMost", "Capitalize", "Compact", "Currency", "Date", "Default", "DividedBy",
        "Downcase", "Escape", "First", "H", "Join", "Last", "Lstrip", "Map", "Minus", "Modulo", "NewlineToBr", "Plus",
        "Prepend", "Remove", "RemoveFirst", "Replace", "ReplaceFirst", "Round", "Rstrip", "Size", "Slice", "Sort",
        "Split", "Strip", "StripHtml", "StripNewlines", "Times", "Truncate", "TruncateWords", "Uniq", "Upcase",
        "UrlDecode", "UrlEncode",
    ]

    static func apply(_ name: String, _ input: LiquidValue, _ arguments: [LiquidValue], now: DotNetDateTime, offset: Int) throws(LiquidError) -> LiquidValue {
        func argument(_ index: Int) -> LiquidValue { index < arguments.count ? arguments[index] : .null }
        func text(_ index: Int, _ fallback: String = "") -> String {
            index < arguments.count && !arguments[index].isNull ? arguments[index].rendered : fallback
        }
        func fail(_ message: String) -> LiquidError { LiquidError(message: "filter '\(name)': \(message)", offset: offset) }
        let string = input.rendered
        switch name {
        case "Append": return .string(string + text(0))
        case "Prepend": return .string(text(0) + string)
        case "Upcase": return .string(string.uppercased())
        case "Downcase": return .string(string.lowercased())
        case "Capitalize":
            guard let first = string.first else { return .string("") }
            return .string(String(first).uppercased() + string.dropFirst())
        case "Default":
            if input.isNull || input.isEmpty || (input.isTruthy == false) { return argument(0) }
            return input
        case "Size":
            switch input {
            case .array(let items): return .int(Int64(items.count))
            case .object(let object): return .int(Int64(object.entries.count))
            case .null: return .int(0)
            default: return .int(Int64(string.count))
            }
        case "Join":
            guard case .array(let items) = input else { return input }
            return .string(items.map(\.rendered).joined(separator: text(0, " ")))
        case "Split":
            let separator = text(0)
            if separator.isEmpty { return .array(string.map { .string(String($0)) }) }
            var parts = string.components(separatedBy: separator)
            while parts.last == "" { parts.removeLast() }
            return .array(parts.map { .string($0) })
        case "First":
            if case .array(let items) = input { return items.first ?? .null }
            return string.first.map { .string(String($0)) } ?? .null
        case "Last":
            if case .array(let items) = input { return items.last ?? .null }
            return string.last.map { .string(String($0)) } ?? .null
        case "Strip": return .string(string.trimmingCharacters(in: .whitespacesAndNewlines))
        case "Lstrip": return .string(String(string.drop { $0.isWhitespace }))
        case "Rstrip":
            var result = Substring(string)
            while result.last?.isWhitespace == true { result = result.dropLast() }
            return .string(String(result))
        case "StripNewlines": return .string(string.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: ""))
        case "NewlineToBr": return .string(string.replacingOccurrences(of: "\r\n", with: "<br />\r\n").replacingOccurrences(of: "(?<!\r)\n", with: "<br />\n", options: .regularExpression))
        case "StripHtml": return .string(string.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression))
        case "Escape", "H": return .string(MarkupText.escaped(string, apostrophe: .numeric))
        case "UrlEncode": return .string(string.addingPercentEncoding(withAllowedCharacters: urlUnreserved)?.replacingOccurrences(of: "%20", with: "+") ?? string)
        case "UrlDecode": return .string(string.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? string)
        case "Remove": return .string(text(0).isEmpty ? string : string.replacingOccurrences(of: text(0), with: ""))
        case "RemoveFirst":
            guard !text(0).isEmpty, let range = string.range(of: text(0)) else { return .string(string) }
            return .string(string.replacingCharacters(in: range, with: ""))
        case "Replace", "ReplaceFirst":
            let pattern = text(0)
            if pattern.isEmpty { return .string(string) }
            do {
                let regex = try DotNetRegex(pattern)
                return .string(try regex.replace(string, text(1), count: name == "Replace" ? -1 : 1))
            } catch {
                throw fail("'\(pattern)' is not a valid .NET regular expression (DotLiquid's Replace takes a pattern): \(error)")
            }
        case "Truncate":
            let length = Int(clamping: LiquidRenderer.integer(argument(0)) ?? 50)
            let ellipsis = text(1, "...")
            guard string.count > length else { return .string(string) }
            let keep = max(0, length - ellipsis.count)
            return .string(String(string.prefix(keep)) + ellipsis)
        case "TruncateWords":
            let count = Int(clamping: LiquidRenderer.integer(argument(0)) ?? 15)
            let ellipsis = text(1, "...")
            let words = string.split(whereSeparator: { $0.isWhitespace })
            guard words.count > max(1, count) else { return .string(string) }
            return .string(words.prefix(max(1, count)).joined(separator: " ") + ellipsis)
        case "Slice":
            let start = Int(clamping: LiquidRenderer.integer(argument(0)) ?? 0)
            let length = Int(clamping: LiquidRenderer.integer(argument(1)) ?? 1)
            if case .array(let items) = input {
                let from = start < 0 ? max(0, items.count + start) : min(start, items.count)
                return .array(Array(items[from..<min(items.count, from + max(0, min(length, items.count)))]))
            }
            let characters = Array(string)
            let from = start < 0 ? max(0, characters.count + start) : min(start, characters.count)
            let to = min(characters.count, from + max(0, min(length, characters.count)))
            return .string(String(characters[from..<to]))
        case "Map":
            guard case .array(let items) = input else { return LiquidRenderer.member(input, text(0)) }
            return .array(items.map { LiquidRenderer.member($0, text(0)) })
        case "Sort":
            guard case .array(let items) = input else { return input }
            let key = text(0)
            return .array(items.sorted { a, b in
                let left = key.isEmpty ? a : LiquidRenderer.member(a, key)
                let right = key.isEmpty ? b : LiquidRenderer.member(b, key)
                return (LiquidRenderer.compare(left, right) ?? 0) < 0
            })
        case "Uniq":
            guard case .array(let items) = input else { return input }
            var result: [LiquidValue] = []
            for item in items where !result.contains(where: { LiquidRenderer.equal($0, item) }) { result.append(item) }
            return .array(result)
        case "Compact":
            guard case .array(let items) = input else { return input }
            return .array(items.filter { !$0.isNull })
        case "Plus", "Minus", "Times", "DividedBy", "Modulo", "AtLeast", "AtMost":
            guard let left = input.number, let right = argument(0).number else {
                throw fail("'\(string)' and '\(text(0))' are not both numbers")
            }
            return try arithmetic(name, left, right, fail: fail)
        case "Abs":
            guard let number = input.number else { return input }
            if case .int(let value) = number, value != Int64.min { return .int(abs(value)) }
            return .double(abs(number.doubleValue))
        case "Round":
            guard let number = input.number else { return input }
            let digits = Int(clamping: LiquidRenderer.integer(argument(0)) ?? 0)
            if case .int = number, digits >= 0 { return number }
            let scale = pow(10.0, Double(min(max(digits, 0), 15)))
            let rounded = (number.doubleValue * scale).rounded(.toNearestOrEven) / scale
            return digits <= 0 && abs(rounded) < 9e18 ? .int(Int64(rounded)) : .double(rounded)
        case "Currency":
            guard let number = input.number else { return input }
            return .string("¤" + groupedTwoDecimals(number.doubleValue))
        case "Date":
            return date(input, format: text(0), now: now)
        default:
            let suggestion = names.first { $0.lowercased() == name.lowercased().replacingOccurrences(of: "_", with: "") }
            let hint = suggestion.map { " (APIM's liquid uses Pascal case: '\($0)')" } ?? " (APIM supports: \(names.joined(separator: ", ")))"
            throw LiquidError(message: "unknown filter '\(name)'\(hint)", offset: offset)
        }
    }

    static let urlUnreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-_.*")
        return set
    }()

    static func arithmetic(_ name: String, _ left: LiquidValue, _ right: LiquidValue, fail: (String) -> LiquidError) throws(LiquidError) -> LiquidValue {
        if case .int(let a) = left, case .int(let b) = right {
            switch name {
            case "Plus": if let r = a.addingChecked(b) { return .int(r) }
            case "Minus": if let r = a.subtractingChecked(b) { return .int(r) }
            case "Times": if let r = a.multipliedChecked(by: b) { return .int(r) }
            case "DividedBy":
                guard b != 0 else { throw fail("division by zero") }
                let (r, o) = a.dividedReportingOverflow(by: b); if !o { return .int(r) }
            case "Modulo":
                guard b != 0 else { throw fail("division by zero") }
                let (r, o) = a.remainderReportingOverflow(dividingBy: b); if !o { return .int(r) }
            case "AtLeast": return .int(max(a, b))
            case "AtMost": return .int(min(a, b))
            default: break
            }
        }
        let a = left.doubleValue, b = right.doubleValue
        switch name {
        case "Plus": return .double(a + b)
        case "Minus": return .double(a - b)
        case "Times": return .double(a * b)
        case "DividedBy":
            guard b != 0 else { throw fail("division by zero") }
            return .double(a / b)
        case "Modulo":
            guard b != 0 else { throw fail("division by zero") }
            return .double(a.truncatingRemainder(dividingBy: b))
        case "AtLeast": return .double(max(a, b))
        default: return .double(min(a, b))
        }
    }

    static func groupedTwoDecimals(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return DotNetFormatter.formatDouble(value) }
        let cents = Int64((abs(value) * 100).rounded(.toNearestOrAwayFromZero))
        var whole = String(cents / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        let fraction = cents % 100
        return (value < 0 ? "-" : "") + whole + grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// `Date: "format"` with .NET custom formats; input `now`/`today`, a date text, or a number of
    /// Unix seconds. Input that is no date is returned unchanged (as DotLiquid does).
    static func date(_ input: LiquidValue, format: String, now: DotNetDateTime) -> LiquidValue {
        let moment: DotNetDateTime
        switch input {
        case .string(let text) where text.lowercased() == "now" || text.lowercased() == "today":
            moment = now
        case .int(let seconds):
            guard let value = try? DotNetDateTime.unixEpoch.addSeconds(Double(seconds)) else { return input }
            moment = value
        case .string(let text):
            guard !text.isEmpty, let value = try? DotNetDateTime.parse(text, now: now) else { return input }
            moment = value
        default:
            return input
        }
        guard !format.isEmpty else { return .string(moment.description) }
        return (try? moment.toString(format)).map { .string($0) } ?? input
    }
}
