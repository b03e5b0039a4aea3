import Foundation
import Testing

/// `policycheck lint` on Bicep, Terraform and ARM files: findings at the IaC file's own line and
/// column (or in the file a policy was loaded from), bad input as exit 2 naming file and line.
@Suite struct IaCLintTests {
    private func findings(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("Fixtures/") }
    }

    @Test func bicepFindingsPointIntoTheBicepFileAndTheLoadedXML() throws {
        let result = try CLIRunner.run(["lint", "Fixtures/iac/bicep/main.bicep"])
        #expect(result.status == 1)
        #expect(findings(result.stdout) == [
            "Fixtures/iac/bicep/main.bicep:15:32: error: '<base/>' in the global (All APIs) policy: there is no broader scope, and APIM refuses to save it [base-global]",
            "Fixtures/iac/bicep/main.bicep:44:5: error: 'set-hedaer' is not an APIM policy; did you mean 'set-header'? [policy-unknown]",
            "Fixtures/iac/bicep/main.bicep:100:12: note: 'linked' loads its policy from a URL (rawxml-link) at deployment; it is not linted [iac-policy]",
            "Fixtures/iac/bicep/product.xml:4:9: error: 'forward-request' is not allowed in section 'inbound' (allowed: 'backend') [policy-section]",
        ], "\(result.stdout)")
        // The reported column is where the policy's element starts in the Bicep line.
        let lines = try String(contentsOfFile: CLIRunner.packageRoot.appendingPathComponent("Fixtures/iac/bicep/main.bicep").path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[43].dropFirst(4).hasPrefix("<set-hedaer"))
        #expect(lines[14].dropFirst(31).hasPrefix("<base />"))
    }

    @Test func terraformHeredocIndentAndEscapesAreMappedBack() throws {
        let result = try CLIRunner.run(["lint", "Fixtures/iac/terraform/main.tf"])
        #expect(result.status == 1)
        #expect(findings(result.stdout) == [
            "Fixtures/iac/terraform/main.tf:34:11: error: '<base/>' in the global (All APIs) policy: there is no broader scope, and APIM refuses to save it [base-global]",
            "Fixtures/iac/terraform/main.tf:58:156: error: attribute 'calls' of 'rate-limit': 'ten' is not a whole number [attribute-value]",
            "Fixtures/iac/terraform/policies/auth-fragment.xml:5:3: error: a fragment cannot contain '<base/>' [fragment-structure]",
        ], "\(result.stdout)")
        let github = try CLIRunner.run(["lint", "--format", "github", "Fixtures/iac/terraform/main.tf"])
        #expect(github.stdout.hasPrefix("::error file=Fixtures/iac/terraform/main.tf,line=34,col=11,title=policycheck base-global::"))
    }

    @Test func armTemplatesResolveCompiledBicepVariablesAndNestedDeployments() throws {
        let result = try CLIRunner.run(["lint", "Fixtures/iac/arm/template.json"])
        #expect(result.status == 1)
        let lines = findings(result.stdout).map { $0.split(separator: ":").prefix(3).joined(separator: ":") + " " + ($0.split(separator: "[").last.map(String.init) ?? "") }
        #expect(lines == [
            "Fixtures/iac/arm/template.json:10:108 attribute-value]",
            "Fixtures/iac/arm/template.json:43:122 iac-xml-format]",
            "Fixtures/iac/arm/template.json:63:157 policy-section]",
            "Fixtures/iac/arm/template.json:74:52 iac-policy]",
        ], "\(result.stdout)")
        let json = try CLIRunner.run(["lint", "--format", "json", "Fixtures/iac/arm/template.json"])
        #expect(json.stdout.contains("\"line\" : 63") || json.stdout.contains("\"line\": 63"), "\(json.stdout)")
    }

    @Test func aFolderSkipsFilesWithoutPoliciesAndSaysHowMany() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-iac-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "param x string\nresource s 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: x\n}\n".write(to: folder.appendingPathComponent("storage.bicep"), atomically: true, encoding: .utf8)
        try "resource p 'Microsoft.ApiManagement/service/apis/policies@2023-05-01-preview' = {\n  name: 'svc/api/policy'\n  properties: {\n    format: 'rawxml'\n    value: '<policies><inbound><base /><set-hedaer name=\"a\" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>'\n  }\n}\n"
            .write(to: folder.appendingPathComponent("api.bicep"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["lint", "."], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.contains("./api.bicep:5:40: error: 'set-hedaer' is not an APIM policy") || result.stdout.contains("api.bicep:5:40: error: 'set-hedaer'"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("(1 skipped: no API Management policy)\n"), "\(result.stdout)")
    }

    @Test(arguments: [
        ("cycle-a.bicep", "Fixtures/iac/bad/cycle-b.bicep:1:10: error: module 'a' refers back to a file that includes it (cycle-a.bicep → cycle-b.bicep → cycle-a.bicep)"),
        ("missing-file.bicep", "Fixtures/iac/bad/missing-file.bicep:4:12: error: cannot load 'policies/does-not-exist.xml'"),
        ("missing-file.tf", "Fixtures/iac/bad/missing-file.tf:3:17: error: cannot load './nope.xml'"),
        ("unterminated.bicep", "Fixtures/iac/bad/unterminated.bicep:4:12: error: syntax error: unterminated ''' string"),
        ("unterminated.tf", "Fixtures/iac/bad/unterminated.tf:2:17: error: syntax error: heredoc 'XML' is never closed"),
    ])
    func badInputIsExitTwoNamingFileAndLine(file: String, message: String) throws {
        let result = try CLIRunner.run(["lint", "Fixtures/iac/bad/\(file)"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aScenarioRunsAPolicyNamedInsideABicepOrTerraformFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-iac-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = CLIRunner.packageRoot.path
        try "policy: \(root)/Fixtures/iac/bicep/main.bicep#apiPolicy\nrequests:\n  - GET https://apim.example/orders/1\n".write(to: folder.appendingPathComponent("b.scenario.yaml"), atomically: true, encoding: .utf8)
        let bicep = try CLIRunner.run(["run", "--scenario", "b.scenario.yaml"], in: folder)
        #expect(bicep.status == 0, "\(bicep.stderr)")
        #expect(bicep.stdout.contains("rate-limit-by-key (line 5): key \"127.0.0.1\": 1 of 10 calls in 60s"), "\(bicep.stdout)")
        #expect(bicep.stdout.contains("set-hedaer (line 12): 'set-hedaer' is not simulated"))

        try "policy: \(root)/Fixtures/iac/terraform/main.tf#azurerm_api_management_api_policy.orders\nrequests:\n  - GET https://apim.example/orders/1\n".write(to: folder.appendingPathComponent("t.scenario.yaml"), atomically: true, encoding: .utf8)
        let terraform = try CLIRunner.run(["run", "--scenario", "t.scenario.yaml", "--trace", "summary"], in: folder)
        #expect(terraform.status == 0, "\(terraform.stderr)")
        #expect(terraform.stdout.contains("client statuses: 200 ×1"))

        try "policy: \(root)/Fixtures/iac/bicep/main.bicep#nope\nrequests:\n  - GET https://apim.example/orders/1\n".write(to: folder.appendingPathComponent("n.scenario.yaml"), atomically: true, encoding: .utf8)
        let unknown = try CLIRunner.run(["run", "--scenario", "n.scenario.yaml"], in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("main.bicep deploys no policy named 'nope' (it deploys: globalPolicy, apiPolicy, productPolicy, operationPolicy, fragment, linked, products.policy)"), "\(unknown.stderr)")

        try "policy: missing.bicep#apiPolicy\nrequests:\n  - GET https://apim.example/\n".write(to: folder.appendingPathComponent("m.scenario.yaml"), atomically: true, encoding: .utf8)
        let missing = try CLIRunner.run(["run", "--scenario", "m.scenario.yaml"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("m.scenario.yaml:1:9: error: policy file 'missing.bicep#apiPolicy': the file 'missing.bicep' does not exist"), "\(missing.stderr)")
    }

    @Test func formsSeenInPublicFiles() throws {
        // file("policies/…") in a child module is relative to the root module; one file loaded twice is reported once.
        let terraform = try CLIRunner.run(["lint", "Fixtures/iac/terraform-root/modules/policies/policies.tf"])
        #expect(terraform.status == 1, "\(terraform.stderr)")
        #expect(findings(terraform.stdout) == [
            "Fixtures/iac/terraform-root/policies/catalog.xml:4:5: error: 'set-hedaer' is not an APIM policy; did you mean 'set-header'? [policy-unknown]",
        ], "\(terraform.stdout)")
        // API versions before 2018-06-01 call the properties policyContent and contentFormat.
        let arm = try CLIRunner.run(["lint", "Fixtures/iac/arm/legacy-2018.json"])
        #expect(arm.status == 1)
        #expect(findings(arm.stdout) == [
            "Fixtures/iac/arm/legacy-2018.json:11:141: error: 'rate-limit' is not allowed in section 'outbound' (allowed: 'inbound') [policy-section]",
        ], "\(arm.stdout)")
    }

    @Test func escapesWorkspacesTokensStrictXMLListFormAndRawFiles() throws {
        // After \' \\ \u{263A} and \r\n are decoded, 'many' is still found at its column in the Bicep line;
        // #{…}# and __…__ tokens in the workspace policy are unknown values, not errors.
        let bicep = try CLIRunner.run(["lint", "Fixtures/iac/bicep/forms.bicep"])
        #expect(bicep.status == 1)
        #expect(findings(bicep.stdout) == [
            "Fixtures/iac/bicep/forms.bicep:9:158: error: attribute 'calls' of 'rate-limit': 'many' is not a whole number [attribute-value]",
            "Fixtures/iac/bicep/forms.bicep:38:115: error: text after the closing quote of an attribute value (a quote inside the value?); format 'xml' needs well-formed XML (escape expressions, or use format 'rawxml') [iac-xml-format]",
        ], "\(bicep.stdout)")
        let line = try String(contentsOfFile: CLIRunner.packageRoot.appendingPathComponent("Fixtures/iac/bicep/forms.bicep").path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)[8]
        #expect(line.dropFirst(157).hasPrefix("many\""))

        // policy = [{ … }] is read; file() content is raw, so its ${calls} is a literal APIM would get.
        let terraform = try CLIRunner.run(["lint", "Fixtures/iac/terraform/forms.tf"])
        #expect(findings(terraform.stdout) == [
            "Fixtures/iac/terraform/forms.tf:13:5: error: 'set-hedaer' is not an APIM policy; did you mean 'set-header'? [policy-unknown]",
            "Fixtures/iac/terraform/policies/raw.xml:5:24: warning: attribute 'calls' of 'rate-limit': '${calls}' is not a whole number; '${calls}' looks like a template placeholder to fill before deployment [value-placeholder]",
        ], "\(terraform.stdout)")
        // --token-pattern makes ${calls} a pipeline token: an unknown value.
        let tokens = try CLIRunner.run(["lint", "--token-pattern", #"\$\{[a-z]+\}"#, "Fixtures/iac/terraform/forms.tf"])
        #expect(findings(tokens.stdout) == [
            "Fixtures/iac/terraform/forms.tf:13:5: error: 'set-hedaer' is not an APIM policy; did you mean 'set-header'? [policy-unknown]",
        ], "\(tokens.stdout)")
        let badPattern = try CLIRunner.run(["lint", "--token-pattern", "([", "Fixtures/iac/terraform/forms.tf"])
        #expect(badPattern.status != 0 && badPattern.status != 1)
        #expect(badPattern.stderr.contains("--token-pattern '([' is not a valid regular expression"), "\(badPattern.stderr)")
    }
}
