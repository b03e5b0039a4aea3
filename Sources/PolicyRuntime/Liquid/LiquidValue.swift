import DotNet
import PolicyExpressions
import PolicySource

/// A value as a liquid template sees it: what `body`, `context` and assigned variables hold.
indirect enum LiquidValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([LiquidValue])
    case object(LiquidObject)

    /// Liquid truthiness: only nil and false are false (an empty string is true).
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let flag): flag
        default: true
        }
    }

    var isNull: Bool { if case .null = self { true } else { false } }

    /// Liquid's `empty`: an empty string, array or object.
    var isEmpty: Bool {
        switch self {
        case .string(let text): text.isEmpty
        case .array(let items): items.isEmpty
        case .object(let object): object.entries.isEmpty
        default: false
        }
    }

    /// How `{{ value }}` prints it.
    var rendered: String {
        switch self {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): DotNetFormatter.formatDouble(number)
        case .string(let text): text
        case .array(let items): items.map(\.rendered).joined()
        case .object(let object): object.display ?? json
        }
    }

    /// Compact JSON (objects printed as a whole).
    var json: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): number.isFinite ? DotNetFormatter.formatDouble(number) : "null"
        case .string(let text): JSONText.quoted(text)
        case .array(let items): "[" + items.map(\.json).joined(separator: ",") + "]"
        case .object(let object):
            "{" + object.entries.map { JSONText.quoted($0.0) + ":" + $0.1.json }.joined(separator: ",") + "}"
        }
    }

    /// A number for the arithmetic filters, or nil.
    var number: LiquidValue? {
        switch self {
        case .int, .double: return self
        case .string(let text):
            let trimmed = text.trimmingSpaces()
            if let integer = Int64(trimmed) { return .int(integer) }
            if let double = Double(trimmed), double.isFinite { return .double(double) }
            return nil
        case .bool, .null: return .int(0)
        default: return nil
        }
    }

    var doubleValue: Double {
        switch self {
        case .int(let number): Double(number)
        case .double(let number): number
        default: 0
        }
    }
}

/// A liquid object: ordered named members. Objects made from an XML element also list their
/// child elements, which is what `for` iterates over them; `display` is how the object prints
/// (a URL prints as its text).
struct LiquidObject: Sendable {
    var entries: [(String, LiquidValue)]
    var elementChildren: [LiquidValue]?
    var display: String?

    init(_ entries: [(String, LiquidValue)], elementChildren: [LiquidValue]? = nil, display: String? = nil) {
        self.entries = entries
        self.elementChildren = elementChildren
        self.display = display
    }

    /// A member by name: exact first, then ignoring case (APIM binds XML element names such as
    /// `soap:Envelope` as `envelope`, and templates write members in either case).
    func member(_ name: String) -> LiquidValue? {
        if let exact = entries.first(where: { $0.0 == name }) { return exact.1 }
        let lower = name.lowercased()
        return entries.first { $0.0.lowercased() == lower }?.1
    }
}

extension LiquidValue {
    /// A JSON token as liquid sees it; dates (parse-date) print as .NET's DateTime does.
    static func from(_ token: JToken) -> LiquidValue {
        if let object = token as? JObject {
            return .object(LiquidObject(object.properties().map { ($0.name, from($0.value)) }))
        }
        if let array = token as? JArray {
            return .array(array.values.map(from))
        }
        if let value = token as? JValue {
            switch value.content {
            case .null, .undefined: return .null
            case .string(let text): return .string(text)
            case .integer(let number): return .int(number)
            case .float(let number): return .double(number)
            case .boolean(let flag): return .bool(flag)
            case .bigInteger(let text): return .string(text)
            default: return .string(value.description)
            }
        }
        if let property = token as? JProperty { return from(property.value) }
        return .null
    }

    /// A `context.Variables` value.
    static func from(_ value: Value) -> LiquidValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .byte(let number): return .int(Int64(number))
        case .int(let number): return .int(Int64(number))
        case .long(let number): return .int(number)
        case .ulong(let number): return number <= UInt64(Int64.max) ? .int(Int64(number)) : .double(Double(number))
        case .float(let number): return .double(Double(number))
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .object(let object):
            if let json = object as? JTokenObject { return from(json.token) }
            return .string(value.dotNetString)
        default: return .string(value.dotNetString)
        }
    }
}
