import Foundation
import Testing

/// `policycheck lsp` driven through a real session on the built binary: initialize → didOpen →
/// diagnostics → hover → didChange → completion → codeAction → shutdown → exit, and bad input
/// that must be answered per the protocol while the server keeps running.
@Suite struct LSPTests {
    /// A running server: messages in, framed messages out (read on a background thread).
    final class Session: @unchecked Sendable {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        private let lock = NSLock()
        private var buffer = Data()
        private var nextID = 0

        init() throws {
            process.executableURL = try CLIRunner.binary
            process.arguments = ["lsp"]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock(); self.buffer.append(data); self.lock.unlock()
            }
        }

        func sendRaw(_ data: Data) { input.fileHandleForWriting.write(data) }

        func send(_ object: [String: Any]) throws {
            let body = try JSONSerialization.data(withJSONObject: object)
            sendRaw(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
        }

        @discardableResult
        func request(_ method: String, _ params: Any = [String: Any]()) throws -> Int {
            nextID += 1
            try send(["jsonrpc": "2.0", "id": nextID, "method": method, "params": params])
            return nextID
        }

        func notify(_ method: String, _ params: Any) throws {
            try send(["jsonrpc": "2.0", "method": method, "params": params])
        }

        /// The received messages so far, parsed.
        func messages() -> [[String: Any]] {
            lock.lock(); let data = buffer; lock.unlock()
            var out: [[String: Any]] = []
            var rest = data
            while let end = rest.range(of: Data("\r\n\r\n".utf8)) {
                let header = String(decoding: rest[rest.startIndex..<end.lowerBound], as: UTF8.self)
                guard let length = Int(header.replacingOccurrences(of: "Content-Length: ", with: "")),
                      rest.distance(from: end.upperBound, to: rest.endIndex) >= length else { break }
                let bodyEnd = rest.index(end.upperBound, offsetBy: length)
                if let object = try? JSONSerialization.jsonObject(with: rest[end.upperBound..<bodyEnd]) as? [String: Any] { out.append(object) }
                rest = Data(rest[bodyEnd...])
            }
            return out
        }

        /// Waits (up to 20 s) for a message that `matches`.
        func wait(for description: String, _ matches: ([String: Any]) -> Bool) throws -> [String: Any] {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if let found = messages().last(where: matches) { return found }
                Thread.sleep(forTimeInterval: 0.02)
            }
            throw SessionError(message: "no \(description) in \(messages())")
        }

