/// Instance methods of arrays, `List<T>`, `HashSet<T>`, `Queue<T>`, `Stack<T>` and `Dictionary<K,V>`.
enum CollectionMembers {
    static func call(_ value: Value, _ name: String, _ arguments: [Value], _ typeArguments: [TypeRef], _ evaluation: Evaluation) throws -> Value? {
        switch value {
        case .list(let list): return try listCall(list, name, arguments, evaluation)
        case .dictionary(let dictionary): return try dictionaryCall(dictionary, name, arguments, typeArguments, evaluation)
        case .array(let array):
            switch (name, arguments.count) {
            case ("Clone", 0): return .array(ArrayObject(array.items, elementType: array.elementType))
            case ("GetLength", 1): return .int(Int32(clamping: array.items.count))
            case ("CopyTo", 2):
                guard case .array(let target) = arguments[0] else { throw ExpressionRuntimeError.argumentNull("array") }
                let offset = try Conversions.toInt(arguments[1])
                guard offset >= 0, offset + array.items.count <= target.items.count else {
                    throw ExpressionRuntimeError.argument("Destination array was not long enough. Check the destination index, length, and the array's lower bounds. (Parameter 'destinationArray')")
                }
                for (index, item) in array.items.enumerated() { target.items[offset + index] = item }
                return .null
            default: return nil
            }
        default:
            return nil
        }
    }

    private static func contains(_ items: [Value], _ value: Value, ignoreCase: Bool) -> Bool {
        items.contains { item in
            if ignoreCase, case .string(let a) = item, case .string(let b) = value { return ordinalIgnoreCaseEquals(a, b) }
            return item.dotNetEquals(value)
        }
    }

    private static func listCall(_ list: ListObject, _ name: String, _ arguments: [Value], _ evaluation: Evaluation) throws -> Value? {
        let count = arguments.count
        switch (name, count) {
        case ("Add", 1):
            try evaluation.checkCount(list.items.count + 1)
            if list.kind == .hashSet {
                if contains(list.items, arguments[0], ignoreCase: list.ignoreCase) { return .bool(false) }
                list.items.append(arguments[0])
                return .bool(true)
            }
            list.items.append(arguments[0])
            return .null
        case ("AddRange", 1), ("UnionWith", 1):
            guard let items = arguments[0].elements else { throw ExpressionRuntimeError.argumentNull("collection") }
            try evaluation.checkCount(list.items.count + items.count)
            // A set looks each new item up among the items it holds (a linear search here).
            if list.kind == .hashSet { try evaluation.charge(elements: items.count * (list.items.count + items.count)) }
            for item in items where list.kind != .hashSet || !contains(list.items, item, ignoreCase: list.ignoreCase) {
                list.items.append(item)
            }
            return .null
        case ("Insert", 2):
            let index = try Conversions.toInt(arguments[0])
            guard index >= 0, index <= list.items.count else {
                throw ExpressionRuntimeError.argumentOutOfRange("index", "Index must be within the bounds of the List.")
            }
            list.items.insert(arguments[1], at: index)
            return .null
        case ("Remove", 1):
            guard let index = list.items.firstIndex(where: {
                if list.ignoreCase, case .string(let a) = $0, case .string(let b) = arguments[0] { return ordinalIgnoreCaseEquals(a, b) }
                return $0.dotNetEquals(arguments[0])
            }) else { return .bool(false) }
            list.items.remove(at: index)
            return .bool(true)
        case ("RemoveAt", 1):
            let index = try Conversions.toInt(arguments[0])
            guard index >= 0, index < list.items.count else {
                throw ExpressionRuntimeError.argumentOutOfRange("index", "Index was out of range. Must be non-negative and less than the size of the collection.")
            }
            list.items.remove(at: index)
            return .null
        case ("RemoveAll", 1):
            guard case .function(let predicate) = arguments[0] else { throw ExpressionRuntimeError.argumentNull("match") }
            var kept: [Value] = []
            var removed: Int32 = 0
            for item in list.items {
                if try Conversions.toBool(try predicate.invoke([item], in: evaluation)) { removed += 1 } else { kept.append(item) }
            }
            list.items = kept
            return .int(removed)
        case ("Clear", 0):
            list.items.removeAll()
            return .null
        case ("Contains", 1):
            return .bool(contains(list.items, arguments[0], ignoreCase: list.ignoreCase))
        case ("IndexOf", 1):
            return .int(Int32(list.items.firstIndex { $0.dotNetEquals(arguments[0]) } ?? -1))
        case ("Reverse", 0) where list.kind == .list:
            list.items.reverse()
            return .null
        case ("Sort", 0):
            list.items = try Linq.sorted(list.items, keys: list.items, descending: false)
            return .null
        case ("Find", 1), ("FindLast", 1), ("FindAll", 1), ("Exists", 1), ("TrueForAll", 1), ("FindIndex", 1):
            guard case .function(let predicate) = arguments[0] else { throw ExpressionRuntimeError.argumentNull("match") }
            var matches: [Value] = []
            var firstIndex = -1
            for (index, item) in list.items.enumerated() where try Conversions.toBool(try predicate.invoke([item], in: evaluation)) {
                if firstIndex < 0 { firstIndex = index }
                matches.append(item)
                if name == "Find" || name == "Exists" || name == "FindIndex" { break }
            }
            switch name {
            case "Find": return matches.first ?? .null
            case "FindLast": return matches.last ?? .null
            case "FindAll": return .list(ListObject(matches, elementType: list.elementType))
            case "Exists": return .bool(!matches.isEmpty)
            case "FindIndex": return .int(Int32(firstIndex))
            default: return .bool(matches.count == list.items.count)
            }
        case ("ForEach", 1):
            guard case .function(let action) = arguments[0] else { throw ExpressionRuntimeError.argumentNull("action") }
            for item in list.items { _ = try action.invoke([item], in: evaluation) }
            return .null
        case ("GetRange", 2):
            let start = try Conversions.toInt(arguments[0]), length = try Conversions.toInt(arguments[1])
            guard start >= 0, length >= 0, start + length <= list.items.count else {
                throw ExpressionRuntimeError.argument("Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.")
            }
            return .list(ListObject(Array(list.items[start..<(start + length)]), elementType: list.elementType))
        case ("Enqueue", 1), ("Push", 1):
            try evaluation.checkCount(list.items.count + 1)
            list.items.append(arguments[0])
            return .null
        case ("Dequeue", 0), ("Pop", 0), ("Peek", 0):
            guard !list.items.isEmpty else {
                throw ExpressionRuntimeError.invalidOperation(list.kind == .stack ? "Stack empty." : "Queue empty.")
            }
            let fromEnd = list.kind == .stack
            let item = fromEnd ? list.items[list.items.count - 1] : list.items[0]
            if name != "Peek" {
                if fromEnd { list.items.removeLast() } else { list.items.removeFirst() }
            }
            return item
        case ("ToArray", 0):
            let items = list.kind == .stack ? list.items.reversed() : list.items
            return .array(ArrayObject(items, elementType: list.elementType))
        default:
            return nil
        }
    }

