using System.Collections.Immutable;
using System.Security.Cryptography;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Recipes;
using BuildKit.Sources;
using BuildKit.Verification;

namespace BuildKit.Packaging;

/// <summary>What the Package stage produced for one product.</summary>
public sealed record PackagedProduct(ImmutableArray<string> Rpms, ImmutableArray<string> Srpms, string Source0);

/// <summary>
/// The Package stage: Source0 and BUILDINFO into SOURCES, then real rpmbuild -ba in the builder with the spec, the
/// staged tree, the version from the policy and SOURCE_DATE_EPOCH; on a non-Fedora builder, specs/macros.buildkit
/// supplies the Fedora macros its rpm lacks.
/// </summary>
public sealed class RpmPackager(ContainerRunner containers, IProcessRunner runner)
{
    public const string MacrosFile = "macros.buildkit";

    public static string SpecSha256(string spec) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(spec))).ToLowerInvariant();

    public async Task<PackagedProduct> PackageAsync(
        string product, string spec, string buildKitSpecs, FetchedSource source, BuiltTree built, BuildRecord record,
        ProvisionedBuilder builder, ImmutableArray<string> recipeOptions, string topDirectory, string rpmsDirectory, string srpmsDirectory,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(spec)) throw new RecipeException($"The spec {spec} does not exist. Fix spec: for {product} in the products file.");
        if (Directory.Exists(topDirectory)) Directory.Delete(topDirectory, recursive: true);
        var sources = Path.Combine(topDirectory, "SOURCES");
        Directory.CreateDirectory(sources);
        var step = new LogStep(product, "package");
        var source0 = await SourceArchive.CreateAsync(source, product, record.Version, sources, runner, step, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(sources, "BUILDINFO"), record.ToText(), cancellationToken);
        foreach (var companion in CompanionSources(spec)) File.Copy(companion, Path.Combine(sources, Path.GetFileName(companion)));

        var family = builder.Image.Distribution.Family;
        var arguments = new List<string>
        {
            "rpmbuild", "-ba",
            "--define", $"_topdir {BuilderPaths.RpmTop}",
            "--define", $"buildkit_version {record.Version}",
            "--define", $"buildkit_release {record.Release}",
            "--define", $"buildkit_stage {BuilderPaths.Stage}",
            "--define", "use_source_date_epoch_as_buildtime 1",
            "--define", "clamp_mtime_to_source_date_epoch 1",
            "--define", "_buildhost buildkit",
        };
        if (family != PackageFamily.Dnf)
        {
            // Debian's rpm knows no Fedora packages: BuildRequires cannot be checked there, the builder image stands for them.
            arguments.AddRange(["--load", $"{BuilderPaths.BuildKitSpecs}/{MacrosFile}", "--define", $"_buildkit_specs {BuilderPaths.BuildKitSpecs}", "--nodeps"]);
        }
        arguments.AddRange(recipeOptions);
        arguments.Add($"{BuilderPaths.Specs}/{Path.GetFileName(spec)}");

        var build = new ContainerStep(step, builder.Tag, string.Join(' ', arguments.Select(Quote)), BuilderPaths.RpmTop)
            .WithMount(topDirectory, BuilderPaths.RpmTop)
            .WithMount(built.Stage, BuilderPaths.Stage, readOnly: true)
            .WithMount(Path.GetDirectoryName(Path.GetFullPath(spec))!, BuilderPaths.Specs, readOnly: true)
            .WithMount(buildKitSpecs, BuilderPaths.BuildKitSpecs, readOnly: true)
            .WithEnvironment("SOURCE_DATE_EPOCH", record.SourceDateEpoch.ToString());
        await containers.RunAsync(build, cancellationToken);

        return new PackagedProduct(
            Collect(Path.Combine(topDirectory, "RPMS"), rpmsDirectory),
            Collect(Path.Combine(topDirectory, "SRPMS"), srpmsDirectory),
            source0);
    }

    /// <summary>A spec's extra sources live beside it, named after it: grafana.spec takes grafana.sysusers.</summary>
    public static IEnumerable<string> CompanionSources(string spec) =>
        Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(spec))!, Path.GetFileNameWithoutExtension(spec) + ".*")
            .Where(file => !file.EndsWith(".spec", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>With --packager=fpm, the RPMs upstream's pkg-rpm left in the stage are the packages; fpm makes no SRPM.</summary>
    public static PackagedProduct CollectFpm(BuiltTree built, string rpmsDirectory) =>
        new(Collect(Path.Combine(built.Stage, "fpm"), rpmsDirectory), [], "");

    private static ImmutableArray<string> Collect(string from, string to)
    {
        Directory.CreateDirectory(to);
        return [.. Directory.GetFiles(from, "*.rpm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(file =>
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            return target;
        })];
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
