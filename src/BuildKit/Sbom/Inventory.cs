using System.Text.RegularExpressions;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Records;

namespace BuildKit.Sbom;

/// <summary>The built tree an SBOM is taken from: the source tree, each bundled dependency's tree, the staged install tree and the spec.</summary>
public sealed record InventoryInputs(string Tree, IReadOnlyDictionary<string, string> BundledTrees, string Stage, string Spec);

/// <summary>
/// Finds what a build put into its packages, before they are made: the Go modules linked into the staged binaries (`go
/// version -m`, run in the builder, which has the Go that built them), else the tree's go.mod and vendor/; the npm packages
/// of the lockfile the build installed from; the submodules and bundled dependencies of the record.
/// </summary>
public static partial class Inventory
{
    public static async Task<BuildSbom> CollectAsync(
        ContainerRunner containers, string builderImage, BuildRecord record, InventoryInputs inputs, CancellationToken cancellationToken)
    {
        IReadOnlyList<Component> go = [];
        if (record.Toolchains.ContainsKey("go"))
        {
            var step = new ContainerStep(new LogStep(record.Product, "sbom"), builderImage, $"go version -m {BuilderPaths.Stage}", BuilderPaths.Stage) { CapturesOutput = true }
                .WithMount(inputs.Stage, BuilderPaths.Stage, readOnly: true);
            var buildInfo = await containers.RunAsync(step, cancellationToken);
            go = GoModules.FromBuildInfo(buildInfo.StandardOutput, inputs.Tree) ?? GoModules.FromTree(inputs.Tree);
        }
        return Of(record, inputs, go);
    }

    /// <summary>The SBOM of a build whose Go modules (<paramref name="go"/>) are known.</summary>
    public static BuildSbom Of(BuildRecord record, InventoryInputs inputs, IReadOnlyList<Component> go) =>
        new(record, SpecLicence(inputs.Spec), Component.Ordered(
            [.. go, .. NpmComponents.Read(inputs.Tree), .. SourceComponents.Of(record, inputs.Tree, inputs.BundledTrees)]));

    /// <summary>The product's own licence: the spec's License: tag without what BuildKit appends (a macro).</summary>
    public static string SpecLicence(string spec)
    {
        var match = File.Exists(spec) ? LicenceTag().Match(File.ReadAllText(spec)) : Match.Empty;
        return match.Success && match.Groups["licence"].Value.Trim() is { Length: > 0 } licence ? licence : Component.NoAssertion;
    }

    [GeneratedRegex(@"(?m)^License:\s*(?<licence>[^%\r\n]+)")]
    private static partial Regex LicenceTag();
}