        func reply(to id: Int) throws -> [String: Any] {
            try wait(for: "reply to \(id)") { ($0["id"] as? Int) == id }
        }
    }

    struct SessionError: Error, CustomStringConvertible { var message: String; var description: String { message } }

    static let uri = "file:///tmp/policycheck-lsp/policy.xml"
    static let text = "<policies>\n  <inbound>\n    <set-header name=\"x\" exists-action=\"overide\"><value>1</value></set-header>\n    <rate-limt calls=\"1\" renewal-period=\"60\" />\n  </inbound>\n  <backend><forward-request /></backend>\n  <outbound />\n  <on-error />\n</policies>\n"

    @Test func aWholeSession() throws {
        let session = try Session()
        defer { if session.process.isRunning { session.process.terminate() } }
        let initialize = try session.reply(to: session.request("initialize", ["processId": NSNull(), "rootUri": NSNull(), "capabilities": [String: Any]()]))
        let capabilities = try #require((initialize["result"] as? [String: Any])?["capabilities"] as? [String: Any])
        #expect(capabilities["hoverProvider"] as? Bool == true)
        try session.notify("initialized", [String: Any]())
        try session.notify("textDocument/didOpen", ["textDocument": ["uri": Self.uri, "languageId": "xml", "version": 1, "text": Self.text]])
        let published = try session.wait(for: "diagnostics") { $0["method"] as? String == "textDocument/publishDiagnostics" }
        let diagnostics = try #require((published["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["code"] as? String } == ["attribute-value", "policy-unknown"])
        let first = try #require(diagnostics.first?["range"] as? [String: Any])
        #expect((first["start"] as? [String: Any])?["line"] as? Int == 2)
        #expect((first["start"] as? [String: Any])?["character"] as? Int == 40)

        // Hover on the policy name and on an attribute.
        let hover = try session.reply(to: session.request("textDocument/hover", ["textDocument": ["uri": Self.uri], "position": ["line": 2, "character": 7]]))
        let contents = try #require(((hover["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)
        #expect(contents.hasPrefix("**set-header** — "))
        #expect(contents.contains("learn.microsoft.com"))

        // A quick fix for the did-you-mean.
        let fix = try session.reply(to: session.request("textDocument/codeAction", [
            "textDocument": ["uri": Self.uri], "range": diagnostics[1]["range"] as Any, "context": ["diagnostics": [diagnostics[1]]],
        ]))
        let action = try #require((fix["result"] as? [[String: Any]])?.first)
        #expect(action["title"] as? String == "Change to 'rate-limit'")
        let edit = try #require((((action["edit"] as? [String: Any])?["changes"] as? [String: Any])?[Self.uri] as? [[String: Any]])?.first)
        #expect(edit["newText"] as? String == "rate-limit")
        #expect(((edit["range"] as? [String: Any])?["start"] as? [String: Any])?["character"] as? Int == 5)
        #expect(((edit["range"] as? [String: Any])?["end"] as? [String: Any])?["character"] as? Int == 14)

        // Change: the fixed document has no findings; then complete inside it.
        let fixed = Self.text.replacingOccurrences(of: "overide", with: "override").replacingOccurrences(of: "rate-limt", with: "rate-limit")
            .replacingOccurrences(of: "<value>1</value>", with: "<value>@(context.Request.)</value>")
        try session.notify("textDocument/didChange", ["textDocument": ["uri": Self.uri, "version": 2], "contentChanges": [["text": fixed]]])
        // Only the half-typed expression is left.
        _ = try session.wait(for: "the half-typed expression's diagnostic") {
            $0["method"] as? String == "textDocument/publishDiagnostics"
                && ((($0["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]])?.map { $0["code"] as? String }) == ["expression-syntax"]
        }
        let line = fixed.split(separator: "\n", omittingEmptySubsequences: false)[2]
        let column = line.utf16.count - line.components(separatedBy: "context.Request.").last!.utf16.count
        let members = try session.reply(to: session.request("textDocument/completion", ["textDocument": ["uri": Self.uri], "position": ["line": 2, "character": column]]))
        let labels = (members["result"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
        #expect(labels.contains("Headers") && labels.contains("Method") && labels.contains("Url"), "\(labels)")
        let policies = try session.reply(to: session.request("textDocument/completion", ["textDocument": ["uri": Self.uri], "position": ["line": 5, "character": 12]]))
        let names = (policies["result"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
        #expect(names.contains("forward-request") && !names.contains("rate-limit"), "backend-section completion: \(names.prefix(20))")

        let shutdown = try session.reply(to: session.request("shutdown"))
        #expect(shutdown["result"] is NSNull)
        try session.notify("exit", [String: Any]())
        session.process.waitUntilExit()
        #expect(session.process.terminationStatus == 0)
    }

    @Test func badInputIsAnsweredAndTheServerKeepsRunning() throws {
        let session = try Session()
        defer { if session.process.isRunning { session.process.terminate() } }
        // Malformed JSON, a message without a header, an unknown method, a change before open.
        let junk = Data("{not json".utf8)
        session.sendRaw(Data("Content-Length: \(junk.count)\r\n\r\n".utf8) + junk)
        _ = try session.wait(for: "parse error") { (($0["error"] as? [String: Any])?["code"] as? Int) == -32700 }
        session.sendRaw(Data("Content-Type: nothing\r\n\r\n".utf8))
        let unknown = try session.reply(to: session.request("textDocument/frobnicate"))
        #expect((unknown["error"] as? [String: Any])?["code"] as? Int == -32601)
        try session.notify("textDocument/didChange", ["textDocument": ["uri": "file:///tmp/never-opened.xml", "version": 2], "contentChanges": [["text": "<policies />"]]])
        _ = try session.wait(for: "log message") { ($0["method"] as? String) == "window/logMessage" }
        // A 10 MB document is linted and answered.
        let big = "<policies><inbound>" + String(repeating: "<set-variable name=\"a\" value=\"b\" />\n", count: 280_000) + "</inbound></policies>"
        try session.notify("textDocument/didOpen", ["textDocument": ["uri": "file:///tmp/big.xml", "languageId": "xml", "version": 1, "text": big]])
        _ = try session.wait(for: "diagnostics of the big document") {
            $0["method"] as? String == "textDocument/publishDiagnostics" && (($0["params"] as? [String: Any])?["uri"] as? String) == "file:///tmp/big.xml"
        }
        let initialize = try session.reply(to: session.request("initialize", ["capabilities": [String: Any]()]))
        #expect(initialize["result"] != nil)
        try session.notify("exit", [String: Any]())
        session.process.waitUntilExit()
        #expect(session.process.terminationStatus == 1, "exit without shutdown is status 1, as LSP says")
    }
}
