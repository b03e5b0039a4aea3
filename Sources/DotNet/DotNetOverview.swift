/// Pure-Swift building blocks that reproduce the .NET / Newtonsoft.Json behaviour APIM policy
/// expressions observe. The expression evaluator wraps these types; nothing here depends on it.
///
/// Entry points (all failures are thrown as ``DotNetException`` with the .NET type name and message):
/// - JSON (Newtonsoft.Json 13): ``JToken`` / ``JObject`` / ``JArray`` / ``JProperty`` / ``JValue``,
///   `JToken.parse`, `JObject.parse`, `JArray.parse`, `toString(_:newLine:)`, ``JsonConvert``,
///   casts `JToken.explicitCast(_:to:nullable:)`, `Value<T>` as `value(_:as:nullable:)`, `selectToken(_:)`.
/// - Numbers: ``DotNetFormatter`` (`ToString(format)` for int/long/double/decimal, `string.Format`),
///   ``DotNetNumberParsing`` (`Parse`/`TryParse`), ``DotNetDecimal``, ``DotNetValueConvert`` (`System.Convert`).
/// - Time: ``DotNetDateTime``, ``DotNetDateTimeOffset``, ``DotNetTimeSpan`` (100-ns ticks; the clock is
///   passed in: `DotNetDateTime.utcNow(unixMilliseconds:)`).
/// - Text and web: ``DotNetConvert`` (base64, base64url, hex, `BitConverter`), ``DotNetEncoding``,
///   ``DotNetWebUtility``, ``DotNetUri``, ``DotNetGuid`` (deterministic `newGuid(using:)`), ``DotNetRegex``.
/// - Security: ``JwtToken`` (`AsJwt`), ``BasicCredentials`` (`AsBasic`), ``DotNetHashAlgorithm``.
///
/// Decisions that differ from "whatever the host would do":
/// - Culture is always `CultureInfo.InvariantCulture`; the gateway's local time zone is UTC.
/// - Double formatting follows .NET Core 3.0+ (shortest round-trip `ToString()`, `Infinity` symbol).
/// - Exception messages follow .NET 5–7 wording (`Input string was not in a correct format.`).
/// - JSON parsing keeps Newtonsoft's `DateParseHandling.DateTime` default: strings shaped like ISO 8601
///   (`yyyy-MM-ddTHH:mm:ss[.f…][Z|±hh:mm]`, length 19–40) become Date values, are re-written as
///   `2020-01-02T03:04:05Z` (fraction trimmed) and cast to string as `01/02/2020 03:04:05`, exactly the
///   well-known Newtonsoft behaviour. Offsets are converted to local time (UTC). JWT payloads are read
///   with date parsing off.
/// - `JToken.ToString()` uses `"\r\n"` line breaks (`Environment.NewLine` on the Windows-hosted managed
///   gateway); pass `newLine: "\n"` for the Linux self-hosted gateway.
public enum DotNetLibrary {
    /// The Newtonsoft.Json version whose behaviour the JSON model follows.
    public static let newtonsoftVersion = "13.0"
    /// The .NET runtime behaviour the formatting and parsing follow.
    public static let runtimeBehaviour = ".NET 6/7 (Core 3.0+ floating-point formatting)"
}
