import PolicyXML
import PolicySource
let parser = PolicyXMLParser()
for path in CommandLine.arguments.dropFirst() {
    do {
        let (_, result) = try parser.parse(contentsOf: path)
        for d in result.diagnostics { print(d) }
        if result.document == nil && result.diagnostics.isEmpty { print("\(path): no document") }
    } catch { print(error) }
}
