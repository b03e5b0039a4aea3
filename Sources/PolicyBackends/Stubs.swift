import PolicySource
enum BicepBackends { static func load(_ file: SourceFile) throws(InputError) -> BackendLoadResult { BackendLoadResult(catalog: .init(), diagnostics: []) } }
enum ARMTemplateBackends { static func load(_ tree: ConfigValue) -> BackendLoadResult { BackendLoadResult(catalog: .init(), diagnostics: []) } }
