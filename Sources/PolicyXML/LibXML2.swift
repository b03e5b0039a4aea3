// The one file that talks to libxml2: it parses the masked document, collects errors through the
// structured error callback, copies what it needs into Swift values and frees the C tree at once.
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

/// Collects libxml2's structured errors for one parse.
private final class ProblemCollector {
    var problems: [LibXMLProblem] = []
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
        defer { xmlFreeDoc(document) }
        let wellFormed = context.pointee.wellFormed != 0
        var names: [String] = []
        if let root = xmlDocGetRootElement(document) { collectNames(root, into: &names) }
        return LibXMLResult(problems: collector.problems, elementNames: wellFormed ? names : nil)
    }

    /// Pre-order element names, iteratively (no recursion on hostile depth).
    private static func collectNames(_ root: xmlNodePtr, into names: inout [String]) {
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            var name = node.pointee.name.map { String(cString: $0) } ?? ""
            if let namespace = node.pointee.ns, let prefix = namespace.pointee.prefix {
                name = String(cString: prefix) + ":" + name
            }
            names.append(name)
            var children: [xmlNodePtr] = []
            var child = node.pointee.children
            while let current = child {
                children.append(current)
                child = current.pointee.next
            }
            stack.append(contentsOf: children.reversed())
        }
    }
}

