import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The hostile-input suite (Docs/limits.md): what a hostile or careless caller can do to the
/// command line — closed and full standard streams, long lines, odd file names, golden paths that
/// point elsewhere — ends in a clear message and a defined exit status, never a trap or a hang.
@Suite struct HostileInputTests {
    /// Runs `script` under `/bin/sh` with the built binary as `$0`, from the package root.
    static func shell(_ script: String) throws -> CLIRunner.Result {
        try CLIRunner.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", script, try CLIRunner.binary.path])
    }

    // MARK: Standard streams

    @Test func aLinkToAFolderOutsideIsNotWalked() throws {
        let result = try Self.shell(#"d=$(mktemp -d) && mkdir "$d/t" && echo '<policies/>' > "$d/t/a.xml" && ln -s / "$d/t/root" && ln -s "$d/t" "$d/t/self" && "$0" lint "$d/t" 2>&1 | sed "s#$d#D#g"; rm -rf "$d""#)
        #expect(result.stdout == "policycheck: error: D/t/root: a symbolic link to a folder outside D/t (/); policycheck does not follow it — name that folder on the command line to include it\n")
    }

    @Test func fullStandardOutputIsReportedNotATrap() throws {
        let result = try Self.shell(#""$0" lint Fixtures/lint/problems.xml >/dev/full"#)
        #expect(result.status == 2)
        #expect(result.stderr == "policycheck: cannot write to standard output: no space left on the device (ENOSPC)\n")
    }

    @Test func closedStandardOutputIsReportedNotATrap() throws {
        let result = try Self.shell(#""$0" lint Fixtures/lint/problems.xml >&-"#)
        #expect(result.status == 2)
        #expect(result.stderr == "policycheck: cannot write to standard output: the descriptor is closed (EBADF)\n")
    }

    @Test func closedStandardOutputAndErrorExitTwoQuietly() throws {
        let result = try Self.shell(#""$0" lint Fixtures/lint/problems.xml >&- 2>&-; echo "status $?""#)
        #expect(result.stdout == "status 2\n")
    }

    @Test func closedStandardErrorStillPrintsTheReport() throws {
        let result = try Self.shell(#""$0" lint Fixtures/lint/problems.xml 2>&-"#)
        #expect(result.status == 1)
        #expect(result.stdout.contains("error: 'forward-request' is not allowed in section"))
    }

    @Test func closedStandardErrorOnAUsageErrorExitsTwo() throws {
        let result = try Self.shell(#""$0" lint --no-such-option 2>&-; echo "status $?""#)
        #expect(result.stdout == "status 2\n")
    }

    @Test func brokenPipeWithSigpipeIgnoredIsReported() throws {
        // The reader is gone before the first byte: every write fails with EPIPE.
        let process = Process()
        process.executableURL = try CLIRunner.binary
        process.arguments = ["lint", "Fixtures/lint/problems.xml"]
        process.currentDirectoryURL = CLIRunner.packageRoot
        let out = Pipe()
        try out.fileHandleForReading.close()
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-epipe-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let err = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try err.close()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 2)
        let stderr = String(decoding: try Data(contentsOf: errorFile), as: UTF8.self)
        #expect(stderr == "policycheck: cannot write to standard output: the reader closed the pipe (EPIPE)\n")
    }

    @Test func aFileOpenedAfterAClosedStdoutDoesNotReceiveTheReport() throws {
        // With fd 1 closed, the next open() would get 1; the output must not land in a golden or report file.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-fd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("junit.xml").path
        let result = try Self.shell(#""$0" test Fixtures/golden/access --junit "\#(junit)" >&-; echo "status $?""#)
        #expect(result.stdout.hasPrefix("status "))
        let written = (try? String(contentsOfFile: junit, encoding: .utf8)) ?? ""
        #expect(!written.contains("PASS") && !written.contains("ok "), "the report leaked into the JUnit file")
        if !written.isEmpty { #expect(written.hasPrefix("<?xml")) }
    }

    // MARK: Long lines

    static func scratch(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policycheck-hostile-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aOneMegabyteLineGivesABoundedReport() throws {
        let folder = try Self.scratch("long")
        defer { try? FileManager.default.removeItem(at: folder) }
        let body = String(repeating: "<foo/>", count: 170_000)
        let path = folder.appendingPathComponent("long.xml")
        try "<policies><inbound>\(body)</inbound><backend><forward-request/></backend><outbound/><on-error/></policies>"
            .write(to: path, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["lint", path.path])
        #expect(result.status == 1)
        #expect(result.stdout.utf8.count < 40_000)
        #expect(result.stdout.contains("note: and 169950 more 'policy-unknown' findings in this file (the first 50 are shown) [policy-unknown]"))
        #expect(result.stdout.hasSuffix("170000 errors, 0 warnings in 1 file\n"))
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.unicodeScalars.count < 300 || $0.contains("error:") == false })
        let json = try CLIRunner.run(["lint", "--format", "json", path.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 170_000)
        #expect((object["diagnostics"] as? [Any])?.count == 51)
    }

    @Test func twentyThousandAttributesOnOneLine() throws {
        let folder = try Self.scratch("attrs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let attributes = (0..<20_000).map { "a\($0)=\"x\"" }.joined(separator: " ")
        let path = folder.appendingPathComponent("attrs.xml")
        try "<policies><inbound><set-header name=\"a\" exists-action=\"override\" \(attributes)><value>v</value></set-header></inbound><backend><forward-request/></backend><outbound/><on-error/></policies>"
            .write(to: path, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["lint", path.path])
        #expect(result.status == 1)
        #expect(result.stdout.utf8.count < 40_000)
        #expect(result.stdout.contains("and 19950 more 'attribute-unknown' findings"))
    }

    // MARK: YAML bombs, one per way YAML comes in

    /// Ten lines that expand to 10^9 values through aliases.
    static let aliasBomb = (["a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]"]
        + zip("abcdefgh", "bcdefghi").map { previous, name in
            "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]"
        }).joined(separator: "\n") + "\n"

    static let policy = "<policies><inbound><base/></inbound><backend><forward-request/></backend><outbound><base/></outbound><on-error><base/></on-error></policies>\n"

    /// Runs `arguments` (after `$0`) in a folder holding bomb.yaml, p.xml and the given files, under `timeout 60`.
    static func againstTheBomb(_ arguments: String, files: [String: String] = [:]) throws -> (stderr: String, status: String) {
        let folder = try scratch("yaml")
        defer { try? FileManager.default.removeItem(at: folder) }
        try aliasBomb.write(to: folder.appendingPathComponent("bomb.yaml"), atomically: true, encoding: .utf8)
        try policy.write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let result = try shell("cd '\(folder.path)' && timeout 60 \"$0\" \(arguments) 2>&1; echo \"status $?\"")
        let lines = result.stdout.split(separator: "\n")
        return (lines.dropLast().joined(separator: "\n"), String(lines.last ?? ""))
    }

    static let scenario = "policy: p.xml\nrequests:\n  - GET https://apim.example/a\n"

    @Test(arguments: [
        ("lint --named-values bomb.yaml p.xml", "bomb.yaml:1:1: error: the named values file is too large"),
        ("lint --backends bomb.yaml p.xml", "bomb.yaml:1:1: error: the file is too large"),
        ("run --scenario s.yaml --named-values bomb.yaml", "bomb.yaml:1:1: error: the named values file is too large"),
        ("run --scenario s.yaml --backends bomb.yaml", "bomb.yaml:1:1: error: the file is too large"),
        ("run --scenario nv.yaml", "bomb.yaml:1:1: error: the named values file is too large"),
        ("run --scenario be.yaml", "bomb.yaml:1:1: error: the file is too large"),
        ("run --scenario bomb.yaml", "bomb.yaml:1:1: error: the scenario is too large"),
    ])
    func anAliasBombIsRefusedOnEveryYAMLInput(arguments: String, message: String) throws {
        let result = try Self.againstTheBomb(arguments, files: [
            "s.yaml": Self.scenario,
            "nv.yaml": Self.scenario + "namedValues: bomb.yaml\n",
            "be.yaml": Self.scenario + "backends: bomb.yaml\n",
        ])
        #expect(result.status == "status 2")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains("more than 1000000 values once YAML aliases are expanded"))
    }

    @Test func aUTF16ScenarioIsRefusedByName() throws {
        let folder = try Self.scratch("utf16")
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in Self.scenario.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try Data(bytes).write(to: folder.appendingPathComponent("s.yaml"))
        try Self.policy.write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["run", "--scenario", "s.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("s.yaml:1:1: error: the file is UTF-16LE-encoded; policycheck reads UTF-8 — save it as UTF-8"), "\(result.stderr)")
    }

    @Test func aScenarioWithInvalidUTF8IsRefusedAtItsLine() throws {
        let folder = try Self.scratch("utf8")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Array("policy: p.xml\nrequests:\n  - GET https://apim.example/".utf8) + [0xFF, 0xFE] + Array("\n".utf8))
            .write(to: folder.appendingPathComponent("s.yaml"))
        try Self.policy.write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["run", "--scenario", "s.yaml"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("s.yaml:3:30: error: the file is not valid UTF-8 (bytes 0xFF 0xFE 0xA); save it as UTF-8"), "\(result.stderr)")
    }

    @Test func aUTF16PolicyIsRefusedByName() throws {
        let folder = try Self.scratch("utf16xml")
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes: [UInt8] = []
        for unit in Self.policy.utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        try Data(bytes).write(to: folder.appendingPathComponent("p.xml"))
        let result = try CLIRunner.run(["lint", "p.xml"], in: folder)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("p.xml:1:1: error: the file is UTF-16BE-encoded; policycheck reads UTF-8 — save it as UTF-8 [markup]\n"))
        #expect(!result.stdout.contains("\u{0}"), "the quoted line must not carry NUL bytes to the terminal")
    }

    // MARK: Golden files and reports

    /// A folder with one passing scenario `s.scenario.yaml` (and its policy), golden not yet written.
    static func scenarioFolder(_ name: String) throws -> URL {
        let folder = try scratch(name)
        try policy.write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        try scenario.write(to: folder.appendingPathComponent("s.scenario.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func updateNeverWritesThroughAGoldenSymlink() throws {
        let folder = try Self.scenarioFolder("link")
        let outside = try Self.scratch("outside")
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: outside) }
        let target = outside.appendingPathComponent("precious.txt")
        try "keep me\n".write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("s.golden").path, withDestinationPath: target.path)
        let result = try CLIRunner.run(["test", "--update", "."], in: folder)
        #expect(result.status == 2)
        #expect(result.stdout.contains("s.golden: is a symbolic link; golden files must be regular files in the scenario's folder"), "\(result.stdout)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep me\n")
    }

    @Test func updateNeverCreatesAFileThroughADanglingSymlink() throws {
        let folder = try Self.scenarioFolder("dangling")
        let outside = try Self.scratch("outside")
        defer { try? FileManager.default.removeItem(at: folder); try? FileManager.default.removeItem(at: outside) }
        let target = outside.appendingPathComponent("created.txt")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("s.golden").path, withDestinationPath: target.path)
        let result = try CLIRunner.run(["test", "--update", "."], in: folder)
        #expect(result.status == 2)
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func updateReplacesTheGoldenByRenameAndLeavesNothingBehind() throws {
        let folder = try Self.scenarioFolder("rename")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "old\n".write(to: folder.appendingPathComponent("s.golden"), atomically: true, encoding: .utf8)
        let update = try CLIRunner.run(["test", "--update", "."], in: folder)
        #expect(update.status == 0, "\(update.stdout)")
        #expect(update.stdout.contains("updated s.golden"))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["p.xml", "s.golden", "s.scenario.yaml"])
        #expect(try CLIRunner.run(["test", "."], in: folder).status == 0)
    }

    @Test func aGoldenThatIsAFolderOrAFIFOIsNamedForWhatItIs() throws {
        let folder = try Self.scenarioFolder("fifo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let golden = folder.appendingPathComponent("s.golden")
        try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: false)
        let asFolder = try CLIRunner.run(["test", "."], in: folder)
        #expect(asFolder.status == 2)
        #expect(asFolder.stdout.contains("s.golden: is a folder, not a golden file"), "\(asFolder.stdout)")
        try FileManager.default.removeItem(at: golden)
        #expect(mkfifo(golden.path, 0o644) == 0)
        let asFIFO = try Self.shell("cd '\(folder.path)' && timeout 60 \"$0\" test . ; echo \"status $?\"")
        #expect(asFIFO.stdout.contains("s.golden: is a FIFO, not a golden file"), "\(asFIFO.stdout)")
        #expect(asFIFO.stdout.hasSuffix("status 2\n"))
    }

    @Test func reportPathsThatAreFoldersGetAPlainMessage() throws {
        let folder = try Self.scenarioFolder("reports")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try CLIRunner.run(["test", "--update", "."], in: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: false)
        let junit = try CLIRunner.run(["test", ".", "--junit", "out"], in: folder)
        #expect(junit.status == 2)
        #expect(junit.stderr == "policycheck: out: is a folder; give a file name for the JUnit report\n")
        let coverage = try CLIRunner.run(["test", ".", "--coverage-output", "out"], in: folder)
        #expect(coverage.status == 2)
        #expect(coverage.stderr == "policycheck: out: is a folder; give a file name for the coverage report\n")
        let missingFolder = try CLIRunner.run(["test", ".", "--junit", "nowhere/j.xml"], in: folder)
        #expect(missingFolder.stderr == "policycheck: nowhere/j.xml: cannot write the JUnit report: the folder 'nowhere' does not exist\n")
        let written = try CLIRunner.run(["test", ".", "--junit", "j.xml"], in: folder)
        #expect(written.status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("j.xml"), encoding: .utf8).hasPrefix("<?xml"))
    }

    // MARK: Files and names

    @Test func aNameThatIsNotUTF8IsLintedAndShownEscaped() throws {
        let folder = try Self.scratch("names")
        defer { try? FileManager.default.removeItem(at: folder) }
        let name: [UInt8] = Array("bad".utf8) + [0xFF, 0xFE] + Array(".xml".utf8)
        let path = Array(folder.path.utf8) + [0x2F] + name
        let text = "<policies><inbound><foo/></inbound><backend><base/></backend><outbound/><on-error/></policies>"
        let descriptor = (path.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        #expect(descriptor >= 0)
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        let walked = try CLIRunner.run(["lint", "."], in: folder)
        #expect(walked.status == 1)
        #expect(walked.stdout.hasPrefix("./bad\\xFF\\xFE.xml:1:20: error: 'foo' is not an APIM policy [policy-unknown]\n"), "\(walked.stdout)")
        #expect(walked.stdout.hasSuffix("1 error, 0 warnings in 1 file\n"))
        let named = try Self.shell("cd '\(folder.path)' && \"$0\" lint \"$(printf 'bad\\377\\376.xml')\"; echo \"status $?\"")
        #expect(named.stdout.hasPrefix("bad\\xFF\\xFE.xml:1:20: error:"), "\(named.stdout)")
        #expect(named.stdout.hasSuffix("status 1\n"))
    }

    @Test func linksThatLoopOrPointNowhereAreReported() throws {
        let folder = try Self.scratch("loops")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: folder.path + "/a.xml", withDestinationPath: "b.xml")
        try manager.createSymbolicLink(atPath: folder.path + "/b.xml", withDestinationPath: "a.xml")
        let loop = try CLIRunner.run(["lint", "."], in: folder)
        #expect(loop.status == 2)
        #expect(loop.stderr.contains("symbolic links loop"), "\(loop.stderr)")
        let named = try CLIRunner.run(["lint", "a.xml"], in: folder)
        #expect(named.stderr == "policycheck: error: a.xml: symbolic links loop\n")
        try manager.removeItem(atPath: folder.path + "/a.xml")
        let dangling = try CLIRunner.run(["lint", "."], in: folder)
        #expect(dangling.status == 2)
        #expect(dangling.stderr == "policycheck: error: ./b.xml: a symbolic link to nothing (it points to a missing file)\n")
    }

    @Test func aFolderLinkedIntoItselfIsWalkedOnce() throws {
        let folder = try Self.scratch("self")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.policy.write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/again", withDestinationPath: ".")
        let result = try CLIRunner.run(["lint", "."], in: folder)
        #expect(result.stdout == "0 errors, 0 warnings in 1 file\n")
    }

    @Test func namesStartingWithADashFollowTheArgumentRule() throws {
        let folder = try Self.scratch("dash")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.policy.write(to: folder.appendingPathComponent("-dash.xml"), atomically: true, encoding: .utf8)
        let refused = try CLIRunner.run(["lint", "-dash.xml"], in: folder)
        #expect(refused.status == 2)
        #expect(refused.stderr == "policycheck: unknown option '-dash.xml'; to name a file that starts with '-', write it after '--' (policycheck lint -- -dash.xml) or as ./-dash.xml\n")
        #expect(refused.stdout.isEmpty)
        for arguments in [["lint", "--", "-dash.xml"], ["lint", "./-dash.xml"], ["lint", "--format", "text", "--", "-dash.xml"]] {
            let result = try CLIRunner.run(arguments, in: folder)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout == "0 errors, 0 warnings in 1 file\n", "\(arguments)")
        }
        #expect(try CLIRunner.run(["test", "--filter", "-x", "."], in: folder).stderr.contains("unknown option") == false)
    }

    @Test func anEndlessDeviceIsReadOnlyUpToTheLimit() throws {
        let result = try CLIRunner.run(["lint", "/dev/zero"])
        #expect(result.status == 2)
        #expect(result.stderr == "policycheck: error: /dev/zero: the file is larger than 64 MiB; policycheck reads at most that much\n")
    }

    @Test func aFIFOInsideAFolderIsReportedNotWaitedOn() throws {
        let folder = try Self.scratch("fifo-walk")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(folder.path + "/f.xml", 0o644) == 0)
        let result = try Self.shell("cd '\(folder.path)' && timeout 60 \"$0\" lint . ; echo \"status $?\"")
        #expect(result.stdout == "status 2\n")
        let stderr = try Self.shell("cd '\(folder.path)' && timeout 60 \"$0\" lint . 2>&1 >/dev/null")
        #expect(stderr.stdout == "policycheck: error: ./f.xml: is not a regular file (a FIFO, socket or device); name it on the command line to read it\n")
    }
}
