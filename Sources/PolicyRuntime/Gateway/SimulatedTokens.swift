import Foundation
import PolicyBackends
import PolicyExpressions
import PolicyModel

/// Deterministic stand-ins for tokens the gateway would obtain.
enum SimulatedTokens {
    /// A fake, clearly-labelled JWT-shaped token for a managed identity and resource.
    static func managedIdentity(resource: String) -> String {
        let header = base64URL(#"{"alg":"none","typ":"JWT"}"#)
        let payload = base64URL(#"{"aud":"\#(resource)","iss":"policycheck-simulated-managed-identity","sub":"simulated"}"#)
        return header + "." + payload + "."
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
