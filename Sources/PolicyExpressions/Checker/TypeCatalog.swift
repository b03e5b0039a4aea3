/// Member lists of the types the checker knows completely: the `context` object model and the
/// .NET types whose public members are listed in full here. A member maps to its result type
/// (nil when not tracked). Types absent from these tables are never checked.
public enum TypeCatalog {
    /// Instance members per type.
    public static let members: [String: [String: String?]] = [
        "IProxyRequestContext": [
            "Api": "IApi", "Deployment": "IDeployment", "Elapsed": "TimeSpan", "LastError": "ILastError", "Operation": "IOperation",
            "Product": "IProduct", "Request": "IRequest", "RequestId": "Guid", "Response": "IResponse", "Subscription": "ISubscription",
            "Timestamp": "DateTime", "Tracing": "Boolean", "User": "IUser", "Variables": "Variables", "Workspace": "IWorkspace",
            "Trace": nil, "GraphQL": nil,
        ],
        "IRequest": [
            "Body": "IMessageBody", "Certificate": nil, "Headers": "Headers", "IpAddress": "String", "MatchedParameters": "StringDictionary",
            "Method": "String", "OriginalUrl": "IUrl", "Url": "IUrl", "PrivateEndpointConnection": "IPrivateEndpointConnection",
        ],
        "IResponse": ["Body": "IMessageBody", "Headers": "Headers", "StatusCode": "Int32", "StatusReason": "String"],
        "IUrl": ["Host": "String", "Path": "String", "Port": "Int32", "Query": "QueryDictionary", "QueryString": "String", "Scheme": "String", "ToUri": "Uri"],
        "Uri": [
            "AbsolutePath": "String", "AbsoluteUri": "String", "Authority": "String", "DnsSafeHost": "String", "Fragment": "String",
            "Host": "String", "HostNameType": nil, "IdnHost": "String", "IsAbsoluteUri": "Boolean", "IsDefaultPort": "Boolean",
            "IsFile": "Boolean", "IsLoopback": "Boolean", "IsUnc": "Boolean", "LocalPath": "String", "OriginalString": "String",
            "PathAndQuery": "String", "Port": "Int32", "Query": "String", "Scheme": "String", "Segments": "String[]",
            "UserEscaped": "Boolean", "UserInfo": "String", "GetComponents": "String", "GetLeftPart": "String", "IsBaseOf": "Boolean",
            "IsWellFormedOriginalString": "Boolean", "MakeRelative": "String", "MakeRelativeUri": "Uri", "TryFormat": "Boolean",
        ],
        "IGroup": ["Id": "String", "Name": "String"],
        "IUserIdentity": ["Id": "String", "Provider": "String"],
        "ISubscriptionKeyParameterNames": ["Header": "String", "Query": "String"],
        "IGateway": ["Id": "String", "InstanceId": "String", "IsManaged": "Boolean"],
        "ISustainabilityInfo": ["CurrentCarbonIntensity": nil],
        "IPrivateEndpointConnection": ["Name": "String", "GroupId": "String", "MemberName": "String"],
        "IMessageBody": ["As": nil, "AsFormUrlEncodedContent": nil],
        "ILastError": ["Source": "String", "Reason": "String", "Message": "String", "Scope": "String", "Section": "String", "Path": "String", "PolicyId": "String"],
        "IApi": ["Id": "String", "Name": "String", "Path": "String", "Revision": "String", "ServiceUrl": "IUrl", "Version": "String", "IsCurrentRevision": "Boolean", "Workspace": "IWorkspace", "ApiVersionSet": nil, "Protocols": nil, "SubscriptionKeyParameterNames": "ISubscriptionKeyParameterNames"],
        "IOperation": ["Id": "String", "Method": "String", "Name": "String", "UrlTemplate": "String"],
        "IProduct": ["Apis": nil, "ApprovalRequired": "Boolean", "Groups": nil, "Id": "String", "Name": "String", "State": nil, "SubscriptionLimit": nil, "SubscriptionsLimit": nil, "SubscriptionRequired": "Boolean", "Workspace": "IWorkspace"],
        "ISubscription": ["CreatedDate": "DateTime", "EndDate": nil, "Id": "String", "Key": "String", "Name": "String", "PrimaryKey": "String", "SecondaryKey": "String", "StartDate": nil],
        "IUser": ["Email": "String", "FirstName": "String", "Groups": nil, "Id": "String", "Identities": nil, "LastName": "String", "Note": "String", "RegistrationDate": "DateTime"],
        "IDeployment": ["GatewayId": "String", "Region": "String", "ServiceId": "String", "ServiceName": "String", "Certificates": nil, "Gateway": "IGateway", "SustainabilityInfo": "ISustainabilityInfo"],
        "IWorkspace": ["Id": "String", "Name": "String"],
        "Jwt": ["Algorithm": "String", "Audiences": "String[]", "Claims": "Claims", "ExpirationTime": nil, "Id": "String", "Issuer": "String", "IssuedAt": nil, "NotBefore": nil, "Subject": "String", "Type": "String"],
        "BasicAuthCredentials": ["UserId": "String", "Password": "String"],
        "Headers": readOnlyDictionary(getValueOrDefault: "String"),
        "QueryDictionary": readOnlyDictionary(getValueOrDefault: "String"),
        "StringDictionary": readOnlyDictionary(getValueOrDefault: "String"),
        "Claims": readOnlyDictionary(getValueOrDefault: "String"),
        "Variables": readOnlyDictionary(getValueOrDefault: nil),
        "String": [
            "Length": "Int32", "Chars": "Char", "Clone": nil, "CompareTo": "Int32", "Contains": "Boolean", "CopyTo": nil, "EndsWith": "Boolean",
            "EnumerateRunes": nil, "GetEnumerator": nil, "GetPinnableReference": nil, "GetTypeCode": nil, "IndexOf": "Int32", "IndexOfAny": "Int32",
            "Insert": "String", "IsNormalized": "Boolean", "LastIndexOf": "Int32", "LastIndexOfAny": "Int32", "Normalize": "String",
            "PadLeft": "String", "PadRight": "String", "Remove": "String", "Replace": "String", "ReplaceLineEndings": "String", "Split": "String[]",
            "StartsWith": "Boolean", "Substring": "String", "ToCharArray": "Char[]", "ToLower": "String", "ToLowerInvariant": "String",
            "ToUpper": "String", "ToUpperInvariant": "String", "Trim": "String", "TrimEnd": "String", "TrimStart": "String", "TryCopyTo": "Boolean",
            "AsJwt": "Jwt", "TryParseJwt": "Boolean", "AsBasic": "BasicAuthCredentials", "TryParseBasic": "Boolean", "Encrypt": nil, "Decrypt": nil,
        ],
        "Int32": numeric, "Int64": numeric, "Double": numeric, "Boolean": numeric, "Decimal": numeric, "Single": numeric, "Byte": numeric,
        "Char": numeric,
        "TimeSpan": [
            "Days": "Int32", "Hours": "Int32", "Milliseconds": "Int32", "Microseconds": "Int32", "Nanoseconds": "Int32", "Minutes": "Int32",
            "Seconds": "Int32", "Ticks": "Int64", "TotalDays": "Double", "TotalHours": "Double", "TotalMilliseconds": "Double",
            "TotalMicroseconds": "Double", "TotalNanoseconds": "Double", "TotalMinutes": "Double", "TotalSeconds": "Double", "Add": "TimeSpan",
            "Subtract": "TimeSpan", "Negate": "TimeSpan", "Duration": "TimeSpan", "Multiply": "TimeSpan", "Divide": nil, "CompareTo": "Int32",
            "TryFormat": "Boolean",
        ],
        "DateTime": [
            "Date": "DateTime", "Day": "Int32", "DayOfWeek": nil, "DayOfYear": "Int32", "Hour": "Int32", "Kind": nil, "Microsecond": "Int32",
            "Millisecond": "Int32", "Minute": "Int32", "Month": "Int32", "Nanosecond": "Int32", "Second": "Int32", "Ticks": "Int64",
            "TimeOfDay": "TimeSpan", "Year": "Int32", "Add": "DateTime", "AddDays": "DateTime", "AddHours": "DateTime",
            "AddMicroseconds": "DateTime", "AddMilliseconds": "DateTime", "AddMinutes": "DateTime", "AddMonths": "DateTime",
            "AddSeconds": "DateTime", "AddTicks": "DateTime", "AddYears": "DateTime", "CompareTo": "Int32", "Deconstruct": nil,
            "GetDateTimeFormats": nil, "GetTypeCode": nil, "IsDaylightSavingTime": "Boolean", "Subtract": nil, "ToBinary": "Int64",
            "ToFileTime": "Int64", "ToFileTimeUtc": "Int64", "ToLocalTime": "DateTime", "ToLongDateString": "String",
            "ToLongTimeString": "String", "ToOADate": "Double", "ToShortDateString": "String", "ToShortTimeString": "String",
            "ToUniversalTime": "DateTime", "TryFormat": "Boolean",
        ],
    ]

