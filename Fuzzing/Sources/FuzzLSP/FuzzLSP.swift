import FuzzSupport
import Foundation
import PolicyCheck

/// `policycheck lsp`'s input on arbitrary bytes: the first byte picks how the rest is cut into
/// reads (as a pipe would deliver it), the framing splits messages, the server handles each and
/// publishes diagnostics when no message is pending. It traps when the server crashes, hangs or
/// stops answering a request (every message with an `id` gets exactly one reply).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLSP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let bytes = fuzzBytes(data, size), let first = bytes.first else { return 0 }
    let chunk = Int(first % 64) + 1
    let server = LanguageServer()
    var framing = LSPFraming()
    var rest = bytes.dropFirst()[...]
    while !rest.isEmpty, server.exitStatus == nil {
        framing.append(Data(rest.prefix(chunk)))
        rest = rest.dropFirst(chunk)
        while let frame = framing.next() {
            guard case .message(let body) = frame else { continue }
            let replies = server.handle(body)
            if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], object["id"] != nil, object["method"] is String,
               object["method"] as? String != "exit" {
                let answered = replies.filter { reply in
                    (try? JSONSerialization.jsonObject(with: reply) as? [String: Any])?["method"] == nil
                }
                if answered.count != 1 { fatalError("a request got \(answered.count) replies") }
            }
            if !framing.hasPendingFrame { _ = server.pendingDiagnostics() }
        }
    }
    return 0
}

@_cdecl("FuzzLSP_main")
public func FuzzLSPMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzLSP)
}
