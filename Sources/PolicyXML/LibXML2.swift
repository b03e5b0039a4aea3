// The one file that talks to libxml2: it checks the masked document through SAX callbacks (no C
// tree is built), collects errors through the structured error callback and the element names.
internal import CLibXML2
import PolicySource

/// A problem libxml2 reported, with its position in the parsed buffer.
struct LibXMLProblem {
    var line: Int
    var column: Int
    var message: String
    var isWarning: Bool
}

/// What libxml2 made of a document.
struct LibXMLResult {
    var problems: [LibXMLProblem]
    /// Qualified element names in document order, when the document was well-formed.
    var elementNames: [String]?
}

/// Collects libxml2's structured errors and the element names of one parse.
private final class ProblemCollector {
    var problems: [LibXMLProblem] = []
    var names: [String] = []
}

enum LibXML2 {
    /// libxml2's global initialisation is not safe to race; Swift runs a static `let`
    /// initialiser exactly once, whichever thread gets there first.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses `bytes` without network access, DTD loading or entity expansion.
    static func parse(_ bytes: [UInt8]) -> LibXMLResult {
        guard bytes.count < Int(Int32.max) else {
            return LibXMLResult(problems: [LibXMLProblem(line: 1, column: 1, message: "document too large", isWarning: false)])
        }
        _ = initialized
        // Silence libxml2's generic (stderr) channel: everything arrives through `serror`.
        policycheck_silence_generic_errors()
        guard let context = xmlNewParserCtxt() else {
            return LibXMLResult(problems: [LibXMLProblem(line: 1, column: 1, message: "libxml2 could not allocate a parser", isWarning: false)])
        }
        defer { xmlFreeParserCtxt(context) }
        let collector = ProblemCollector()
        let retained = Unmanaged.passRetained(collector)
        defer { retained.release() }
        context.pointee._private = retained.toOpaque()
        context.pointee.sax.pointee.serror = { userData, error in
            guard let error, let userData else { return }
            let parserContext = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let opaque = parserContext.pointee._private else { return }
            let collector = Unmanaged<ProblemCollector>.fromOpaque(opaque).takeUnretainedValue()
            var message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
            while message.last == "\n" || message.last == " " { message.removeLast() }
            collector.problems.append(LibXMLProblem(
                line: Int(error.pointee.line),
                column: Int(error.pointee.int2),
                message: message,
                isWarning: error.pointee.level == XML_ERR_WARNING))
        }
        // SAX only: libxml2 checks the document and hands over each element's name; it builds no
        // tree (nothing of it was used but the names, and building and freeing it cost more than
        // the parse). The other content callbacks are off; start/end of document stay, so that
        // a well-formed document still comes back as one.
        let sax = context.pointee.sax!
        sax.pointee.startElementNs = { userData, localName, prefix, _, _, _, _, _, _ in
            guard let userData, let localName else { return }
            let parserContext = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let opaque = parserContext.pointee._private else { return }
            let collector = Unmanaged<ProblemCollector>.fromOpaque(opaque).takeUnretainedValue()
            let name = String(cString: localName)
            collector.names.append(prefix.map { String(cString: $0) + ":" + name } ?? name)
        }
        sax.pointee.endElementNs = nil
        sax.pointee.characters = nil
        sax.pointee.ignorableWhitespace = nil
        sax.pointee.cdataBlock = nil
        // A comment callback that does nothing, not none: libxml2 keeps a comment's text (and
        // quotes it in "Double hyphen within comment: <!--…") only when someone listens.
        sax.pointee.comment = { _, _ in }
        sax.pointee.processingInstruction = nil
        sax.pointee.reference = nil
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    xmlCtxtReadMemory(context, chars, Int32(buffer.count), nil, nil, options)
                }
            }
        }
        guard let document else {
            if collector.problems.isEmpty {
                collector.problems.append(LibXMLProblem(line: 1, column: 1, message: "Document is empty", isWarning: false))
            }
            return LibXMLResult(problems: collector.problems, elementNames: nil)
        }
        xmlFreeDoc(document)
        let wellFormed = context.pointee.wellFormed != 0
        return LibXMLResult(problems: collector.problems, elementNames: wellFormed ? collector.names : nil)
    }
}
