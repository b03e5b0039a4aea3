/// The text of one input file, kept as UTF-8 bytes, with a line table so that any byte offset
/// can be turned into a 1-based line and column of the ORIGINAL file.
public struct SourceFile: Sendable {
    /// The path as the user gave it; printed in diagnostics.
    public let path: String
    /// The original bytes, exactly as read (BOM and CRLF included).
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line.
    public let lineStarts: [Int]
    /// The number of scalars (bytes that are not UTF-8 continuation bytes) before every
    /// `checkpointStride`-th byte, so that a column costs at most one stride of counting however
    /// long the line is (a one-line file with thousands of findings stays linear; Docs/limits.md).
    /// Nil for an all-ASCII file, where every byte is a scalar.
    let scalarCheckpoints: [Int]?
    static let checkpointStride = 128

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        (lineStarts, scalarCheckpoints) = bytes.withUnsafeBufferPointer { buffer in
            (Self.lineStarts(of: buffer), Self.scalarCheckpoints(of: buffer))
        }
    }

    /// Byte offsets where lines start: after each LF, lone CR and CRLF pair.
    private static func lineStarts(of bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var starts = [0]
        if bytes.firstIndex(of: 0x0D, from: 0) == nil {
            // No CR (the usual case): every line ends at an LF.
            var next = bytes.firstIndex(of: 0x0A, from: 0)
            while let newline = next {
                starts.append(newline + 1)
                next = bytes.firstIndex(of: 0x0A, from: newline + 1)
            }
            return starts
        }
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            index += 1
            if byte == 0x0A {
                starts.append(index)
            } else if byte == 0x0D {
                if index < count, bytes[index] == 0x0A { index += 1 }
                starts.append(index)
            }
        }
        return starts
    }

    /// The scalar count before every stride's first byte (and at the end when it falls on one),
    /// or nil when the file is all ASCII.
    private static func scalarCheckpoints(of bytes: UnsafeBufferPointer<UInt8>) -> [Int]? {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        guard high & 0x80 != 0 else { return nil }
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(bytes.count / checkpointStride + 1)
        var scalars = 0
        var start = 0
        while start < bytes.count {
            checkpoints.append(scalars)
            for index in start..<min(start + checkpointStride, bytes.count) where bytes[index] & 0xC0 != 0x80 { scalars += 1 }
            start += checkpointStride
        }
        if bytes.count % checkpointStride == 0 { checkpoints.append(scalars) }
        return checkpoints
    }

    /// The number of scalars in `bytes[0..<offset]`.
    func scalars(before offset: Int) -> Int {
        guard let scalarCheckpoints else { return offset }
        let checkpoint = offset / Self.checkpointStride
        var count = scalarCheckpoints[checkpoint]
        bytes.withUnsafeBufferPointer { buffer in
            for index in checkpoint * Self.checkpointStride..<offset where buffer[index] & 0xC0 != 0x80 { count += 1 }
        }
        return count
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The whole text decoded as UTF-8 (invalid sequences replaced).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The number of lines in the file.
    public var lineCount: Int { lineStarts.count }

    /// The 1-based line and column of a byte offset. Columns count Unicode scalars, so a
    /// multi-byte character is one column and a tab is one column.
    public func location(at offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let lineIndex = Self.lineIndex(of: clamped, in: lineStarts)
        let start = lineStarts[lineIndex]
        // Count only bytes that start a scalar (not 10xxxxxx continuation bytes).
        var column = 1 + scalars(before: clamped) - scalars(before: start)
        // Skip a UTF-8 byte order mark on the first line: it is not a visible column.
        if lineIndex == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF, clamped >= 3 {
            column -= 1
        }
        return SourceLocation(path: path, line: lineIndex + 1, column: column, offset: clamped)
    }

    /// The byte offset of a 1-based line and column, or nil when outside the file.
    public func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count, column >= 1 else { return nil }
        var index = lineStarts[line - 1]
        if line == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let target = scalars(before: index) + column - 1
        guard let scalarCheckpoints else { return min(target, bytes.count) }
        var low = 0
        var high = scalarCheckpoints.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if scalarCheckpoints[mid] <= target { low = mid } else { high = mid - 1 }
        }
        index = max(index, low * Self.checkpointStride)
        var count = scalars(before: index)
        while index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 {
                if count == target { return index }
                count += 1
            }
            index += 1
        }
        return bytes.count
    }

    /// The text of a 1-based line without its line terminator.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        var start = lineStarts[line - 1]
        if line == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// At most `width` scalars of a 1-based line around a 1-based column, for quoting a line
    /// that may be megabytes long: the text (with `…` where it was cut) and the column of the
    /// original column inside it. A short line comes back whole.
    public func excerpt(line: Int, column: Int, width: Int = 120) -> (text: String, column: Int) {
        guard line >= 1, line <= lineStarts.count else { return ("", 1) }
        var start = lineStarts[line - 1]
        if line == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let lineScalars = scalars(before: end) - scalars(before: start)
        if lineScalars <= width { return (Self.printable(bytes[start..<end]), column) }
        let target = min(max(column, 1), lineScalars + 1)
        let first = max(1, min(target - width / 2, lineScalars - width + 1))
        let last = first + width - 1
        let from = offset(line: line, column: first) ?? start
        let to = min(offset(line: line, column: last + 1) ?? end, end)
        var text = Self.printable(bytes[from..<to])
        var caret = target - first + 1
        if first > 1 {
            text = "…" + text
            caret += 1
        }
        if last < lineScalars { text += "…" }
        return (text, caret)
    }

    /// Decoded text with control characters (other than tab) shown as `�`, one column each, so
    /// that quoting a hostile file cannot send escape sequences to the terminal.
    static func printable(_ slice: ArraySlice<UInt8>) -> String {
        let text = String(decoding: slice, as: UTF8.self)
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(isControl(scalar) ? "\u{FFFD}" : scalar) }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    static func lineIndex(of offset: Int, in starts: [Int]) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// A 1-based line and column in an original file.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    /// Byte offset in the original file (0 when unknown).
    public var offset: Int

    public init(path: String, line: Int, column: Int, offset: Int = 0) {
        self.path = path
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `path:line:col`, as compilers print it.
    public var description: String { "\(path):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
    }
}

/// A half-open range of byte offsets in one original file.
public struct SourceRange: Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    public var length: Int { end - start }
}
