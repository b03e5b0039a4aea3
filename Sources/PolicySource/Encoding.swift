extension SourceFile {
    /// Why the bytes are not UTF-8 text policycheck can read, and where: a UTF-16 or UTF-32 file
    /// (by its byte order mark, or by the zero bytes of ASCII text in those encodings) is refused
    /// by name with the advice to save it as UTF-8; otherwise the first byte sequence that is not
    /// valid UTF-8. nil for valid UTF-8 (with or without a BOM).
    public func encodingProblem() -> (message: String, offset: Int)? {
        if let message = wideEncodingProblem { return (message, 0) }
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 { index += 1; continue }
            let length: Int
            let minimum: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return (invalid(at: index), index)
            }
            guard index + length <= count else { return (invalid(at: index), index) }
            var scalar = UInt32(byte) & (0xFF >> (length + 1))
            for next in bytes[(index + 1)..<(index + length)] {
                guard next & 0xC0 == 0x80 else { return (invalid(at: index), index) }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return (invalid(at: index), index) }
            index += length
        }
        return nil
    }

    private func invalid(at offset: Int) -> String {
        let shown = bytes[offset..<min(offset + 4, bytes.count)].map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
        return "the file is not valid UTF-8 (bytes \(shown)); save it as UTF-8"
    }

    /// The refusal of a UTF-16 or UTF-32 file, naming the encoding; nil for anything else.
    public var wideEncodingProblem: String? {
        wideEncoding().map { "the file is \($0)-encoded; policycheck reads UTF-8 — save it as UTF-8" }
    }

    /// "UTF-16LE", "UTF-16BE", "UTF-32LE" or "UTF-32BE" when the file starts like one.
    private func wideEncoding() -> String? {
        let b = bytes
        if b.count >= 4, b[0] == 0xFF, b[1] == 0xFE, b[2] == 0, b[3] == 0 { return "UTF-32LE" }
        if b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 0xFE, b[3] == 0xFF { return "UTF-32BE" }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return "UTF-16LE" }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return "UTF-16BE" }
        // No mark: ASCII text in a wide encoding has zero bytes next to every character.
        if b.count >= 4, b[0] != 0, b[1] == 0, b[2] == 0, b[3] == 0 { return "UTF-32LE" }
        if b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 0, b[3] != 0 { return "UTF-32BE" }
        if b.count >= 4, b[0] != 0, b[1] == 0, b[2] != 0, b[3] == 0 { return "UTF-16LE" }
        if b.count >= 4, b[0] == 0, b[1] != 0, b[2] == 0, b[3] != 0 { return "UTF-16BE" }
        return nil
    }
}
