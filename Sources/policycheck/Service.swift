import ArgumentParser
import PolicyCheck
import PolicySource

/// `--environment configuration.<env>.yaml`: APIOps publisher overrides.
struct EnvironmentOption: ParsableArguments {
    @Option(help: "An APIOps publisher override file (configuration.<env>.yaml): its named values, backends and API settings replace the tree's.")
    var environment: String?
}

/// `policycheck effective DIR --api API [--operation OP] [--product P] [--format xml|json]`
struct Effective: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the effective policy of an operation of an APIOps tree (every <base/> replaced by the broader scope's section).",
        discussion: "DIR: an APIOps artifacts folder, or a folder holding one. Exit status: 0 printed, 2 the tree, API, operation or product could not be used."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case xml, json
    }

    @Argument(help: "The APIOps artifacts folder (or a folder holding one).")
    var tree: String

    @Option(help: "The API (its folder name; `name;rev=N` for a revision).")
    var api: String

    @Option(help: "The operation (its name in the specification, the folder under operations/). Without it: the API scope and broader.")
    var operation: String?

    @Option(help: "The product whose scope applies, when the API is in several.")
    var product: String?

    @Option(help: "Output format: xml (each policy's source text, scopes marked by comments) or json (each policy with its file and line).")
    var format: Format = .xml

    @OptionGroup var environment: EnvironmentOption

    func run() throws {
        do {
            let selection = ServiceSelection(path: tree, api: api, operation: operation, product: product, environment: environment.environment)
            let loaded = try selection.loadTree()
            let target = try ServiceRouter.target(loaded, api: api, operation: operation, product: product)
            let effective = try EffectivePolicy.compose(target)
            emit(format == .xml ? effective.xml : effective.json)
        } catch {
            throw fail(error.description)
        }
    }
}

/// `policycheck scaffold DIR [--api API] --out FOLDER`
struct Scaffold: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one scenario per operation of an APIOps tree, ready for `policycheck test FOLDER --update`.",
        discussion: "Existing scenario files are kept, never overwritten. Exit status: 0 written, 2 the tree could not be read or the files written."
    )

    @Argument(help: "The APIOps artifacts folder (or a folder holding one).")
    var tree: String

    @Option(help: "Only this API (its folder name).")
    var api: String?

    @Option(help: "The folder to write the scenarios into (created when missing).")
    var out: String

    @OptionGroup var environment: EnvironmentOption

    func run() throws {
        do {
            let selection = ServiceSelection(path: tree, environment: environment.environment)
            let loaded = try selection.loadTree()
            let scaffold = try ServiceScaffold.make(loaded, treePath: tree, api: api, out: out, environment: environment.environment)
            let (written, kept) = try scaffold.write(below: out)
            var text = ""
            for path in written { text += "wrote \(path)\n" }
            for path in kept { text += "kept \(path) (it exists)\n" }
            for reason in scaffold.skipped { text += "skipped \(reason)\n" }
            text += "\(written.count) scenario\(written.count == 1 ? "" : "s") written, \(kept.count) kept, \(scaffold.skipped.count) operation\(scaffold.skipped.count == 1 ? "" : "s") skipped\n"
            text += "next: policycheck test \(out) --update   (records the golden traces; review them, then `policycheck test \(out)`)\n"
            emit(text)
        } catch {
            throw fail(error.description)
        }
    }
}