    private static func dictionaryCall(_ dictionary: DictionaryObject, _ name: String, _ arguments: [Value], _ typeArguments: [TypeRef], _ evaluation: Evaluation) throws -> Value? {
        switch (name, arguments.count) {
        case ("ToQueryString", 0), ("ToFormUrlEncodedContent", 0):
            // APIM's extensions on the form data `AsFormUrlEncodedContent()` returns: `a=1&a=2&b=x%20y`.
            var parts: [String] = []
            for (key, value) in zip(dictionary.keys, dictionary.values) {
                let name = UrlCoding.escapeUnreserved(key.dotNetString)
                let values = value.elements ?? [value]
                for item in values { parts.append(name + "=" + UrlCoding.escapeUnreserved(item.dotNetString)) }
            }
            return .string(parts.joined(separator: "&"))
        case ("Add", 2) where !dictionary.isReadOnly:
            if arguments[0].isNull { throw ExpressionRuntimeError.argumentNull("key") }
            try evaluation.checkCount(dictionary.count + 1)
            guard dictionary.add(arguments[0], arguments[1]) else {
                throw ExpressionRuntimeError.argument("An item with the same key has already been added. Key: \(arguments[0].dotNetString)")
            }
            return .null
        case ("TryAdd", 2) where !dictionary.isReadOnly:
            if arguments[0].isNull { throw ExpressionRuntimeError.argumentNull("key") }
            return .bool(dictionary.add(arguments[0], arguments[1]))
        case ("ContainsKey", 1):
            if arguments[0].isNull { throw ExpressionRuntimeError.argumentNull("key") }
            return .bool(dictionary.contains(arguments[0]))
        case ("ContainsValue", 1):
            return .bool(dictionary.values.contains { $0.dotNetEquals(arguments[0]) })
        case ("TryGetValue", 2):
            if arguments[0].isNull { throw ExpressionRuntimeError.argumentNull("key") }
            if let found = dictionary.get(arguments[0]) {
                evaluation.outValues = [found]
                return .bool(true)
            }
            evaluation.outValues = [.null]
            return .bool(false)
        case ("Remove", 1) where !dictionary.isReadOnly:
            return .bool(dictionary.remove(arguments[0]))
        case ("Clear", 0) where !dictionary.isReadOnly:
            dictionary.removeAll()
            return .null
        case ("GetValueOrDefault", 1), ("GetValueOrDefault", 2):
            if arguments[0].isNull { throw ExpressionRuntimeError.argumentNull("key") }
            return dictionary.get(arguments[0]) ?? (arguments.count == 2 ? arguments[1] : .null)
        default:
            return nil
        }
    }
}