    /// Members every object has.
    public static let objectMembers: [String: String?] = ["ToString": "String", "Equals": "Boolean", "GetHashCode": "Int32", "GetType": nil]

    /// Static members per type.
    public static let staticMembers: [String: [String: String?]] = [
        "String": [
            "Compare": "Int32", "CompareOrdinal": "Int32", "Concat": "String", "Copy": "String", "Create": "String", "Empty": "String",
            "Equals": "Boolean", "Format": "String", "Intern": "String", "IsInterned": "String", "IsNullOrEmpty": "Boolean",
            "IsNullOrWhiteSpace": "Boolean", "Join": "String", "ReferenceEquals": "Boolean",
        ],
        "Math": [
            "Abs": nil, "Acos": "Double", "Acosh": "Double", "Asin": "Double", "Asinh": "Double", "Atan": "Double", "Atan2": "Double",
            "Atanh": "Double", "BigMul": nil, "BitDecrement": "Double", "BitIncrement": "Double", "Cbrt": "Double", "Ceiling": nil,
            "Clamp": nil, "CopySign": "Double", "Cos": "Double", "Cosh": "Double", "DivRem": nil, "E": "Double", "Exp": "Double",
            "Floor": nil, "FusedMultiplyAdd": "Double", "IEEERemainder": "Double", "ILogB": "Int32", "Log": "Double", "Log10": "Double",
            "Log2": "Double", "Max": nil, "MaxMagnitude": "Double", "Min": nil, "MinMagnitude": "Double", "PI": "Double", "Pow": "Double",
            "ReciprocalEstimate": "Double", "ReciprocalSqrtEstimate": "Double", "Round": nil, "ScaleB": "Double", "Sign": "Int32",
            "Sin": "Double", "SinCos": nil, "Sinh": "Double", "Sqrt": "Double", "Tan": "Double", "Tanh": "Double", "Tau": "Double",
            "Truncate": nil, "Equals": "Boolean", "ReferenceEquals": "Boolean",
        ],
        "Convert": [
            "ChangeType": nil, "DBNull": nil, "FromBase64CharArray": "Byte[]", "FromBase64String": "Byte[]", "FromHexString": "Byte[]",
            "GetTypeCode": nil, "IsDBNull": "Boolean", "ToBase64CharArray": "Int32", "ToBase64String": "String", "ToBoolean": "Boolean",
            "ToByte": "Byte", "ToChar": "Char", "ToDateTime": "DateTime", "ToDecimal": "Decimal", "ToDouble": "Double",
            "ToHexString": "String", "ToHexStringLower": "String", "ToInt16": nil, "ToInt32": "Int32", "ToInt64": "Int64", "ToSByte": nil,
            "ToSingle": "Single", "ToString": "String", "ToUInt16": nil, "ToUInt32": nil, "ToUInt64": "UInt64", "TryFromBase64Chars": "Boolean",
            "TryFromBase64String": "Boolean", "TryToBase64Chars": "Boolean", "TryFromHexString": nil, "Equals": "Boolean",
            "ReferenceEquals": "Boolean",
        ],
    ]

