import Testing
@testable import DotNet

private func thrown(_ body: () throws -> Any?) -> DotNetException? {
    do { _ = try body(); return nil } catch let e as DotNetException { return e } catch { return nil }
}

@Suite struct DotNetJsonTests {
    @Test func indentedOutputMatchesNewtonsoft() throws {
        // Newtonsoft's docs (Serializing JSON / JObject.ToString): two-space indent, "name": value.
        let o = try JObject.parse(#"{"a":1,"b":[1,2],"c":{},"d":[],"e":{"f":null}}"#)
        let expected = "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": {},\n  \"d\": [],\n  \"e\": {\n    \"f\": null\n  }\n}"
        #expect(o.toString(.indented, newLine: "\n") == expected)
        #expect(o.description == expected.dotNetReplacingAll("\n", with: "\r\n"))
        #expect(o.toString(.none) == #"{"a":1,"b":[1,2],"c":{},"d":[],"e":{"f":null}}"#)
    }

    @Test func floatsKeepDecimalPlace() throws {
        let a = try JArray.parse("[1.0, 1e20, 0.1, 1.5e-5, -0.0, 100, 1E400, 12345678901234567890]")
        #expect(a.toString(.none) == "[1.0,1E+20,0.1,1.5E-05,-0.0,100,\"Infinity\",12345678901234567890]")
        #expect(a.values[0].type == .float)
        #expect(a.values[5].type == .integer)
        #expect(a.values[7].type == .integer)
    }

    @Test func stringEscaping() throws {
        let v = JValue("a\"b\\c\n\u{1}\u{2028}é'")
        #expect(v.toString(.none) == #""a\"b\\c\n\u0001\u2028é'""#)
        #expect(v.description == "a\"b\\c\n\u{1}\u{2028}é'")
    }

    @Test func datesAreDetected() throws {
        let o = try JObject.parse(#"{"u":"2020-01-02T03:04:05Z","n":"2020-01-02T03:04:05.1230000","o":"2020-01-02T03:04:05+02:00","s":"2020-01-02"}"#)
        #expect(o["u"]?.type == .date)
        #expect(o["s"]?.type == .string)
        #expect(o.toString(.none) == #"{"u":"2020-01-02T03:04:05Z","n":"2020-01-02T03:04:05.123","o":"2020-01-02T01:04:05+00:00","s":"2020-01-02"}"#)
        // (string)token of a date uses DateTime.ToString(InvariantCulture).
        #expect(try JToken.toDotNetString(o["u"]) == "01/02/2020 03:04:05")
    }

    @Test func readerErrors() {
        #expect(thrown { try JToken.parse("x") }?.message == "Unexpected character encountered while parsing value: x. Path '', line 0, position 0.")
        #expect(thrown { try JToken.parse(#"{"a": x}"#) }?.message == "Unexpected character encountered while parsing value: x. Path 'a', line 1, position 6.")
        #expect(thrown { try JToken.parse(#"{"a":1} x"#) }?.message == "Additional text encountered after finished reading JSON content: x. Path '', line 1, position 8.")
        #expect(thrown { try JToken.parse("\"abc") }?.message == "Unterminated string. Expected delimiter: \". Path '', line 1, position 4.")
        #expect(thrown { try JToken.parse("") }?.message == "Error reading JToken from JsonReader. Path '', line 0, position 0.")
        #expect(thrown { try JObject.parse("[1]") }?.message == "Error reading JObject from JsonReader. Current JsonReader item is not an object: StartArray. Path '', line 1, position 1.")
        #expect(thrown { try JToken.parse("[1,") }?.type == "JsonReaderException")
        #expect(thrown { try JToken.parse("[1,2") }?.message == "Unexpected end of content while loading JArray. Path '[1]', line 1, position 4.")
        #expect(thrown { try JToken.parse("  ") }?.message == "Error reading JToken from JsonReader. Path '', line 1, position 2.")
        #expect(thrown { try JObject.parse("  [1,x") }?.message == "Error reading JObject from JsonReader. Current JsonReader item is not an object: StartArray. Path '', line 1, position 3.")
        #expect(thrown { try JArray.parse("\"a\"") }?.message == "Error reading JArray from JsonReader. Current JsonReader item is not an array: String. Path '', line 1, position 3.")
    }

    @Test func deepNestingThrowsInsteadOfCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let e = thrown { try JToken.parse(deep) }
        #expect(e?.type == "JsonReaderException")
        #expect(e?.message.hasPrefix("The reader's MaxDepth of 64 has been exceeded.") == true)
        let d65 = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(thrown { try JToken.parse(d65) }?.message == "The reader's MaxDepth of 64 has been exceeded. Path '\(String(repeating: "[0]", count: 64))', line 1, position 65.")
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(thrown { try JToken.parse(ok) } == nil)
    }

    @Test func objectApi() throws {
        let o = JObject()
        try o.add("a", JValue(1))
        #expect(thrown { try o.add("a", JValue(2)) }?.message == "Can not add property a to Newtonsoft.Json.Linq.JObject. Property with the same name already exists on object.")
        o["b"] = JValue("x")
        o["a"] = JValue(3)
        #expect(o.keys == ["a", "b"])
        #expect(o["missing"] == nil)
        #expect(o.containsKey("b"))
        #expect(o.remove("a"))
        #expect(!o.remove("a"))
        #expect(o.count == 1)
        #expect(o.property("b")?.value.path == "b")
        // Adding a token that already has a parent adds a clone.
        let p = JObject()
        p["copy"] = o["b"]
        #expect(p["copy"] !== o["b"])
    }

    @Test func arrayApi() throws {
        let a = try JArray([JValue(1), JValue(2)])
        try a.add(JValue(3))
        #expect(thrown { try a.add(JProperty("p", nil)) }?.message == "Can not add Newtonsoft.Json.Linq.JProperty to Newtonsoft.Json.Linq.JArray.")
        #expect(thrown { try JObject().set("x", JProperty("p", nil)) }?.message == "Can not add Newtonsoft.Json.Linq.JProperty to Newtonsoft.Json.Linq.JProperty.")
        try a.insert(0, JValue(0))
        try a.removeAt(1)
        #expect(a.toString(.none) == "[0,2,3]")
        #expect(thrown { try a.item(at: 5) }?.type == "ArgumentOutOfRangeException")
        #expect(thrown { try a.get("x") }?.message == "Accessed JArray values with invalid key value: \"x\". Int32 array index expected.")
        #expect(try a.get(1)?.next?.toString(.none) == "3")
        #expect(a.first?.previous == nil)
    }

    @Test func explicitCasts() throws {
        let o = try JObject.parse(#"{"i":42,"f":2.5,"s":"17","b":true,"n":null,"o":{},"big":1e300}"#)
        #expect(try JToken.toInt32(o["i"]) == 42)
        #expect(try JToken.toInt32(o["f"]) == 2)  // Convert.ToInt32(2.5) rounds half to even
        #expect(try JToken.toInt32(o["s"]) == 17)
        #expect(try JToken.toDotNetString(o["f"]) == "2.5")
        #expect(try JToken.toDotNetString(o["b"]) == "True")
        #expect(try JToken.toDotNetString(o["n"]) == nil)
        #expect(thrown { try JToken.toInt32(o["o"]) }?.message == "Can not convert Object to Int32.")
        #expect(thrown { try JToken.toInt32(o["n"]) }?.message == "Can not convert Null to Int32.")
        #expect(thrown { try JToken.toInt32(o["big"]) }?.message == "Value was either too large or too small for an Int32.")
        #expect(thrown { try JToken.toBoolean(o["s"]) }?.message == "String '17' was not recognized as a valid Boolean.")
        #expect(try o.value("i", as: .string) == .string("42"))
        #expect(try o.value("missing", as: .int32) == nil)
        #expect(thrown { try o.value("n", as: .int32) }?.message == "Null object cannot be converted to a value type.")
        #expect(thrown { try o.value("o", as: .string) }?.message == "Cannot cast Newtonsoft.Json.Linq.JObject to Newtonsoft.Json.Linq.JToken.")
    }

    @Test func toObjectArray() throws {
        #expect(try JToken.parse(#"["a",1,true]"#).toObjectArray(as: .string) == [.string("a"), .string("1"), .string("True")])
        #expect(thrown { try JToken.parse("{}").toObjectArray(as: .int32) }?.type == "JsonSerializationException")
    }

    @Test func selectToken() throws {
        let o = try JObject.parse(#"{"a":{"b":[{"c":1},{"c":2}]},"x y":{"z":true},"arr":[1,2,3,4]}"#)
        #expect(try o.selectToken("a.b[1].c")?.toString(.none) == "2")
        #expect(try o.selectToken("$.a.b[0].c")?.toString(.none) == "1")
        #expect(try o.selectToken("['x y'].z")?.toString(.none) == "true")
        #expect(try o.selectToken("a.missing") == nil)
        #expect(try o.selectTokens("a.b[*].c").count == 2)
        #expect(try o.selectTokens("$..c").count == 2)
        #expect(try o.selectTokens("arr[1:3]").map { $0.toString(.none) } == ["2", "3"])
        #expect(try o.selectTokens("a.b[?(@.c > 1)]").count == 1)
        #expect(thrown { try o.selectToken("a.b[*].c") }?.message == "Path returned multiple tokens.")
        #expect(try o["a"]?.selectTokens("b").first?.path == "a.b")
    }

    @Test func deepCloneAndEquality() throws {
        let o = try JToken.parse(#"{"a":[1,{"b":2}]}"#)
        let c = o.deepClone()
        #expect(c !== o)
        #expect(JToken.deepEquals(o, c))
        #expect(c.toString(.none) == o.toString(.none))
    }

    @Test func serializeAndDeserialize() throws {
        #expect(JToken.serializeObject(nil) == "null")
        #expect(try JToken.deserializeObject("") == nil)
        let t = try JToken.deserializeObject(#"{ "k" : [ true , false , null ] }"#)
        #expect(JToken.serializeObject(t) == #"{"k":[true,false,null]}"#)
    }

    @Test func lenientSyntax() throws {
        let t = try JToken.parse("{a: 'x', /* c */ b: [1,,2,], c: 010, d: 0x1F, e: NaN}")
        #expect(t.toString(.none) == #"{"a":"x","b":[1,undefined,2],"c":8,"d":31,"e":"NaN"}"#)
    }

    @Test func jsonConvertFacade() throws {
        #expect(JsonConvert.serializeObject(.string("a\"b")) == #""a\"b""#)
        #expect(JsonConvert.serializeObject(.float(1)) == "1.0")
        #expect(try JsonConvert.deserializeObject("\"12\"", as: .int32) == .integer(12))
        #expect(thrown { try JsonConvert.deserializeObject("null", as: .int32) }?.message == "Error converting value {null} to type 'System.Int32'. Path '', line 1, position 4.")
        #expect(thrown { try JsonConvert.deserializeObject("", as: .int32) }?.message == "No JSON content found and type 'System.Int32' is not nullable.")
        let o = try JObject.parse(#"{"Name":1}"#)
        #expect(o.getValue("name", ignoreCase: true)?.toString(.none) == "1")
        #expect(o.getValue("name", ignoreCase: false) == nil)
        #expect(!JToken.deepEquals(JValue(1), JValue(1.0)))  // Integer vs Float: ValuesEquals requires same type
        #expect(JToken.deepEquals(JValue(1), try JToken.parse("1")))
    }

    @Test func selfInsertionClonesInsteadOfCycling() throws {
        let o = try JObject.parse(#"{"a":[1]}"#)
        o["self"] = o
        let arr = try #require(o["a"] as? JArray)
        try arr.add(o)
        try arr.add(arr)
        #expect(o.toString(.none) == #"{"a":[1,{"a":[1],"self":{"a":[1]}},[1,{"a":[1],"self":{"a":[1]}}]],"self":{"a":[1]}}"#)
    }

    @Test func mergeFollowsNewtonsoftDefaults() throws {
        // Newtonsoft docs "Merging JSON": arrays concatenate by default, nulls ignored.
        let o1 = try JObject.parse(#"{"FirstName":"John","LastName":"Smith","Enabled":false,"Roles":["User"]}"#)
        let o2 = try JObject.parse(#"{"Enabled":true,"Roles":["User","Admin"],"LastName":null}"#)
        o1.merge(o2)
        #expect(o1.toString(.none) == #"{"FirstName":"John","LastName":"Smith","Enabled":true,"Roles":["User","User","Admin"]}"#)
        let a = try JObject.parse(#"{"r":[1,2]}"#)
        a.merge(try JObject.parse(#"{"r":[2,3]}"#), arrays: .union)
        #expect(a.toString(.none) == #"{"r":[1,2,3]}"#)
        a.merge(try JObject.parse(#"{"r":[9],"n":null}"#), arrays: .replace, mergeNulls: true)
        #expect(a.toString(.none) == #"{"r":[9],"n":null}"#)
    }

    @Test func duplicatePropertiesReplaceInPlace() throws {
        let t = try JObject.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(t.toString(.none) == #"{"a":3,"b":2}"#)
    }
}
