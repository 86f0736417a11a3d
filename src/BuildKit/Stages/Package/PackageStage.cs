using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Planning;
using BuildKit.Records;
using BuildKit.Sbom;
using BuildKit.Stages.Build;
using BuildKit.Stages.Fetch;
using BuildKit.Versioning;

namespace BuildKit.Stages.Package;

/// <summary>
/// What the Package stage produced for one product: the packages, the build record written beside them, and the commit of
/// the build before it (whose upstream changes the release notes list).
/// </summary>
public sealed record PackagedProduct(RpmFiles Files, BuildRecord Record, string? PreviousCommit)
{
    /// <summary>The build's SBOMs and provenance statement (with their signatures when signed), published beside its packages.</summary>
    public ImmutableArray<string> Attestations { get; init; } = [];

    public ImmutableArray<string> Rpms => Files.Rpms;
    public ImmutableArray<string> Srpms => Files.Srpms;
}

/// <summary>Package: Source0, BUILDINFO and rpmbuild with the product's spec (or upstream's fpm); RPMs and the SRPM land in artifacts/.</summary>
public static class PackageStage
{
    public static StageDecision Decide(BuildKeyState key) => key switch
    {
        { PublishedIn: { } tag } => StageDecision.Reuse($"its packages are already published in {tag}"),
        { Unchanged: not null } => StageDecision.Reuse("the build was reused, and so are its packages"),
        _ => StageDecision.Run,
    };

    /// <summary>Null when the packages are already published and need not be here.</summary>
    public static async Task<PackagedProduct?> RunAsync(
        BuildRun run, ProductPlan product, FetchedSource source, PackageVersion version, ProvisionedBuilder builder, BuiltTree? built, BuildKeyState key,
        CancellationToken cancellationToken)
    {
        if (key.PublishedIn is not null) return null;
        var recordFile = run.Paths.BuildInfoFile(product.Name);
        if (key.Unchanged is { } unchanged) return Reused(unchanged, key.UnchangedArtifacts);

        var previous = BuildRecord.TryRead(recordFile, run.Log);
        var (files, record, sbom) = await PackageOnceAsync(run, product, source, version, builder, built!, key.Key,
            run.Paths.RpmTop(product.Name), run.Paths.Rpms(run.Plan.Distribution.Name), run.Paths.Srpms(run.Plan.Distribution.Name), cancellationToken);
        if (run.Plan.Packager == Packager.Fpm)
            run.Log.Warning($"{product.Name}: packaged by upstream's fpm (build.go pkg-rpm): its version is upstream's, and fpm makes no SRPM.");
        var attestations = sbom is null ? [] : await PackageAttestations.WriteAsync(run, product, builder, sbom, files, cancellationToken);
        foreach (var file in files.Rpms.Concat(files.Srpms).Concat(attestations)) run.Log.Information($"[{product.Name}/package] {run.Paths.Display(file)}");
        record = record with { Artifacts = [.. files.All.Concat(attestations).Select(BuildArtifact.Of)] };
        await record.WriteAsync(recordFile, cancellationToken);
        run.Log.Information($"[{product.Name}/package] {run.Paths.Display(recordFile)}");
        return new PackagedProduct(files, record, previous?.Repository == record.Repository ? previous.Commit : null) { Attestations = attestations };
    }

    /// <summary>
    /// Packages one build into the given folders, signed when the plan signs, with the SBOM it carries (none with fpm); the
    /// record it returns lists no artifacts yet.
    /// </summary>
    public static async Task<(RpmFiles Files, BuildRecord Record, BuildSbom? Sbom)> PackageOnceAsync(
        BuildRun run, ProductPlan product, FetchedSource source, PackageVersion version, ProvisionedBuilder builder, BuiltTree built, string key,
        string topDirectory, string rpmsDirectory, string srpmsDirectory, CancellationToken cancellationToken)
    {
        var record = new BuildRecord(product.Name, version.ToString(), run.Plan.Distribution.Name, RemoteUrl.Display(product.Repo), product.RequestedRef,
            source.Ref.Commit, source.Patches.Hash, [.. source.Submodules.Select(s => new SubmoduleEntry(s.Path, s.Url, s.Commit))], product.Recipe.Name,
            Hashing.FileSha256(product.Spec), builder.Tag, builder.ImageId, BuildRecord.ParseToolchains(built.ToolchainReport),
            source.Facts.CommitTime.ToUnixTimeSeconds(), [], key, false)
        {
            Bundled = [.. source.Bundled.Select(b => new BundledEntry(b.Name, RemoteUrl.Display(b.Dependency.Repo), b.Dependency.Ref, b.Commit))],
            ChangesSince = source.Facts.ChangesSince,
            PayloadCompression = run.Plan.Packager == Packager.Fpm ? null : run.Plan.Payload.Io,
        };
        if (run.Plan.Packager == Packager.Fpm) return (RpmPackager.CollectFpm(built, rpmsDirectory), record, null);
        var collecting = Inventory.CollectAsync(run.Containers(product), builder.Tag, record,
            new InventoryInputs(source.Worktree, source.Bundled.ToDictionary(b => b.Name, b => b.Worktree), built.Stage, product.Spec), cancellationToken);
        var packaging = new RpmPackager(run.Containers(product), run.Runner).PackageAsync(
            product.Name, product.Spec, run.Paths.Specs, source, built, record, collecting, Changelog.Text(source.Facts, version, run.Plan.ChangelogAuthor), version, builder,
            product.Recipe.RpmbuildOptions(run.Plan.Distribution, source.Worktree), run.Plan.Payload, topDirectory, rpmsDirectory, srpmsDirectory, cancellationToken);
        // Both are waited for before either's failure is reported, so that neither goes on behind the other.
        await Task.WhenAll(packaging, collecting);
        var files = await packaging;
        await Signer.WithPlanKeyAsync(run, product, builder.Tag, async signer =>
        {
            if (signer is null) return;
            await signer.SignPackagesAsync(product.Name, files.Rpms, cancellationToken);
            await signer.SignPackagesAsync(product.Name, files.Srpms, cancellationToken);
            run.Log.Information($"[{product.Name}/package] signed {files.Rpms.Length + files.Srpms.Length} package(s)");
        });
        return (files, record, await collecting);
    }

    /// <summary>The packages of the last build, whose key is this build's, where Build found them.</summary>
    private static PackagedProduct Reused(BuildRecord record, ImmutableArray<string> paths)
    {
        bool IsSrpm(string path) => path.EndsWith(".src.rpm", StringComparison.Ordinal);
        var files = new RpmFiles(
            [.. paths.Where(p => p.EndsWith(".rpm", StringComparison.Ordinal) && !IsSrpm(p))],
            [.. paths.Where(IsSrpm)],
            paths.FirstOrDefault(p => p.EndsWith(".tar.gz", StringComparison.Ordinal)) ?? "");
        return new PackagedProduct(files, record, null) { Attestations = [.. paths.Where(p => Attestations.Are(Path.GetFileName(p)))] };
    }
}
