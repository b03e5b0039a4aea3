import DotNet
import Foundation

/// `System.Linq.Enumerable` over materialised sequences. Results equal .NET's for side-effect-free
/// lambdas; deferred execution is not modelled (operators run at once).
enum Linq {
    static let methods: Set<String> = [
        "Where", "Select", "SelectMany", "Any", "All", "First", "FirstOrDefault", "Last", "LastOrDefault", "Single", "SingleOrDefault",
        "Count", "LongCount", "Contains", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "ToArray", "ToList",
        "ToDictionary", "ToHashSet", "Sum", "Min", "Max", "Average", "Skip", "Take", "SkipWhile", "TakeWhile", "Distinct",
        "Concat", "Union", "Intersect", "Except", "GroupBy", "Aggregate", "Reverse", "ElementAt", "ElementAtOrDefault",
        "DefaultIfEmpty", "SequenceEqual", "Cast", "OfType", "Zip", "Append", "Prepend", "AsEnumerable", "ToLookup",
    ]

    private static let noElements = ExpressionRuntimeError.invalidOperation("Sequence contains no elements")
    private static let noMatch = ExpressionRuntimeError.invalidOperation("Sequence contains no matching element")

    private static func function(_ value: Value, _ parameter: String) throws -> FunctionValue {
        guard case .function(let function) = value else {
            if value.isNull { throw ExpressionRuntimeError.argumentNull(parameter) }
            throw ExpressionRuntimeError.invalidCast(from: value.typeName, to: "Func`2")
        }
        return function
    }

    private static func sequence(_ items: [Value]) -> Value { .object(EnumerableObject(items)) }

    private static func apply(_ function: FunctionValue, _ item: Value, _ index: Int, _ evaluation: Evaluation) throws -> Value {
        function.parameterCount == 2 ? try function.invoke([item, .int(Int32(clamping: index))], in: evaluation) : try function.invoke([item], in: evaluation)
    }

    private static func filter(_ items: [Value], _ arguments: [Value], _ evaluation: Evaluation) throws -> [Value] {
        guard let predicate = arguments.first else { return items }
        let test = try function(predicate, "predicate")
        var result: [Value] = []
        for (index, item) in items.enumerated() where try Conversions.toBool(try apply(test, item, index, evaluation)) {
            result.append(item)
        }
        return result
    }

