/// The version of policycheck: the one place it is written. `policycheck --version`, SARIF's
/// `tool.driver.version`, `Scripts/release` (the archive's name) and the CHANGELOG's first
/// heading all read it; `VersionTests` checks that CHANGELOG.md starts with this version. A
/// release is tagged `v<version>`.
public enum PolicyCheckVersion {
    public static let current = "0.2.0"
}
