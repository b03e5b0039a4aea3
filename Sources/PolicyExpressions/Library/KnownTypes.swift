/// The .NET types a policy expression may name, as APIM allows them (apim-semantics §8), and
/// the namespaces they live in. Names resolve with or without their namespace.
public enum KnownTypes {
    /// Types the evaluator implements (static members, constructors or instances).
    public static let implemented: Set<String> = [
        "String", "Int32", "Int64", "Int16", "UInt16", "UInt32", "UInt64", "Byte", "SByte", "Char", "Boolean", "Double", "Single", "Decimal",
        "Object", "Guid", "DateTime", "DateTimeOffset", "TimeSpan", "DateTimeKind", "Math", "Convert", "Array", "BitConverter", "Random",
        "Uri", "Exception", "ArgumentException", "ArgumentNullException", "ArgumentOutOfRangeException", "InvalidOperationException",
        "FormatException", "NullReferenceException", "KeyNotFoundException", "InvalidCastException", "DivideByZeroException",
        "OverflowException", "TimeoutException", "RegexMatchTimeoutException", "NotSupportedException", "NotImplementedException", "IndexOutOfRangeException", "UriFormatException",
        "StringBuilder", "StringComparison", "StringComparer", "StringSplitOptions", "Encoding", "Regex", "RegexOptions",
        "Enumerable", "List", "Dictionary", "HashSet", "Queue", "Stack", "KeyValuePair", "WebUtility", "Nullable",
        "SHA1", "SHA256", "SHA384", "SHA512", "MD5", "HMACSHA1", "HMACSHA256", "HMACSHA384", "HMACSHA512", "HMACMD5",
        "HashAlgorithm", "HMAC", "KeyedHashAlgorithm", "IEnumerable", "IList", "ICollection", "IDictionary", "IReadOnlyDictionary",
        "IReadOnlyList", "IReadOnlyCollection", "Tuple", "JObject", "JArray", "JToken", "JValue", "JProperty", "JTokenType",
        "JsonConvert", "Formatting", "JContainer", "CultureInfo", "NumberStyles", "DateTimeStyles", "Match", "Group", "Capture",
        "MatchCollection", "GroupCollection", "ExpressionSyntaxExtensions", "Authorization", "MidpointRounding", "UriKind", "UriPartial", "CarbonIntensityCategory", "Base64FormattingOptions",
    ]

    /// Types APIM allows that this simulator does not evaluate (expressions using them are
    /// reported "not supported by policycheck" and fail at run time with a clear message).
    public static let allowedUnsupported: Set<String> = [
        "XDocument", "XElement", "XAttribute", "XNode", "XName", "XNamespace", "XText", "XCData", "XComment", "XContainer",
        "XmlDocument", "XmlNode", "XmlElement", "XmlReader", "XmlWriter", "XmlNodeList", "XmlAttribute", "XmlNamespaceManager",
        "StringReader", "StringWriter", "RSA", "RSAParameters", "RSASignaturePadding", "RSAEncryptionPadding", "HashAlgorithmName",
        "Aes", "AesManaged", "AesCryptoServiceProvider", "SymmetricAlgorithm", "ICryptoTransform", "CryptoStream", "CipherMode",
        "PaddingMode", "X509Certificate2", "X509Certificate", "IPAddress", "IPNetwork", "RandomNumberGenerator", "RNGCryptoServiceProvider",
        "TripleDES", "DES", "RSACryptoServiceProvider", "RSACng", "ECDsaCng", "ECDsa", "Rfc2898DeriveBytes", "MemoryStream", "Enum", "Type", "ValueTuple",
        "LinkedList", "SortedDictionary", "SortedList", "SortedSet", "ISet", "IEqualityComparer", "IComparer", "Func", "Action",
        "Predicate", "IFormatProvider", "Lazy", "DBNull", "UriBuilder",
        "HttpUtility", "JsonSerializer", "JsonReader", "JsonTextReader", "JsonSerializerSettings", "NullValueHandling",
        "DateTimeZoneHandling", "JConstructor", "JRaw", "XmlConvert", "XPathNavigator", "XPathDocument", "Extensions",
    ]

    /// Types that exist in .NET but APIM rejects in policy expressions; naming one is an error.
    public static let disallowed: Set<String> = [
        "File", "Directory", "Path", "FileInfo", "DirectoryInfo", "FileStream", "StreamReader", "StreamWriter", "Stream", "Environment",
        "Process", "ProcessStartInfo", "HttpClient", "HttpWebRequest", "WebRequest", "WebClient", "HttpRequestMessage", "HttpResponseMessage",
        "Socket", "TcpClient", "UdpClient", "Dns", "Thread", "ThreadPool", "Task", "Parallel", "Assembly", "Activator", "AppDomain",
        "Marshal", "GC", "Console", "Registry", "Timer", "Monitor", "Mutex", "Semaphore", "SemaphoreSlim", "Interlocked",
        "MethodInfo", "PropertyInfo", "FieldInfo", "BindingFlags", "Reflection", "SqlConnection", "SqlCommand", "DataTable",
        "ServicePointManager", "Debugger", "EventLog", "StackTrace",
    ]

    /// Namespaces whose members resolve to the names above.
    static let namespaces: [String] = [
        "System.Collections.Generic.", "System.Text.RegularExpressions.", "System.Security.Cryptography.X509Certificates.",
        "System.Security.Cryptography.", "System.Text.", "System.Net.", "System.Linq.", "System.Xml.Linq.", "System.Xml.",
        "System.Globalization.", "System.IO.", "System.Diagnostics.", "System.Threading.Tasks.", "System.Threading.",
        "System.Reflection.", "System.Net.Http.", "System.Net.Sockets.", "System.Collections.", "System.Web.",
        "Newtonsoft.Json.Linq.", "Newtonsoft.Json.", "System.", "Microsoft.Win32.",
    ]

    /// Resolves a (possibly namespace-qualified) name to a known type's simple name: allowed,
    /// unsupported or disallowed. Nil when the name is not a type this table knows.
    public static func resolve(_ dotted: String) -> String? {
        var name = dotted
        if let keyword = predefinedTypeKeywords[name] { return keyword }
        if name.hasPrefix("global::") { name.removeFirst(8) }
        for prefix in namespaces where name.hasPrefix(prefix) {
            let rest = String(name.dropFirst(prefix.count))
            if !rest.contains(".") {
                name = rest
                break
            }
        }
        if name.contains(".") { return nil }
        if implemented.contains(name) || allowedUnsupported.contains(name) || disallowed.contains(name) { return name }
        if name.hasSuffix("Exception") { return name }
        return nil
    }

    /// True when `prefix` is a namespace (or namespace prefix) such as `System` or `System.Text`.
    public static func isNamespace(_ prefix: String) -> Bool {
        namespaces.contains { $0.hasPrefix(prefix + ".") } || prefix == "Newtonsoft" || prefix == "Microsoft"
    }
}
