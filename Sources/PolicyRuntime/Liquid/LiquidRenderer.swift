import DotNet
import Foundation
import PolicyExpressions

/// Renders parsed liquid nodes. Variables: the globals (`body`, `context`), then `assign`ed and
/// loop variables. Bounded: output size, loop iterations and range lengths are limited so a
/// template cannot hang or exhaust memory.
struct LiquidRenderer {
    var globals: [String: LiquidValue]
    var locals: [String: LiquidValue] = [:]
    let now: DotNetDateTime
    var iterations = 0

    static let maxOutputBytes = 16 * 1024 * 1024
    static let maxIterations = 1_000_000

    init(globals: [String: LiquidValue], now: DotNetDateTime) {
        self.globals = globals
        self.now = now
    }

    enum Flow { case normal, breakLoop, continueLoop }

    mutating func render(_ nodes: [LiquidNode], into output: inout String) throws(LiquidError) -> Flow {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .output(let value, let offset):
                output += try evaluate(value, offset: offset).rendered
            case .conditional(let branches, let offset):
                for (condition, body) in branches {
                    if try condition.map({ (c: LiquidCondition) throws(LiquidError) in try test(c, offset: offset) }) ?? true {
                        let flow = try render(body, into: &output)
                        if flow != .normal { return flow }
                        break
                    }
                }
            case .caseBlock(let subject, let whens, let otherwise, let offset):
                let value = try resolve(subject, offset: offset)
                var matched = false
                for (candidates, body) in whens where !matched {
                    for candidate in candidates where Self.equal(value, try resolve(candidate, offset: offset)) {
                        matched = true
                        let flow = try render(body, into: &output)
                        if flow != .normal { return flow }
                        break
                    }
                }
                if !matched, let otherwise {
                    let flow = try render(otherwise, into: &output)
                    if flow != .normal { return flow }
                }
            case .loop(let loop, let offset):
                try runLoop(loop, offset: offset, into: &output)
            case .assign(let name, let value, let offset):
                locals[name] = try evaluate(value, offset: offset)
            case .capture(let name, let body):
                var captured = ""
                _ = try render(body, into: &captured)
                locals[name] = .string(captured)
            case .loopControl(let isBreak):
                return isBreak ? .breakLoop : .continueLoop
            }
            if output.utf8.count > Self.maxOutputBytes {
                throw LiquidError(message: "the rendered body is larger than \(Self.maxOutputBytes / 1024 / 1024) MiB", offset: 0)
            }
        }
        return .normal
    }

    mutating func runLoop(_ loop: LiquidLoop, offset: Int, into output: inout String) throws(LiquidError) {
        var items = try iterable(resolve(loop.collection, offset: offset), offset: offset, single: loop.jsonArray)
        if let start = loop.start {
            let skip = Int(clamping: Self.integer(try resolve(start, offset: offset)) ?? 0)
            items = Array(items.dropFirst(max(0, skip)))
        }
        if let limit = loop.limit {
            let count = Int(clamping: Self.integer(try resolve(limit, offset: offset)) ?? 0)
            items = Array(items.prefix(max(0, count)))
        }
        if loop.reversed { items.reverse() }
        if items.isEmpty {
            if let otherwise = loop.otherwise { _ = try render(otherwise, into: &output) }
            return
        }
        let savedVariable = locals[loop.variable]
        let savedLoop = locals["forloop"]
        defer {
            locals[loop.variable] = savedVariable
            locals["forloop"] = savedLoop
        }
        for (index, item) in items.enumerated() {
            iterations += 1
            if iterations > Self.maxIterations {
                throw LiquidError(message: "loops ran more than \(Self.maxIterations) times", offset: offset)
            }
            locals[loop.variable] = item
            let length = Int64(items.count)
            locals["forloop"] = .object(LiquidObject([
                ("index", .int(Int64(index) + 1)), ("index0", .int(Int64(index))),
                ("rindex", .int(length - Int64(index))), ("rindex0", .int(length - Int64(index) - 1)),
                ("first", .bool(index == 0)), ("last", .bool(index == items.count - 1)), ("length", .int(length)),
            ]))
            if loop.jsonArray, index > 0 { output += "," }
            let flow = try render(loop.body, into: &output)
            if flow == .breakLoop { break }
        }
    }

    /// What `for` walks: array items, a range, the child elements of an XML element, or the
    /// key/value pairs of an object (`item.Key`, `item.Value`, also `item[0]`, `item[1]`).
    /// `JSONArrayFor` treats a single non-array value as a list of one.
    func iterable(_ value: LiquidValue, offset: Int, single: Bool) throws(LiquidError) -> [LiquidValue] {
        switch value {
        case .array(let items): return items
        case .null: return []
        case .object(let object):
            if let children = object.elementChildren { return single && children.isEmpty ? [] : children }
            if single { return [value] }
            return object.entries.map { pair in
                .object(LiquidObject([("Key", .string(pair.0)), ("Value", pair.1)], display: pair.0 + pair.1.rendered))
            }
        case .string(let text): return single ? [value] : (text.isEmpty ? [] : [value])
        default: return [value]
        }
    }

    // MARK: Values

    mutating func evaluate(_ output: LiquidOutput, offset: Int) throws(LiquidError) -> LiquidValue {
        var value = try resolve(output.expression, offset: offset)
        for filter in output.filters {
            var arguments: [LiquidValue] = []
            for argument in filter.arguments { arguments.append(try resolve(argument, offset: offset)) }
            value = try LiquidFilters.apply(filter.name, value, arguments, now: now, offset: offset)
        }
        return value
    }

    func resolve(_ expression: LiquidExpression, offset: Int) throws(LiquidError) -> LiquidValue {
        switch expression {
        case .literal(let value): return value
        case .empty: return .string("")
        case .range(let low, let high):
            guard let from = Self.integer(try resolve(low, offset: offset)), let to = Self.integer(try resolve(high, offset: offset)) else {
                throw LiquidError(message: "a range needs whole numbers", offset: offset)
            }
            guard to < from || to.subtractingReportingOverflow(from).partialValue < Int64(Self.maxIterations) && !to.subtractingReportingOverflow(from).overflow else {
                throw LiquidError(message: "the range (\(from)..\(to)) is longer than \(Self.maxIterations)", offset: offset)
            }
            return .array(to < from ? [] : (from...to).map { .int($0) })
        case .variable(let name, let accessors):
            var value = locals[name] ?? globals[name] ?? .null
            for accessor in accessors {
                switch accessor {
                case .member(let member): value = Self.member(value, member)
                case .index(let index): value = Self.index(value, try resolve(index, offset: offset))
                }
            }
            return value
        }
    }

    static func member(_ value: LiquidValue, _ name: String) -> LiquidValue {
        switch value {
        case .object(let object):
            if let found = object.member(name) { return found }
            if name == "size" { return .int(Int64(object.entries.count)) }
            return .null
        case .array(let items):
            switch name {
            case "size", "Count", "Length": return .int(Int64(items.count))
            case "first": return items.first ?? .null
            case "last": return items.last ?? .null
            default: return .null
            }
        case .string(let text):
            switch name {
            case "size", "Length": return .int(Int64(text.count))
            default: return .null
            }
        default: return .null
        }
    }

    static func index(_ value: LiquidValue, _ key: LiquidValue) -> LiquidValue {
        switch (value, key) {
        case (.array(let items), _):
            guard let position = integer(key) else { return .null }
            let resolved = position < 0 ? Int64(items.count) + position : position
            guard resolved >= 0, resolved < Int64(items.count) else { return .null }
            return items[Int(resolved)]
        case (.object(let object), .string(let name)):
            return member(.object(object), name)
        case (.object(let object), .int(let position)):
            // A key/value pair from iterating an object: [0] is the key, [1] the value.
            if position == 0, let key = object.member("Key"), object.entries.count == 2 { return key }
            if position == 1, let item = object.member("Value"), object.entries.count == 2 { return item }
            return .null
        default:
            return .null
        }
    }

    static func integer(_ value: LiquidValue) -> Int64? {
        switch value {
        case .int(let number): return number
        case .double(let number): return number.isFinite && abs(number) < 9e18 ? Int64(number) : nil
        case .string(let text): return Int64(text.trimmingSpaces())
        default: return nil
        }
    }

    // MARK: Conditions

    func test(_ condition: LiquidCondition, offset: Int) throws(LiquidError) -> Bool {
        switch condition {
        case .value(let expression):
            if case .empty = expression { return false }
            return try resolve(expression, offset: offset).isTruthy
        case .not(let inner): return try !test(inner, offset: offset)
        case .and(let left, let right):
            guard try test(left, offset: offset) else { return false }
            return try test(right, offset: offset)
        case .or(let left, let right):
            if try test(left, offset: offset) { return true }
            return try test(right, offset: offset)
        case .compare(let leftExpression, let op, let rightExpression):
            let left = try resolve(leftExpression, offset: offset)
            let right = try resolve(rightExpression, offset: offset)
            if case .empty = rightExpression, op == "==" || op == "!=" || op == "<>" {
                return (op == "==") == (left.isEmpty || left.isNull)
            }
            if case .empty = leftExpression, op == "==" || op == "!=" || op == "<>" {
                return (op == "==") == (right.isEmpty || right.isNull)
            }
            switch op {
            case "==": return Self.equal(left, right)
            case "!=", "<>": return !Self.equal(left, right)
            case "contains":
                switch left {
                case .string(let text): return text.contains(right.rendered)
                case .array(let items): return items.contains { Self.equal($0, right) }
                case .object(let object): return object.member(right.rendered) != nil
                default: return false
                }
            default:
                guard let order = Self.compare(left, right) else { return false }
                switch op {
                case "<": return order < 0
                case ">": return order > 0
                case "<=": return order <= 0
                default: return order >= 0
                }
            }
        }
    }

    static func equal(_ left: LiquidValue, _ right: LiquidValue) -> Bool {
        switch (left, right) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double): return left.doubleValue == right.doubleValue
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        default: return false
        }
    }

    /// -1, 0, 1 for numbers or strings; nil when they cannot be compared.
    static func compare(_ left: LiquidValue, _ right: LiquidValue) -> Int? {
        switch (left, right) {
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            let a = left.doubleValue, b = right.doubleValue
            return a < b ? -1 : (a > b ? 1 : 0)
        case (.string(let a), .string(let b)):
            return a < b ? -1 : (a > b ? 1 : 0)
        default:
            return nil
        }
    }
}
