using BuildKit.Records;
using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

/// <summary>A build as the SBOM and provenance specs see it: its record, and trees made from tests/fixtures/sbom.</summary>
internal static class SbomFixture
{
    public static string Fixture(string name) => Path.Combine(Repository.Root, "tests", "fixtures", "sbom", name);

    public static BuildRecord Record(string product = "grafana") => new(
        product, "12.2.0-1", "fedora-43", $"https://github.com/grafana/{product}.git", "v12.2.0", new string('a', 40), "none",
        [new SubmoduleEntry("3rdparty/perfparser", "https://github.com/KDAB/perfparser.git", new string('b', 40))], product, new string('c', 64),
        $"buildkit-builder-fedora-43-{product}:0123456789abcdef", "sha256:" + new string('d', 64),
        new Dictionary<string, string> { ["go"] = "1.25.1", ["node"] = "22.11.0" }, 1764000000, [], new string('e', 64), false)
    {
        Bundled = [new BundledEntry("kddockwidgets", "https://git.example.org/kdab/KDDockWidgets.git", "v1.7.0", new string('f', 40))],
    };

    /// <summary>A tree with the npm fixture's package.json and one of its lockfiles, under the name the package manager gives it.</summary>
    public static TempDir NpmTree(string lockfile)
    {
        var tree = TempDir.Create();
        File.Copy(Path.Combine(Fixture("npm"), "package.json"), tree.Combine("package.json"));
        File.Copy(Path.Combine(Fixture("npm"), lockfile), tree.Combine(lockfile == "package-lock.json" ? lockfile : "yarn.lock"));
        return tree;
    }

    public static IReadOnlyList<Component> GoModules() =>
    [
        new(Ecosystem.Go, "example.org/greet", "v1.2.0", Purls.Golang("example.org/greet", "v1.2.0")),
        new(Ecosystem.Go, "example.org/shout", "v0.3.1", Purls.Golang("example.org/shout", "v0.3.1")),
    ];
}
