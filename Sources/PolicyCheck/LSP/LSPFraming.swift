import Foundation

/// The base protocol of the Language Server Protocol: each message is `Content-Length: N`
/// (and optional other headers), an empty line, then N bytes of JSON-RPC. Messages are read
/// out of a growing buffer, so a reader can tell whether another complete message is already
/// waiting (the server's debounce: diagnostics wait until no change is pending).
public struct LSPFraming {
    /// A message body larger than this is refused (the stream stays in step: its bytes are skipped).
    public static let maximumMessageBytes = 64 * 1024 * 1024

    public enum Frame: Equatable {
        /// One message body.
        case message(Data)
        /// A header block without a valid Content-Length (skipped); the reason.
        case badHeader(String)
        /// A body over the limit (skipped); its length.
        case tooLarge(Int)
    }

    private var buffer = Data()
    private var skipping = 0

    public init() {}

    /// Adds bytes read from the client.
    public mutating func append(_ data: Data) {
        buffer.append(data)
    }

    /// The next complete frame, or nil when more bytes are needed.
    public mutating func next() -> Frame? {
        if skipping > 0 {
            let dropped = min(skipping, buffer.count)
            buffer.removeFirst(dropped)
            skipping -= dropped
            if skipping > 0 { return nil }
        }
        guard let end = buffer.range(of: Data("\r\n\r\n".utf8)) else {
            if buffer.count > 64 * 1024 {
                // No header ends in 64 KiB: not a header at all. Drop it and say so.
                buffer.removeAll()
                return .badHeader("no header block in 64 KiB of input")
            }
            return nil
        }
        let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
        let bodyStart = end.upperBound
        var length: Int?
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length, length >= 0 else {
            buffer.removeSubrange(buffer.startIndex..<bodyStart)
            return .badHeader("missing or invalid Content-Length in '\(header.prefix(200))'")
        }
        if length > Self.maximumMessageBytes {
            buffer.removeSubrange(buffer.startIndex..<bodyStart)
            skipping = length
            return .tooLarge(length)
        }
        guard buffer.distance(from: bodyStart, to: buffer.endIndex) >= length else { return nil }
        let bodyEnd = buffer.index(bodyStart, offsetBy: length)
        let body = Data(buffer[bodyStart..<bodyEnd])
        buffer.removeSubrange(buffer.startIndex..<bodyEnd)
        return .message(body)
    }

    /// Whether a complete frame is already buffered.
    public var hasPendingFrame: Bool {
        guard let end = buffer.range(of: Data("\r\n\r\n".utf8)) else { return false }
        let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self).lowercased()
        guard let range = header.range(of: "content-length:") else { return true }
        let digits = header[range.upperBound...].prefix { $0 == " " || $0.isNumber }.trimmingCharacters(in: .whitespaces)
        guard let length = Int(digits) else { return true }
        return buffer.distance(from: end.upperBound, to: buffer.endIndex) >= length
    }

    /// A message framed for the client.
    public static func frame(_ body: Data) -> Data {
        var out = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
        out.append(body)
        return out
    }
}