    /// .NET `Comparer<T>.Default` order: null first, numbers numerically, strings by culture.
    static func compare(_ a: Value, _ b: Value) throws -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.string(let x), .string(let y)): return StringMembers.cultureCompare(x, y, ignoreCase: false)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        default:
            if try Operators.compare(.less, a, b) { return -1 }
            return Operators.equals(a, b) ? 0 : 1
        }
    }

    static func sorted(_ items: [Value], keys: [Value], descending: Bool) throws -> [Value] {
        var failure: Error?
        let order = Array(items.indices).sorted { lhs, rhs in
            do {
                let order = try compare(keys[lhs], keys[rhs])
                if order == 0 { return lhs < rhs } // stable
                return descending ? order > 0 : order < 0
            } catch {
                failure = error
                return lhs < rhs
            }
        }
        if let failure { throw failure }
        return order.map { items[$0] }
    }

    private static func distinct(_ items: [Value]) -> [Value] {
        var seen = Set<ValueKey>()
        var result: [Value] = []
        for item in items where seen.insert(ValueKey(item, ignoreCase: false)).inserted { result.append(item) }
        return result
    }

    private static func selected(_ items: [Value], _ arguments: [Value], _ evaluation: Evaluation) throws -> [Value] {
        guard let selector = arguments.first else { return items }
        let map = try function(selector, "selector")
        return try items.enumerated().map { try apply(map, $0.element, $0.offset, evaluation) }
    }

    static func call(_ items: [Value], _ name: String, _ arguments: [Value], _ typeArguments: [TypeRef], _ evaluation: Evaluation, ordering: [([Value], Bool)]? = nil) throws -> Value? {
        guard methods.contains(name) else { return nil }
        try evaluation.step(items.count / 16)
        let count = arguments.count
        switch name {
        case "Where":
            return sequence(try filter(items, arguments, evaluation))
        case "Select":
            guard count == 1 else { return nil }
            return sequence(try selected(items, arguments, evaluation))
        case "SelectMany":
            guard count == 1 else { return nil }
            var result: [Value] = []
            for element in try selected(items, arguments, evaluation) {
                guard let inner = element.elements else { throw ExpressionRuntimeError.nullReference }
                result += inner
                try evaluation.checkCount(result.count)
            }
            return sequence(result)
        case "Any":
            if count == 0 { return .bool(!items.isEmpty) }
            let test = try function(arguments[0], "predicate")
            for item in items where try Conversions.toBool(try test.invoke([item], in: evaluation)) { return .bool(true) }
            return .bool(false)
        case "All":
            guard count == 1 else { return nil }
            let test = try function(arguments[0], "predicate")
            for item in items where !(try Conversions.toBool(try test.invoke([item], in: evaluation))) { return .bool(false) }
            return .bool(true)
        case "First", "FirstOrDefault", "Last", "LastOrDefault":
            let matches = try filter(items, count > 0 && !isFunction(arguments[0]) ? [] : arguments, evaluation)
            let picked = name.hasPrefix("First") ? matches.first : matches.last
            if let picked { return picked }
            if name.hasSuffix("OrDefault") {
                if count > 0, !isFunction(arguments[count - 1]) { return arguments[count - 1] }
                return .null
            }
            throw count > 0 ? noMatch : noElements
        case "Single", "SingleOrDefault":
            let matches = try filter(items, arguments, evaluation)
            if matches.count > 1 {
                throw ExpressionRuntimeError.invalidOperation(count > 0 ? "Sequence contains more than one matching element" : "Sequence contains more than one element")
            }
            if let only = matches.first { return only }
            if name == "SingleOrDefault" { return .null }
            throw count > 0 ? noMatch : noElements
        case "Count":
            return .int(Int32(clamping: try filter(items, arguments, evaluation).count))
        case "LongCount":
            return .long(Int64(try filter(items, arguments, evaluation).count))
        case "Contains":
            guard count >= 1 else { return nil }
            if count == 2, case .object(let comparer) = arguments[1], let stringComparer = comparer as? StringComparerObject, stringComparer.ignoreCase {
                return .bool(items.contains { if case .string(let a) = $0, case .string(let b) = arguments[0] { ordinalIgnoreCaseEquals(a, b) } else { $0.dotNetEquals(arguments[0]) } })
            }
            return .bool(items.contains { $0.dotNetEquals(arguments[0]) })
        case "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending":
            let keys = count > 0 ? try selected(items, [arguments[0]], evaluation) : items
            // ThenBy sorts by the earlier keys first, then by the new one.
            if name.hasPrefix("ThenBy"), let previous = ordering {
                let descending = name == "ThenByDescending"
                var failure: Error?
                let order = Array(items.indices).sorted { lhs, rhs in
                    do {
                        for (priorKeys, priorDescending) in previous {
                            let order = try compare(priorKeys[lhs], priorKeys[rhs])
                            if order != 0 { return priorDescending ? order > 0 : order < 0 }
                        }
                        let order = try compare(keys[lhs], keys[rhs])
                        if order == 0 { return lhs < rhs }
                        return descending ? order > 0 : order < 0
                    } catch {
                        failure = error
                        return lhs < rhs
                    }
                }
                if let failure { throw failure }
                let result = order.map { items[$0] }
                let reordered = previous.map { prior in (order.map { prior.0[$0] }, prior.1) }
                return .object(OrderedEnumerableObject(result, keys: reordered + [(order.map { keys[$0] }, descending)]))
            }
            let descending = name.hasSuffix("Descending")
            let indices = try sorted(Array(items.indices).map { .int(Int32($0)) }, keys: keys, descending: descending)
            let order = indices.compactMap { if case .int(let i) = $0 { Int(i) } else { nil } }
            let result = order.map { items[$0] }
            return .object(OrderedEnumerableObject(result, keys: [(order.map { keys[$0] }, descending)]))
        case "ToArray":
            return .array(ArrayObject(items, elementType: Library.inferElementType(items)))
        case "ToList", "AsEnumerable":
            return name == "ToList" ? .list(ListObject(items, elementType: Library.inferElementType(items))) : sequence(items)
        case "ToHashSet":
            return .list(ListObject(distinct(items), elementType: Library.inferElementType(items), kind: .hashSet))
        case "ToDictionary":
            guard count >= 1 else { return nil }
            let keySelector = try function(arguments[0], "keySelector")
            let valueSelector = count > 1 ? try? function(arguments[1], "elementSelector") : nil
            var ignoreCase = false
            if let last = arguments.last, case .object(let comparer) = last, let stringComparer = comparer as? StringComparerObject { ignoreCase = stringComparer.ignoreCase }
            let dictionary = DictionaryObject(ignoreCase: ignoreCase)
            for item in items {
                let key = try keySelector.invoke([item], in: evaluation)
                if key.isNull { throw ExpressionRuntimeError.argumentNull("key") }
                let value = try valueSelector?.invoke([item], in: evaluation) ?? item
                guard dictionary.add(key, value) else {
                    throw ExpressionRuntimeError.argument("An item with the same key has already been added. Key: \(key.dotNetString)")
                }
            }
            return .dictionary(dictionary)
        case "Sum":
            let values = try selected(items, arguments, evaluation).filter { !$0.isNull }
            guard let first = values.first.flatMap(NumericValue.init) else { return .int(0) }
            switch first {
            case .int:
                var total: Int32 = 0
                for value in values {
                    total = try CheckedArithmetic.add(total, Int32(try Conversions.toInt(value)))
                }
                return .int(total)
            case .long:
                var total: Int64 = 0
                for value in values {
                    total = try CheckedArithmetic.add(total, try Conversions.toInt64(value))
                }
                return .long(total)
            default:
                var total: Value = first.promoted(to: first.rank).value
                for value in values.dropFirst() {
                    total = try Operators.binary(.add, total, value, evaluation)
                }
                return total
            }
        case "Min", "Max":
            let values = try selected(items, arguments, evaluation)
            let present = values.filter { !$0.isNull }
            guard var best = present.first else {
                if values.isEmpty, !(items.first.map { $0.isNull } ?? true) { throw noElements }
                if items.isEmpty { throw noElements }
                return .null
            }
            for value in present.dropFirst() {
                let order = try compare(value, best)
                if name == "Min" ? order < 0 : order > 0 { best = value }
            }
            return best
        case "Average":
            let values = try selected(items, arguments, evaluation).filter { !$0.isNull }
            guard !values.isEmpty else { throw noElements }
            if case .decimal = values[0] {
                var total: Value = .decimal(.zero)
                for value in values { total = try Operators.binary(.add, total, value, evaluation) }
                return try Operators.binary(.divide, total, .decimal(DotNetDecimal(Int64(values.count))), evaluation)
            }
            var total = 0.0
            for value in values { total += try Conversions.toDouble(value) }
            return .double(total / Double(values.count))
        case "Skip", "Take":
            guard count == 1 else { return nil }
            let n = max(0, try Conversions.toInt(arguments[0]))
            return sequence(name == "Skip" ? Array(items.dropFirst(n)) : Array(items.prefix(n)))
        case "SkipWhile", "TakeWhile":
            guard count == 1 else { return nil }
            let test = try function(arguments[0], "predicate")
            var index = 0
            while index < items.count, try Conversions.toBool(try apply(test, items[index], index, evaluation)) { index += 1 }
            return sequence(name == "SkipWhile" ? Array(items[index...]) : Array(items[..<index]))
        case "Distinct":
            if count == 1, case .object(let comparer) = arguments[0], let stringComparer = comparer as? StringComparerObject, stringComparer.ignoreCase {
                var seen = Set<ValueKey>()
                return sequence(items.filter { seen.insert(ValueKey($0, ignoreCase: true)).inserted })
            }
            return sequence(distinct(items))
        case "Concat", "Union", "Intersect", "Except", "Zip", "SequenceEqual":
            guard count >= 1, let other = arguments[0].elements else { throw ExpressionRuntimeError.argumentNull("second") }
            try evaluation.checkCount(items.count + other.count)
            switch name {
            case "Concat": return sequence(items + other)
            case "Union": return sequence(distinct(items + other))
            case "Intersect":
                let keys = Set(other.map { ValueKey($0, ignoreCase: false) })
                return sequence(distinct(items).filter { keys.contains(ValueKey($0, ignoreCase: false)) })
            case "Except":
                let keys = Set(other.map { ValueKey($0, ignoreCase: false) })
                return sequence(distinct(items).filter { !keys.contains(ValueKey($0, ignoreCase: false)) })
            case "SequenceEqual":
                return .bool(items.count == other.count && zip(items, other).allSatisfy { $0.dotNetEquals($1) })
            default:
                guard count == 2 else { return nil }
                let combine = try function(arguments[1], "resultSelector")
                return sequence(try zip(items, other).map { try combine.invoke([$0, $1], in: evaluation) })
            }
        case "GroupBy", "ToLookup":
            guard count >= 1 else { return nil }
            let keys = try selected(items, [arguments[0]], evaluation)
            let elementSelector = count > 1 ? try? function(arguments[1], "elementSelector") : nil
            var order: [ValueKey] = []
            var groups: [ValueKey: [Value]] = [:]
            for (key, item) in zip(keys, items) {
                let hashed = ValueKey(key, ignoreCase: false)
                if groups[hashed] == nil { order.append(hashed) }
                groups[hashed, default: []].append(try elementSelector?.invoke([item], in: evaluation) ?? item)
            }
            return sequence(order.map { .object(GroupingObject(key: $0.value, items: groups[$0] ?? [])) })
        case "Aggregate":
            guard count >= 1 else { return nil }
            if count == 1 {
                let combine = try function(arguments[0], "func")
                guard var accumulator = items.first else { throw noElements }
                for item in items.dropFirst() { accumulator = try combine.invoke([accumulator, item], in: evaluation) }
                return accumulator
            }
            let combine = try function(arguments[1], "func")
            var accumulator = arguments[0]
            for item in items { accumulator = try combine.invoke([accumulator, item], in: evaluation) }
            if count == 3 { return try function(arguments[2], "resultSelector").invoke([accumulator], in: evaluation) }
            return accumulator
        case "Reverse":
            return sequence(items.reversed())
        case "ElementAt", "ElementAtOrDefault":
            guard count == 1 else { return nil }
            let index = try Conversions.toInt(arguments[0])
            if index >= 0, index < items.count { return items[index] }
            if name == "ElementAtOrDefault" { return .null }
            throw ExpressionRuntimeError.argumentOutOfRange("index", "Index was out of range. Must be non-negative and less than the size of the collection.")
        case "DefaultIfEmpty":
            return sequence(items.isEmpty ? [count > 0 ? arguments[0] : .null] : items)
        case "Cast":
            guard let type = typeArguments.first else { return sequence(items) }
            return sequence(try items.map { try Conversions.cast($0, to: type) })
        case "OfType":
            guard let type = typeArguments.first else { return sequence(items) }
            return sequence(items.filter { Conversions.isInstance($0, of: type) })
        case "Append":
            guard count == 1 else { return nil }
            return sequence(items + [arguments[0]])
        case "Prepend":
            guard count == 1 else { return nil }
            return sequence([arguments[0]] + items)
        default:
            return nil
        }
    }

    private static func isFunction(_ value: Value) -> Bool {
        if case .function = value { return true }
        return false
    }
}
