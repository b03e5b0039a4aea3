/// A .NET exception, raised by the simulated .NET library as a thrown Swift error.
///
/// `type` is the .NET exception type name without namespace (`FormatException`,
/// `JsonReaderException`, `InvalidCastException`, `ArgumentException`, …) and `message`
/// is the exact message text .NET would put in `Exception.Message`.
public struct DotNetException: Error, Sendable, Hashable, CustomStringConvertible {
    /// The .NET exception type name, e.g. `FormatException`.
    public var type: String
    /// The .NET `Exception.Message` text.
    public var message: String

    /// Creates an exception with a type name and message.
    public init(_ type: String, _ message: String) {
        self.type = type
        self.message = message
    }

    /// Creates an exception with a type name and message.
    public init(type: String, message: String) {
        self.type = type
        self.message = message
    }

    /// `Type: message`, as .NET's `Exception.ToString()` starts.
    public var description: String { "\(type): \(message)" }

    /// `FormatException` with .NET's generic "Input string was not in a correct format."
    public static let inputStringFormat = DotNetException(
        "FormatException", "Input string was not in a correct format.")

    static func format(_ message: String) -> DotNetException { DotNetException("FormatException", message) }
    static func argument(_ message: String) -> DotNetException { DotNetException("ArgumentException", message) }
    static func argumentNull(_ param: String) -> DotNetException {
        DotNetException("ArgumentNullException", "Value cannot be null. (Parameter '\(param)')")
    }
    static func argumentOutOfRange(_ param: String, _ message: String) -> DotNetException {
        DotNetException("ArgumentOutOfRangeException", "\(message) (Parameter '\(param)')")
    }
    static func overflow(_ message: String) -> DotNetException { DotNetException("OverflowException", message) }
    static func invalidCast(_ message: String) -> DotNetException { DotNetException("InvalidCastException", message) }
    static func invalidOperation(_ message: String) -> DotNetException {
        DotNetException("InvalidOperationException", message)
    }
}
