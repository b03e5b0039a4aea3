/// Decodes XML text from the original bytes: predefined entities, character references and
/// end-of-line handling, keeping an `OffsetMap` back to the original offsets.
enum EntityDecoder {
    /// Decodes `bytes[range]`. With `normalizeAttribute`, tabs and line breaks become spaces, as
    /// XML attribute-value normalisation requires; otherwise CRLF and CR become LF.
    /// `marks` are original offsets whose decoded offsets the caller wants back.
    static func decode(
        _ bytes: [UInt8], _ range: Range<Int>, normalizeAttribute: Bool, marks: [Int] = []
    ) -> (text: String, map: OffsetMap, marks: [Int]) {
        if !needsDecoding(bytes, range, normalizeAttribute: normalizeAttribute) {
            // Most text has nothing to replace: the bytes are the text, offsets shift by the start.
            let text = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
            let markResults = marks.map { range.contains($0) || $0 == range.upperBound ? $0 - range.lowerBound : -1 }
            return (text, OffsetMap(base: range.lowerBound, breakpoints: []), markResults)
        }
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var points: [OffsetMap.Breakpoint] = []
        var markResults = marks.map { _ in -1 }
        var index = range.lowerBound
        let end = range.upperBound
        func recordMarks(_ at: Int) {
            if marks.isEmpty { return }
            for (position, mark) in marks.enumerated() where mark == at && markResults[position] < 0 {
                markResults[position] = output.count
            }
        }
        while index < end {
            recordMarks(index)
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), let length = CharReader.entityLength(bytes, at: index, limit: end),
                let scalar = reference(bytes[(index + 1)..<(index + length - 1)])
            {
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
                index += length
                points.append(.init(decoded: output.count, original: index))
                continue
            }
            if byte == 0x0D {
                output.append(normalizeAttribute ? 0x20 : 0x0A)
                index += (index + 1 < end && bytes[index + 1] == 0x0A) ? 2 : 1
                points.append(.init(decoded: output.count, original: index))
                continue
            }
            if normalizeAttribute, byte == 0x0A || byte == 0x09 {
                output.append(0x20)
            } else {
                output.append(byte)
            }
            index += 1
        }
        recordMarks(end)
        return (String(decoding: output, as: UTF8.self), OffsetMap(base: range.lowerBound, breakpoints: points), markResults)
    }

    /// Whether `bytes[range]` holds a byte that decoding replaces: `&`, CR, and with attribute
    /// normalisation LF and tab.
    private static func needsDecoding(_ bytes: [UInt8], _ range: Range<Int>, normalizeAttribute: Bool) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            if !normalizeAttribute {
                let part = UnsafeBufferPointer(rebasing: buffer[range])
                return part.firstIndex(of: UInt8(ascii: "&"), from: 0) != nil || part.firstIndex(of: 0x0D, from: 0) != nil
            }
            for index in range {
                let byte = buffer[index]
                if byte == UInt8(ascii: "&") || byte == 0x0D || (normalizeAttribute && (byte == 0x0A || byte == 0x09)) { return true }
            }
            return false
        }
    }

    /// The character a predefined entity or character reference (without `&` and `;`) stands for.
    static func reference(_ body: ArraySlice<UInt8>) -> Unicode.Scalar? {
        switch String(decoding: body, as: UTF8.self) {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default: return characterReference(body)
        }
    }

    /// `#123` or `#x7B`.
    static func characterReference(_ body: ArraySlice<UInt8>) -> Unicode.Scalar? {
        guard body.first == UInt8(ascii: "#") else { return nil }
        var digits = body.dropFirst()
        var radix: UInt32 = 10
        if digits.first == UInt8(ascii: "x") {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        var value: UInt32 = 0
        for digit in digits {
            let number: UInt32
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): number = UInt32(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: number = UInt32(digit - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: number = UInt32(digit - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value * radix + number
        }
        return Unicode.Scalar(value)
    }
}
