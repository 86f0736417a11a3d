using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Records;
using BuildKit.Sbom;
using BuildKit.Stages.Build;
using BuildKit.Stages.Fetch;
using BuildKit.Versioning;

namespace BuildKit.Stages.Package;

/// <summary>The files a packager made: binary RPMs, the SRPM (none with fpm) and Source0 (none with fpm).</summary>
public sealed record RpmFiles(ImmutableArray<string> Rpms, ImmutableArray<string> Srpms, string Source0)
{
    public IEnumerable<string> All => [.. Rpms, .. Srpms, .. Source0.Length > 0 ? new[] { Source0 } : []];
}

/// <summary>
/// The Package stage: Source0, BUILDINFO and the changelog into SOURCES, then real rpmbuild -ba in the builder with the spec, the
/// staged tree, the version from the policy, the plan's payload compression and SOURCE_DATE_EPOCH; on a non-Fedora builder, specs/macros.buildkit
/// supplies the Fedora macros its rpm lacks. The builder's build folder is there too, where it was built, so that
/// find-debuginfo (through specs/staged-debuginfo.sh) finds every source the debug info names.
/// </summary>
public sealed class RpmPackager(ContainerRunner containers, IProcessRunner runner)
{
    /// <param name="collecting">The SBOM, collected (Go's modules read in the builder) while Source0 is made here.</param>
    public async Task<RpmFiles> PackageAsync(
        string product, string spec, string buildKitSpecs, FetchedSource source, BuiltTree built, BuildRecord record, Task<BuildSbom> collecting, string changelog, PackageVersion version,
        ProvisionedBuilder builder, ImmutableArray<string> recipeOptions, PayloadCompression payload, string topDirectory, string rpmsDirectory, string srpmsDirectory,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(spec)) throw new RecipeException($"The spec {spec} does not exist. Fix spec: for {product} in the products file.");
        // Emptied, not removed: the product's build container, kept running, sees this folder through a mount.
        Directory.CreateDirectory(topDirectory);
        foreach (var entry in new DirectoryInfo(topDirectory).EnumerateFileSystemInfos())
            if (entry is DirectoryInfo folder) folder.Delete(recursive: true); else entry.Delete();
        var sources = Path.Combine(topDirectory, "SOURCES");
        Directory.CreateDirectory(sources);
        var step = new LogStep(product, "package");
        var archiving = SourceArchive.CreateAsync(source, product, version.Version, sources, runner, step, cancellationToken);
        await Task.WhenAll(archiving, collecting);
        var (source0, sbom) = (await archiving, await collecting);
        await File.WriteAllTextAsync(Path.Combine(sources, "BUILDINFO"), record.ToText(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(sources, Paths.ConditionalsFile), Conditionals(recipeOptions), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(sources, Paths.ChangelogFile), changelog, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(sources, Paths.DefinesFile), Defines(version, source.Bundled), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(sources, Paths.BundledFile), BundledProvides.Render(sbom), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(sources, Paths.SbomFile), SpdxDocument.Write(sbom, new SbomPackage(product)), cancellationToken);
        foreach (var companion in SpecFiles.CompanionSources(spec)) File.Copy(companion, Path.Combine(sources, Path.GetFileName(companion)));
        foreach (var vendored in built.Vendored is { } folder && Directory.Exists(folder) ? Directory.GetFiles(folder) : [])
            File.Copy(vendored, Path.Combine(sources, Path.GetFileName(vendored)));

        var family = builder.Image.Distribution.Family;
        var arguments = new List<string>
        {
            "rpmbuild", "-ba",
            "--define", $"_topdir {BuilderPaths.RpmTop}",
            "--define", $"buildkit_version {version.Version}",
            "--define", $"buildkit_release {version.Release}",
            "--define", $"buildkit_stage {BuilderPaths.Stage}",
            "--define", "use_source_date_epoch_as_buildtime 1",
            "--define", "clamp_mtime_to_source_date_epoch 1",
            "--define", "_buildhost buildkit",
            "--define", $"_binary_payload {payload.Io}",
            "--define", $"_source_payload {payload.Io}",
            "--define", $"__find_debuginfo sh {BuilderPaths.BuildKitSpecs}/{Paths.StagedDebugInfoFile} {BuilderPaths.Source} {BuilderPaths.Build}",
        };
        if (family != PackageFamily.Dnf)
        {
            // Debian's rpm knows no Fedora packages: BuildRequires cannot be checked there, the builder image stands for them.
            arguments.AddRange(["--load", $"{BuilderPaths.BuildKitSpecs}/{Paths.MacrosFile}", "--define", $"_buildkit_specs {BuilderPaths.BuildKitSpecs}", "--nodeps"]);
        }
        if (!source.Bundled.IsEmpty)
            arguments.AddRange(["--define", $"buildkit_bundled {Bundled(source.Bundled)}"]);
        arguments.AddRange(recipeOptions);
        arguments.Add($"{BuilderPaths.Specs}/{Path.GetFileName(spec)}");

        var build = new ContainerStep(step, builder.Tag, Shell.Join(arguments), BuilderPaths.RpmTop)
            .WithMount(topDirectory, BuilderPaths.RpmTop)
            .WithMount(built.Stage, BuilderPaths.Stage, readOnly: true)
            .WithMount(built.BuildDirectory, BuilderPaths.Build, readOnly: true)
            .WithMount(Path.GetDirectoryName(Path.GetFullPath(spec))!, BuilderPaths.Specs, readOnly: true)
            .WithMount(buildKitSpecs, BuilderPaths.BuildKitSpecs, readOnly: true)
            .WithEnvironment("SOURCE_DATE_EPOCH", record.SourceDateEpoch.ToString());
        await containers.RunAsync(build, cancellationToken);

        return new RpmFiles(
            Collect(Path.Combine(topDirectory, "RPMS"), rpmsDirectory),
            Collect(Path.Combine(topDirectory, "SRPMS"), srpmsDirectory),
            source0);
    }

    /// <summary>The NAME VALUE lines of <see cref="Paths.DefinesFile"/>: what the spec needs to make the same packages again.</summary>
    public static string Defines(PackageVersion version, ImmutableArray<BundledSource> bundled) =>
        $"buildkit_version {version.Version}\nbuildkit_release {version.Release}\n" + (bundled.IsEmpty ? "" : $"buildkit_bundled {Bundled(bundled)}\n");

    private static string Bundled(ImmutableArray<BundledSource> bundled) => string.Join(' ', bundled.Select(b => $"{b.Name}={b.Dependency.Version}"));

    /// <summary>The recipe's --with NAME and --without NAME options as the NAME 1 and NAME 0 lines of <see cref="Paths.ConditionalsFile"/>.</summary>
    public static string Conditionals(IReadOnlyList<string> options) => string.Concat(options
        .Select((option, i) => (Option: option, Name: i + 1 < options.Count ? options[i + 1] : null))
        .Where(o => o.Option is "--with" or "--without" && o.Name is not null)
        .Select(o => $"{o.Name} {(o.Option == "--with" ? 1 : 0)}\n"));

    /// <summary>With --packager=fpm, the RPMs upstream's pkg-rpm left in the stage are the packages; fpm makes no SRPM.</summary>
    public static RpmFiles CollectFpm(BuiltTree built, string rpmsDirectory) =>
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
}
