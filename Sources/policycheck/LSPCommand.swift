import ArgumentParser
import Foundation
import PolicyCheck

/// `policycheck lsp`: the Language Server Protocol over stdio (Docs/lsp.md).
struct LSP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve the Language Server Protocol over stdin/stdout: diagnostics, hover, completion, definition and quick fixes for policy documents.",
        discussion: "Editors start it as a language server for XML policy files (Docs/lsp.md). It reads JSON-RPC messages with Content-Length framing from stdin and writes replies to stdout; problems with the input are logged to stderr and answered per the protocol, and the server keeps running until `exit`."
    )

    func run() throws {
        let server = LanguageServer()
        var framing = LSPFraming()
        let input = FileHandle.standardInput
        let output = FileHandle.standardOutput
        func send(_ messages: [Data]) {
            for message in messages { output.write(LSPFraming.frame(message)) }
        }
        while server.exitStatus == nil {
            let chunk = input.availableData
            if chunk.isEmpty { break }  // the client closed stdin
            framing.append(chunk)
            while let frame = framing.next() {
                switch frame {
                case .message(let body): send(server.handle(body))
                case .badHeader(let reason): FileHandle.standardError.write(Data("policycheck lsp: skipped input: \(reason)\n".utf8))
                case .tooLarge(let length): FileHandle.standardError.write(Data("policycheck lsp: skipped a message of \(length) bytes (over \(LSPFraming.maximumMessageBytes))\n".utf8))
                }
                if server.exitStatus != nil { break }
                // Debounce: lint once no further message is already waiting.
                if !framing.hasPendingFrame { send(server.pendingDiagnostics()) }
            }
        }
        throw ExitCode(server.exitStatus ?? 1)
    }
}
