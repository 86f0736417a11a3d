using System.Collections.Immutable;
using System.Text;
using BuildKit.Sources;
using BuildKit.Versioning;

namespace BuildKit.Verification;

/// <summary>
/// What identifies a build: where the source came from, exactly which commit and patches, how it was built and with
/// which toolchains. Shipped inside every package as BUILDINFO.
/// </summary>
public sealed record BuildRecord(
    string Product,
    string Repo,
    string RequestedRef,
    string Commit,
    string PatchSetHash,
    ImmutableArray<SubmoduleSource> Submodules,
    string Recipe,
    string SpecSha256,
    string Version,
    int Release,
    string BuilderImage,
    string BuilderImageId,
    ImmutableSortedDictionary<string, string> Toolchains,
    long SourceDateEpoch)
{
    public static ImmutableSortedDictionary<string, string> ParseToolchains(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[1].Length > 0)
            .ToImmutableSortedDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    /// <summary>The BUILDINFO file: one "key: value" a line, stable order.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        void Line(string key, string value) => text.Append(key).Append(": ").Append(value).Append('\n');
        Line("product", Product);
        Line("version", $"{Version}-{Release}");
        Line("repository", RemoteUrl.Display(Repo));
        Line("requested-ref", RequestedRef);
        Line("commit", Commit);
        Line("patch-set", PatchSetHash);
        foreach (var submodule in Submodules) Line("submodule", $"{submodule.Path} {submodule.Commit} {submodule.Url}");
        Line("recipe", Recipe);
        Line("spec-sha256", SpecSha256);
        Line("builder-image", $"{BuilderImage} {BuilderImageId}");
        foreach (var (tool, version) in Toolchains) Line("toolchain", $"{tool} {version}");
        Line("source-date-epoch", SourceDateEpoch.ToString());
        return text.ToString();
    }
}
