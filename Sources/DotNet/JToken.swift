import Foundation

/// `Newtonsoft.Json.Linq.JTokenType`; `name` is the .NET enum member name.
public enum JTokenType: String, Sendable, Hashable, CaseIterable {
    case none = "None", object = "Object", array = "Array", constructor = "Constructor"
    case property = "Property", comment = "Comment", integer = "Integer", float = "Float"
    case string = "String", boolean = "Boolean", null = "Null", undefined = "Undefined"
    case date = "Date", raw = "Raw", bytes = "Bytes", guid = "Guid", uri = "Uri", timeSpan = "TimeSpan"

    /// The .NET enum member name, as `token.Type.ToString()` prints it.
    public var name: String { rawValue }
}

/// `Newtonsoft.Json.Formatting`.
public enum JsonFormatting: Sendable, Hashable {
    /// `Formatting.None`: compact.
    case none
    /// `Formatting.Indented`: two spaces per level, `"name": value`.
    case indented
}

/// Key for `JToken` indexers: a property name or an array index.
public enum JTokenKey: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case name(String)
    case index(Int)
    public init(stringLiteral value: String) { self = .name(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}

/// `Newtonsoft.Json.Linq.JToken`: the abstract base of the JSON tree.
///
/// Subclasses: ``JObject``, ``JArray``, ``JProperty`` (containers) and ``JValue``.
/// A token has at most one parent; adding a token that already has a parent adds a deep clone,
/// as Newtonsoft does.
public class JToken: CustomStringConvertible {
    /// `Parent` (a `JObject`'s values have their `JProperty` as parent).
    public internal(set) weak var parent: JContainer?

    init() {}

    /// `Type`.
    public var type: JTokenType { .none }

    /// `HasValues`.
    public var hasValues: Bool { false }

    /// `Children()`: direct children (properties for an object, items for an array).
    public func children() -> [JToken] { [] }

    /// `First`.
    public var first: JToken? { children().first }
    /// `Last`.
    public var last: JToken? { children().last }

    /// `Next`: the next sibling.
    public var next: JToken? {
        guard let p = parent else { return nil }
        let sibs = p.children()
        guard let i = sibs.firstIndex(where: { $0 === self }), i + 1 < sibs.count else { return nil }
        return sibs[i + 1]
    }
    /// `Previous`: the previous sibling.
    public var previous: JToken? {
        guard let p = parent else { return nil }
        let sibs = p.children()
        guard let i = sibs.firstIndex(where: { $0 === self }), i > 0 else { return nil }
        return sibs[i - 1]
    }
    /// `Root`.
    public var root: JToken {
        var t: JToken = self
        while let p = t.parent { t = p }
        return t
    }

    /// `Path`: e.g. `a.b[0]['x y']`.
    public var path: String {
        var parts: [String] = []
        var t: JToken = self
        while let p = t.parent {
            if let prop = t as? JProperty {
                parts.append(JsonPathText.propertySegment(prop.name, first: false))
            } else if let arr = p as? JArray, let i = arr.items.firstIndex(where: { $0 === t }) {
                parts.append("[\(i)]")
            }
            t = p
        }
        var s = ""
        for seg in parts.reversed() {
            if seg.hasPrefix(".") && s.isEmpty { s += String(seg.dropFirst()) } else { s += seg }
        }
        return s
    }

    /// `DeepClone()`.
    public func deepClone() -> JToken { self }

    /// `ToString()`: indented JSON (`Formatting.Indented`) for containers; `JValue` overrides
    /// with the .NET `ToString()` of its value.
    public var description: String { toString(.indented) }

    /// `ToString(Formatting)`. `newLine` is the writer's `Environment.NewLine`: `"\r\n"` on the
    /// Windows-hosted managed gateway, `"\n"` on Linux (self-hosted gateway).
    public func toString(_ formatting: JsonFormatting, newLine: String = JToken.defaultNewLine) -> String {
        var w = JsonTextWriter(formatting: formatting, newLine: newLine)
        w.write(self)
        return w.output
    }

    /// The newline the indented writer uses by default: `"\r\n"`, as on the Windows-hosted APIM gateway.
    public static let defaultNewLine = "\r\n"

    /// Indexer get `token[key]`. Objects return nil for a missing property; arrays throw
    /// `ArgumentOutOfRangeException` for a bad index; values throw `InvalidOperationException`
    /// "Cannot access child value on Newtonsoft.Json.Linq.JValue.".
    public func get(_ key: JTokenKey) throws -> JToken? {
        throw DotNetException.invalidOperation("Cannot access child value on \(JToken.dotNetTypeName(self)).")
    }

    /// Indexer set `token[key] = value`.
    public func set(_ key: JTokenKey, _ value: JToken?) throws {
        throw DotNetException.invalidOperation("Cannot set child value on \(JToken.dotNetTypeName(self)).")
    }

    /// `Value<T>(key)` lookup part: `this[key]`, nil when missing.
    public func valueToken(_ key: JTokenKey) throws -> JToken? { try get(key) }

    /// `Remove()`: removes this token from its parent; throws `InvalidOperationException` "The parent is missing." without one.
    public func remove() throws {
        guard let p = parent else { throw DotNetException.invalidOperation("The parent is missing.") }
        try p.removeChild(self)
    }

    /// `Replace(JToken)`: replaces this token in its parent.
    public func replace(with value: JToken) throws {
        guard let p = parent else { throw DotNetException.invalidOperation("The parent is missing.") }
        try p.replaceChild(self, with: value)
    }

    /// `AddAfterSelf`.
    public func addAfterSelf(_ value: JToken) throws {
        guard let p = parent else { throw DotNetException.invalidOperation("The parent is missing.") }
        try p.insertSibling(value, after: self, before: false)
    }
    /// `AddBeforeSelf`.
    public func addBeforeSelf(_ value: JToken) throws {
        guard let p = parent else { throw DotNetException.invalidOperation("The parent is missing.") }
        try p.insertSibling(value, after: self, before: true)
    }

    /// `Ancestors()`.
    public func ancestors() -> [JToken] {
        var r: [JToken] = []
        var t = parent
        while let p = t { r.append(p); t = p.parent }
        return r
    }

    /// `Descendants()` (depth-first, document order).
    public func descendants() -> [JToken] {
        var r: [JToken] = []
        func walk(_ t: JToken) {
            for c in t.children() { r.append(c); walk(c) }
        }
        walk(self)
        return r
    }

    /// `JToken.DeepEquals`.
    public static func deepEquals(_ a: JToken?, _ b: JToken?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        switch (a, b) {
        case let (x as JValue, y as JValue): return x.valueEquals(y)
        case let (x as JProperty, y as JProperty): return x.name == y.name && deepEquals(x.value, y.value)
        case let (x as JObject, y as JObject):
            guard x.count == y.count else { return false }
            for p in x.properties() {
                guard let q = y.property(p.name), deepEquals(p.value, q.value) else { return false }
            }
            return true
        case let (x as JArray, y as JArray):
            guard x.count == y.count else { return false }
            for (u, v) in zip(x.items, y.items) where !deepEquals(u, v) { return false }
            return true
        default: return false
        }
    }

    /// `JToken.Parse(json)` with Newtonsoft's defaults (DateParseHandling.DateTime,
    /// FloatParseHandling.Double, MaxDepth 64, duplicate properties replace). Throws
    /// `JsonReaderException` with Newtonsoft's message.
    public class func parse(_ json: String) throws -> JToken {
        var p = JsonTextReader(json)
        return try p.parseDocument(expecting: nil)
    }

    /// `JToken.Parse` with `DateParseHandling.None` when `parseDates` is false (date-like strings stay strings).
    public static func parse(_ json: String, parseDates: Bool) throws -> JToken {
        var p = JsonTextReader(json)
        p.parseDates = parseDates
        return try p.parseDocument(expecting: nil)
    }

    /// `JsonConvert.SerializeObject(token)`: compact unless `.indented`.
    public static func serializeObject(_ token: JToken?, _ formatting: JsonFormatting = .none, newLine: String = JToken.defaultNewLine) -> String {
        guard let token else { return "null" }
        return token.toString(formatting, newLine: newLine)
    }

    /// `JsonConvert.DeserializeObject(json)` to a JToken (null/empty text gives nil, as Newtonsoft).
    public static func deserializeObject(_ json: String) throws -> JToken? {
        var p = JsonTextReader(json)
        if p.isBlank() { return nil }
        return try p.parseDocument(expecting: nil)
    }

    static func dotNetTypeName(_ t: JToken) -> String {
        switch t {
        case is JObject: return "Newtonsoft.Json.Linq.JObject"
        case is JArray: return "Newtonsoft.Json.Linq.JArray"
        case is JProperty: return "Newtonsoft.Json.Linq.JProperty"
        default: return "Newtonsoft.Json.Linq.JValue"
        }
    }

    /// Adapts a token for insertion into `container`: a token that already has a parent, or that is
    /// the container itself or one of its ancestors, is deep-cloned (Newtonsoft's `EnsureParentToken`;
    /// this also makes reference cycles impossible).
    static func adopt(_ t: JToken?, into container: JToken?) -> JToken {
        guard let t else { return JValue.null() }
        if t.parent != nil { return t.deepClone() }
        if let container, isAncestorOrSelf(t, of: container) { return t.deepClone() }
        return t
    }

    static func isAncestorOrSelf(_ t: JToken, of node: JToken) -> Bool {
        var cur: JToken? = node
        while let c = cur {
            if c === t { return true }
            cur = c.parent
        }
        return false
    }
}

/// `Newtonsoft.Json.Linq.JContainer`: a token with children.
public class JContainer: JToken {
    /// `Count`.
    public var count: Int { children().count }
    public override var hasValues: Bool { !children().isEmpty }
    func removeChild(_ t: JToken) throws {}
    func replaceChild(_ t: JToken, with: JToken) throws {}
    func insertSibling(_ v: JToken, after: JToken, before: Bool) throws {
        throw DotNetException.invalidOperation("Cannot add siblings here.")
    }
    /// `RemoveAll()`.
    public func removeAll() {}
}

/// `Newtonsoft.Json.Linq.JProperty`: a name and a value inside a `JObject`.
public final class JProperty: JContainer {
    /// `Name`.
    public let name: String
    private var _value: JToken

    /// `new JProperty(name, value)`; a nil value becomes a null `JValue`.
    public init(_ name: String, _ value: JToken?) {
        self.name = name
        self._value = JValue.null()
        super.init()
        setValue(value)
    }

    /// `Value`.
    public var value: JToken { _value }

    /// `Value = v`; throws `ArgumentException` "Can not add Newtonsoft.Json.Linq.JProperty to
    /// Newtonsoft.Json.Linq.JProperty." for a property value, as Newtonsoft's `ValidateToken`.
    public func setValue(checked v: JToken?) throws {
        if let p = v as? JProperty {
            throw DotNetException.argument("Can not add \(JToken.dotNetTypeName(p)) to Newtonsoft.Json.Linq.JProperty.")
        }
        setValue(v)
    }

    /// Unchecked assignment (a JProperty argument is replaced by a clone of its value).
    func setValue(_ v0: JToken?) {
        let v = (v0 as? JProperty)?.value ?? v0
        let t = JToken.adopt(v, into: self)
        if _value.parent === self { _value.parent = nil }
        _value = t
        t.parent = self
    }

    public override var type: JTokenType { .property }
    public override func children() -> [JToken] { [_value] }
    public override var count: Int { 1 }
    public override var hasValues: Bool { true }
    public override func deepClone() -> JToken { JProperty(name, _value.deepClone()) }
    override func removeChild(_ t: JToken) throws {
        throw DotNetException.invalidOperation("Cannot add or remove items from Newtonsoft.Json.Linq.JProperty.")
    }
    override func replaceChild(_ t: JToken, with v: JToken) throws { setValue(v) }
    public override func get(_ key: JTokenKey) throws -> JToken? {
        throw DotNetException.invalidOperation("Cannot access child value on Newtonsoft.Json.Linq.JProperty.")
    }
}

/// `Newtonsoft.Json.Linq.JObject`: ordered properties with unique (ordinal) names.
public final class JObject: JContainer {
    private(set) var props: [JProperty] = []
    private var index: [String: Int] = [:]

    /// `new JObject()`.
    public override init() { super.init() }

    /// `new JObject(properties)`; duplicate names throw like `Add`.
    public convenience init(_ properties: [JProperty]) throws {
        self.init()
        for p in properties { try add(p) }
    }

    /// `JObject.Parse(json)`: throws `JsonReaderException` "Error reading JObject from JsonReader.
    /// Current JsonReader item is not an object: StartArray. Path '', line 1, position 1." for non-objects.
    public override class func parse(_ json: String) throws -> JObject {
        var p = JsonTextReader(json)
        guard let o = try p.parseDocument(expecting: .object) as? JObject else {
            throw DotNetException("JsonReaderException", "Error reading JObject from JsonReader.")
        }
        return o
    }

    public override var type: JTokenType { .object }
    public override func children() -> [JToken] { props }
    public override var count: Int { props.count }
    public override var hasValues: Bool { !props.isEmpty }

    /// `Properties()`.
    public func properties() -> [JProperty] { props }
    /// `Property(name)` (ordinal), nil when missing.
    public func property(_ name: String) -> JProperty? {
        guard let i = index[name] else { return nil }
        return props[i]
    }
    /// `GetValue(name, StringComparison.OrdinalIgnoreCase)`: an exact match first, then the first
    /// case-insensitive match.
    public func getValue(_ name: String, ignoreCase: Bool) -> JToken? {
        if let p = property(name) { return p.value }
        guard ignoreCase else { return nil }
        let lower = name.lowercased()
        return props.first { $0.name.lowercased() == lower }?.value
    }

    /// `ContainsKey(name)`.
    public func containsKey(_ name: String) -> Bool { index[name] != nil }
    /// `TryGetValue(name, out value)`.
    public func tryGetValue(_ name: String) -> JToken? { property(name)?.value }
    /// Property names in order (`Properties().Select(p => p.Name)`).
    public var keys: [String] { props.map(\.name) }

    /// Indexer get: nil for a missing property. An integer key throws `ArgumentException`
    /// "Accessed JObject values with invalid key value: 0. Object property name expected.".
    public override func get(_ key: JTokenKey) throws -> JToken? {
        switch key {
        case .name(let n): return property(n)?.value
        case .index(let i):
            throw DotNetException.argument("Accessed JObject values with invalid key value: \(i). Object property name expected.")
        }
    }

    /// Indexer set: replaces the value of an existing property or appends a new one.
    public override func set(_ key: JTokenKey, _ value: JToken?) throws {
        switch key {
        case .name(let n):
            if let p = value as? JProperty {
                throw DotNetException.argument("Can not add \(JToken.dotNetTypeName(p)) to Newtonsoft.Json.Linq.JProperty.")
            }
            self[n] = value
        case .index(let i):
            throw DotNetException.argument("Set JObject values with invalid key value: \(i). Object property name expected.")
        }
    }

    /// `obj[name]` get/set (nil when missing; set adds or replaces). The setter cannot throw: use
    /// ``set(_:_:)`` to get Newtonsoft's exception for a `JProperty` value (here its value is used).
    public subscript(name: String) -> JToken? {
        get { property(name)?.value }
        set {
            if let p = property(name) { p.setValue(newValue) } else { append(JProperty(name, newValue)) }
        }
    }

    private func append(_ p: JProperty) {
        let prop = p.parent != nil ? (p.deepClone() as? JProperty ?? p) : p
        if JToken.isAncestorOrSelf(prop.value, of: self) { prop.setValue(prop.value.deepClone()) }
        prop.parent = self
        index[prop.name] = props.count
        props.append(prop)
    }

    /// `Add(name, value)`: throws `ArgumentException` "Can not add property X to
    /// Newtonsoft.Json.Linq.JObject. Property with the same name already exists on object."
    public func add(_ name: String, _ value: JToken?) throws {
        try add(JProperty(name, value))
    }

    /// `Add(JProperty)`.
    public func add(_ property: JProperty) throws {
        if index[property.name] != nil {
            throw DotNetException.argument("Can not add property \(property.name) to Newtonsoft.Json.Linq.JObject. Property with the same name already exists on object.")
        }
        append(property)
    }

    /// `Add(object)` for a non-property token: throws `ArgumentException`
    /// "Can not add Newtonsoft.Json.Linq.JValue to Newtonsoft.Json.Linq.JObject.".
    public func add(token: JToken) throws {
        if let p = token as? JProperty { try add(p); return }
        throw DotNetException.argument("Can not add \(JToken.dotNetTypeName(token)) to Newtonsoft.Json.Linq.JObject.")
    }

    /// Parser path: duplicate names replace the earlier value in place (`DuplicatePropertyNameHandling.Replace`).
    func addOrReplace(_ name: String, _ value: JToken) {
        if let p = property(name) { p.setValue(value) } else { append(JProperty(name, value)) }
    }

    /// `Remove(name)`: true when a property was removed.
    @discardableResult
    public func remove(_ name: String) -> Bool {
        guard let i = index[name] else { return false }
        let p = props.remove(at: i)
        p.parent = nil
        reindex()
        return true
    }

    private func reindex() {
        index.removeAll(keepingCapacity: true)
        for (i, p) in props.enumerated() { index[p.name] = i }
    }

    public override func removeAll() {
        for p in props { p.parent = nil }
        props.removeAll()
        index.removeAll()
    }

    override func removeChild(_ t: JToken) throws {
        if let p = t as? JProperty { remove(p.name) } else {
            throw DotNetException.invalidOperation("Cannot add or remove items from Newtonsoft.Json.Linq.JProperty.")
        }
    }

    override func replaceChild(_ t: JToken, with v: JToken) throws {
        guard let old = t as? JProperty, let i = props.firstIndex(where: { $0 === old }) else { return }
        guard let np = v as? JProperty else {
            throw DotNetException.argument("Can not add \(JToken.dotNetTypeName(v)) to Newtonsoft.Json.Linq.JObject.")
        }
        if let j = index[np.name], j != i {
            throw DotNetException.argument("Can not add property \(np.name) to Newtonsoft.Json.Linq.JObject. Property with the same name already exists on object.")
        }
        old.parent = nil
        let adopted = JToken.adopt(np, into: self) as? JProperty ?? np
        if JToken.isAncestorOrSelf(adopted.value, of: self) { adopted.setValue(adopted.value.deepClone()) }
        adopted.parent = self
        props[i] = adopted
        reindex()
    }

    override func insertSibling(_ v: JToken, after: JToken, before: Bool) throws {
        guard let np = v as? JProperty else {
            throw DotNetException.argument("Can not add \(JToken.dotNetTypeName(v)) to Newtonsoft.Json.Linq.JObject.")
        }
        guard let i = props.firstIndex(where: { $0 === after }) else { return }
        if index[np.name] != nil {
            throw DotNetException.argument("Can not add property \(np.name) to Newtonsoft.Json.Linq.JObject. Property with the same name already exists on object.")
        }
        let adopted = JToken.adopt(np, into: self) as? JProperty ?? np
        if JToken.isAncestorOrSelf(adopted.value, of: self) { adopted.setValue(adopted.value.deepClone()) }
        adopted.parent = self
        props.insert(adopted, at: before ? i : i + 1)
        reindex()
    }

    public override func deepClone() -> JToken {
        let o = JObject()
        for p in props { o.append(JProperty(p.name, p.value.deepClone())) }
        return o
    }
}

/// `Newtonsoft.Json.Linq.JArray`.
public final class JArray: JContainer {
    private(set) var items: [JToken] = []

    /// `new JArray()`.
    public override init() { super.init() }

    /// `new JArray(items)`; throws like `Add` for a `JProperty` item.
    public convenience init(_ items: [JToken?]) throws {
        self.init()
        for i in items { try add(i) }
    }

    static func checkItem(_ t: JToken?) throws {
        if let p = t as? JProperty {
            throw DotNetException.argument("Can not add \(JToken.dotNetTypeName(p)) to Newtonsoft.Json.Linq.JArray.")
        }
    }

    /// `JArray.Parse(json)`: throws `JsonReaderException` "Error reading JArray from JsonReader.
    /// Current JsonReader item is not an array: StartObject. Path '', line 1, position 1." for non-arrays.
    public override class func parse(_ json: String) throws -> JArray {
        var p = JsonTextReader(json)
        guard let a = try p.parseDocument(expecting: .array) as? JArray else {
            throw DotNetException("JsonReaderException", "Error reading JArray from JsonReader.")
        }
        return a
    }

    public override var type: JTokenType { .array }
    public override func children() -> [JToken] { items }
    public override var count: Int { items.count }
    public override var hasValues: Bool { !items.isEmpty }

    /// The items (enumeration order).
    public var values: [JToken] { items }

    /// Indexer get: throws `ArgumentOutOfRangeException` for an index outside 0..<Count and
    /// `ArgumentException` "Accessed JArray values with invalid key value: "x". Int32 array index expected." for names.
    public override func get(_ key: JTokenKey) throws -> JToken? {
        switch key {
        case .index(let i): return try item(at: i)
        case .name(let n):
            throw DotNetException.argument("Accessed JArray values with invalid key value: \"\(n)\". Int32 array index expected.")
        }
    }

    /// Indexer set.
    public override func set(_ key: JTokenKey, _ value: JToken?) throws {
        switch key {
        case .index(let i):
            guard i >= 0, i < items.count else { throw JArray.indexError() }
            try JArray.checkItem(value)
            items[i].parent = nil
            let t = JToken.adopt(value, into: self)
            t.parent = self
            items[i] = t
        case .name(let n):
            throw DotNetException.argument("Set JArray values with invalid key value: \"\(n)\". Int32 array index expected.")
        }
    }

    static func indexError() -> DotNetException {
        DotNetException.argumentOutOfRange("index", "Index was out of range. Must be non-negative and less than the size of the collection.")
    }

    /// `array[i]`.
    public func item(at i: Int) throws -> JToken {
        guard i >= 0, i < items.count else { throw JArray.indexError() }
        return items[i]
    }

    /// `Add(item)`; throws `ArgumentException` "Can not add Newtonsoft.Json.Linq.JProperty to Newtonsoft.Json.Linq.JArray.".
    public func add(_ value: JToken?) throws {
        try JArray.checkItem(value)
        append(value)
    }

    func append(_ value: JToken?) {
        let t = JToken.adopt(value, into: self)
        t.parent = self
        items.append(t)
    }

    /// `Insert(index, item)`; throws `ArgumentOutOfRangeException` "Index must be within the bounds of the List.".
    public func insert(_ index: Int, _ value: JToken?) throws {
        guard index >= 0, index <= items.count else {
            throw DotNetException.argumentOutOfRange("index", "Index must be within the bounds of the List.")
        }
        try JArray.checkItem(value)
        let t = JToken.adopt(value, into: self)
        t.parent = self
        items.insert(t, at: index)
    }

    /// `RemoveAt(index)`.
    public func removeAt(_ index: Int) throws {
        guard index >= 0, index < items.count else { throw JArray.indexError() }
        items.remove(at: index).parent = nil
    }

    /// `Remove(item)`: removes by reference identity; true if found.
    @discardableResult
    public func remove(_ item: JToken) -> Bool {
        guard let i = items.firstIndex(where: { $0 === item }) else { return false }
        items.remove(at: i).parent = nil
        return true
    }

    /// `IndexOf(item)` by reference identity.
    public func indexOf(_ item: JToken) -> Int { items.firstIndex(where: { $0 === item }) ?? -1 }

    /// `Contains(item)` by reference identity.
    public func contains(_ item: JToken) -> Bool { indexOf(item) >= 0 }

    public override func removeAll() {
        for i in items { i.parent = nil }
        items.removeAll()
    }

    override func removeChild(_ t: JToken) throws { remove(t) }
    override func replaceChild(_ t: JToken, with v: JToken) throws {
        guard let i = items.firstIndex(where: { $0 === t }) else { return }
        t.parent = nil
        let n = JToken.adopt(v, into: self)
        n.parent = self
        items[i] = n
    }
    override func insertSibling(_ v: JToken, after: JToken, before: Bool) throws {
        guard let i = items.firstIndex(where: { $0 === after }) else { return }
        try insert(before ? i : i + 1, v)
    }

    public override func deepClone() -> JToken {
        let a = JArray()
        for i in items { a.append(i.deepClone()) }
        return a
    }
}

/// `Newtonsoft.Json.Linq.JValue`: a primitive value.
public final class JValue: JToken {
    /// The stored .NET value.
    public enum Content: Sendable, Equatable {
        case null
        case undefined
        case string(String)
        /// `Int64` integer (the parser's default for integers that fit).
        case integer(Int64)
        /// An integer too large for Int64 (Newtonsoft stores a `BigInteger`); decimal digits with sign.
        case bigInteger(String)
        /// `Double` float.
        case float(Double)
        /// `decimal` float.
        case decimal(DotNetDecimal)
        case boolean(Bool)
        case date(DotNetDateTime)
        case dateOffset(DotNetDateTimeOffset)
        case guid(DotNetGuid)
        case uri(String)
        case timeSpan(DotNetTimeSpan)
        case bytes([UInt8])
        case comment(String)
        case raw(String)
    }

    /// The value (`JValue.Value`).
    public var content: Content

    /// `new JValue(...)`.
    public init(_ content: Content) {
        self.content = content
        super.init()
    }
    /// A string value (`new JValue(string)`); nil gives a null JValue? No: a String-typed value must be non-nil.
    public convenience init(_ s: String) { self.init(.string(s)) }
    /// An `Int64` value.
    public convenience init(_ i: Int64) { self.init(.integer(i)) }
    /// An `Int32` value (stored as Int64, as Newtonsoft).
    public convenience init(_ i: Int) { self.init(.integer(Int64(i))) }
    /// A `Double` value.
    public convenience init(_ d: Double) { self.init(.float(d)) }
    /// A `Boolean` value.
    public convenience init(_ b: Bool) { self.init(.boolean(b)) }
    /// `JValue.CreateNull()`.
    public static func null() -> JValue { JValue(.null) }
    /// `JValue.CreateUndefined()`.
    public static func undefined() -> JValue { JValue(.undefined) }
    /// `JValue.CreateString(s)`; nil gives a String-typed null in Newtonsoft — represented as `.null` here.
    public static func string(_ s: String?) -> JValue { s.map { JValue(.string($0)) } ?? JValue(.null) }

    public override var type: JTokenType {
        switch content {
        case .null: return .null
        case .undefined: return .undefined
        case .string: return .string
        case .integer, .bigInteger: return .integer
        case .float, .decimal: return .float
        case .boolean: return .boolean
        case .date, .dateOffset: return .date
        case .guid: return .guid
        case .uri: return .uri
        case .timeSpan: return .timeSpan
        case .bytes: return .bytes
        case .comment: return .comment
        case .raw: return .raw
        }
    }

    public override func deepClone() -> JToken { JValue(content) }

    /// `JValue.ToString()`: the .NET `ToString()` of the value (invariant culture), *not* JSON:
    /// strings unquoted, `True`/`False`, doubles as `double.ToString()`, dates `MM/dd/yyyy HH:mm:ss`,
    /// null as empty string.
    public override var description: String {
        switch content {
        case .null, .undefined: return ""
        case .string(let s), .comment(let s), .raw(let s), .uri(let s): return s
        case .integer(let i): return String(i)
        case .bigInteger(let s): return s
        case .float(let d): return DotNetFormatter.formatDouble(d)
        case .decimal(let d): return d.description
        case .boolean(let b): return b ? "True" : "False"
        case .date(let d): return d.description
        case .dateOffset(let d): return d.description
        case .guid(let g): return g.description
        case .timeSpan(let t): return t.description
        case .bytes: return "System.Byte[]"
        }
    }

    /// Newtonsoft's `ValuesEquals` (used by `DeepEquals`): same `JTokenType` and equal values;
    /// an Integer never equals a Float.
    func valueEquals(_ o: JValue) -> Bool {
        guard type == o.type else { return false }
        switch (content, o.content) {
        case let (.integer(a), .bigInteger(b)), let (.bigInteger(b), .integer(a)): return String(a) == b
        case let (.float(a), .decimal(b)), let (.decimal(b), .float(a)): return a == b.doubleValue
        case let (.float(a), .float(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.date(a), .date(b)): return a.ticks == b.ticks
        case let (.date(a), .dateOffset(b)), let (.dateOffset(b), .date(a)): return a.ticks == b.utcTicks
        default: return content == o.content
        }
    }
}

/// `Newtonsoft.Json.Linq.MergeArrayHandling`.
public enum JsonMergeArrayHandling: Sendable, Hashable {
    /// Concatenate arrays (Newtonsoft's default).
    case concat
    /// Union: add items not already present (`DeepEquals`).
    case union
    /// Replace the whole array.
    case replace
    /// Merge item by item (index-wise).
    case merge
}

extension JContainer {
    /// `JContainer.Merge(content, new JsonMergeSettings { … })`. Defaults match `Merge(content)`:
    /// arrays concatenate, null values in `content` are ignored, names compare ordinally.
    public func merge(_ content: JToken?, arrays: JsonMergeArrayHandling = .concat, mergeNulls: Bool = false) {
        guard let content else { return }
        if let target = self as? JObject, let source = content as? JObject {
            for p in source.properties() {
                guard let existing = target.property(p.name) else {
                    target[p.name] = p.value
                    continue
                }
                let v = p.value
                if let ec = existing.value as? JContainer, ec.type == v.type {
                    ec.merge(v, arrays: arrays, mergeNulls: mergeNulls)
                } else if !JContainer.isNull(v) || mergeNulls {
                    existing.setValue(v)
                }
            }
        } else if let target = self as? JArray, let source = content as? JArray {
            switch arrays {
            case .concat:
                for item in source.values { target.append(item) }
            case .union:
                for item in source.values where !target.values.contains(where: { JToken.deepEquals($0, item) }) {
                    target.append(item)
                }
            case .replace:
                if target === source { return }
                target.removeAll()
                for item in source.values { target.append(item) }
            case .merge:
                for (i, item) in source.values.enumerated() {
                    if i < target.count {
                        let existing = target.values[i]
                        if let ec = existing as? JContainer, ec.type == item.type {
                            ec.merge(item, arrays: arrays, mergeNulls: mergeNulls)
                        } else if !JContainer.isNull(item) || mergeNulls {
                            try? target.set(.index(i), item)
                        }
                    } else {
                        target.append(item)
                    }
                }
            }
        } else if let target = self as? JProperty, let source = content as? JProperty, target.name == source.name {
            if let ec = target.value as? JContainer, ec.type == source.value.type {
                ec.merge(source.value, arrays: arrays, mergeNulls: mergeNulls)
            } else if !JContainer.isNull(source.value) || mergeNulls {
                target.setValue(source.value)
            }
        }
    }

    static func isNull(_ t: JToken) -> Bool {
        guard let v = t as? JValue else { return false }
        if case .null = v.content { return true }
        return false
    }
}