    /// What `x[i]` gives for a type (nil entry: not tracked).
    public static let indexerResult: [String: String?] = [
        "Headers": "String[]", "QueryDictionary": "String[]", "StringDictionary": "String", "Claims": "String[]", "Variables": nil, "String": "Char",
    ]

    /// Types whose values are enumerable (LINQ methods apply).
    static let enumerableTypes: Set<String> = ["Headers", "QueryDictionary", "StringDictionary", "Claims", "Variables", "String"]

    /// The name shown in messages.
    public static func displayName(_ type: String) -> String {
        switch type {
        case "Headers", "QueryDictionary", "Claims": "IReadOnlyDictionary<string, string[]>"
        case "StringDictionary": "IReadOnlyDictionary<string, string>"
        case "Variables": "IReadOnlyDictionary<string, object>"
        default: type
        }
    }

    private static let numeric: [String: String?] = ["CompareTo": "Int32", "GetTypeCode": nil, "TryFormat": "Boolean", "HasValue": "Boolean", "Value": nil, "GetValueOrDefault": nil]

    private static func readOnlyDictionary(getValueOrDefault: String?) -> [String: String?] {
        ["GetValueOrDefault": getValueOrDefault, "ContainsKey": "Boolean", "TryGetValue": "Boolean", "Count": "Int32", "Keys": nil,
         "Values": nil, "GetEnumerator": nil]
    }
}
