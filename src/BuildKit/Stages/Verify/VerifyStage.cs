using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Planning;
using BuildKit.Stages.Build;
using BuildKit.Stages.Fetch;
using BuildKit.Stages.Package;
using BuildKit.Versioning;

namespace BuildKit.Stages.Verify;

/// <summary>What Verify found: rpmlint's warnings, the install (or upgrade) test, and the second build when one was asked for.</summary>
public sealed record VerificationReport(int LintWarnings, InstallReport Install, ReproducibilityReport? Reproducibility);

/// <summary>
/// Verify: rpmlint on every package (debuginfo and debugsource too), the debuginfo package held against the package's
/// build-ids, then install the package itself (never its debuginfo) into a fresh container, and upgrade from the previous build of the
/// product when there is one (an explicit skip with its reason when there is none); with --check-reproducible, a second
/// build of the same inputs compared with the first.
/// </summary>
public static class VerifyStage
{
    public static StageDecision Decide(BuildKeyState key) => key switch
    {
        { PublishedIn: { } tag } => StageDecision.Reuse($"the build in {tag} passed Verify before it was published"),
        { Unchanged.Verified: true } => StageDecision.Reuse("the reused packages passed Verify when they were built"),
        _ => StageDecision.Run,
    };

    public static async Task<VerificationReport> RunAsync(
        BuildRun run, ProductPlan product, FetchedSource source, PackageVersion version, ProvisionedBuilder builder, PackagedProduct packaged,
        BuildKeyState key, CancellationToken cancellationToken)
    {
        var step = $"{product.Name}/verify";
        var containers = run.Containers(product);
        var findings = await new RpmLint(containers).CheckAsync(product.Name, [.. packaged.Rpms, .. packaged.Srpms], builder, run.Paths.Specs, cancellationToken);
        var warnings = findings.Count(f => f.Level == 'W');
        run.Log.Information($"[{step}] rpmlint: no errors, {warnings} warning(s)");

        var rpm = packaged.Rpms.Single(r => PackageFiles.NameOf(r) == product.Name);
        if (packaged.Rpms.FirstOrDefault(r => PackageFiles.NameOf(r) == product.Name + DebugInfoCheck.Suffix) is { } debugInfo)
        {
            var ids = await new DebugInfoCheck(containers).CheckAsync(product.Name, rpm, debugInfo, builder.Tag, cancellationToken);
            run.Log.Information($"[{step}] {Path.GetFileName(debugInfo)} holds the .debug files of all {ids} build-id(s) of {Path.GetFileName(rpm)}");
        }
        var previous = PackageFiles.PreviousBuild(product.Name, rpm);
        if (previous is null)
            run.Log.Information($"[{step}] upgrade test skipped: no earlier {product.Name} build in {run.Paths.Display(Path.GetDirectoryName(rpm)!)} (build an older ref first to test the upgrade path)");
        var family = run.Plan.Distribution.Family;
        var report = await new InstallTester(containers).RunAsync(product.Name, product.Name, rpm, previous, product.Recipe.Checks,
            ExpectedVersion.Of(version, source.Facts.UpstreamVersion), family, family == PackageFamily.Dnf ? run.Plan.Builder.BaseImage : builder.Tag, cancellationToken);
        run.Log.Information($"[{step}] {(report.UpgradedFrom is { } from ? $"upgraded from {from}" : "installed")}: {report.SmokeOutput}");
        foreach (var note in report.Notes) run.Log.Information($"[{step}] {note}");
        if (!report.UncheckedDependencies.IsEmpty)
            run.Log.Information($"[{step}] not checked on the {run.Plan.Distribution.FamilyName} family (rpm cannot resolve distribution packages there): {string.Join(", ", report.UncheckedDependencies)}");

        ReproducibilityReport? reproducibility = null;
        if (run.Plan.CheckReproducible)
        {
            reproducibility = await RebuildAndCompareAsync(run, product, source, version, builder, packaged, key, cancellationToken);
            run.Log.Information($"[{step}] reproducibility: {reproducibility.Summary}");
        }
        await (packaged.Record with { Verified = true }).WriteAsync(run.Paths.BuildInfoFile(product.Name), cancellationToken);
        return new VerificationReport(warnings, report, reproducibility);
    }

    /// <summary>
    /// --check-reproducible: builds and packages the same inputs a second time, apart, in a second tree of the same commit,
    /// submodules and patches (so the rebuild sees none of the first build's outputs), and compares the packages.
    /// </summary>
    private static async Task<ReproducibilityReport> RebuildAndCompareAsync(
        BuildRun run, ProductPlan product, FetchedSource source, PackageVersion version, ProvisionedBuilder builder, PackagedProduct first,
        BuildKeyState key, CancellationToken cancellationToken)
    {
        var again = Path.Combine(run.Paths.Reproducibility, product.Name);
        var tree = await SourceFetcher.For(run).ExportAgainAsync(source, Path.Combine(again, "tree"), cancellationToken);
        var built = await BuildStage.RunAsync(run, product, tree, version, builder,
            new BuildFolders(Path.Combine(again, "build"), Path.Combine(again, "stage"), Path.Combine(again, "bundled"), Path.Combine(again, "vendored")), cancellationToken, reproducibilityRebuild: true);
        var (second, _, _) = await PackageStage.PackageOnceAsync(run, product, tree, version, builder, built, key.Key,
            Path.Combine(again, "rpmbuild"), Path.Combine(again, "rpms"), Path.Combine(again, "srpms"), cancellationToken);
        return await new ReproducibilityCheck(run.Containers(product)).CompareAsync(
            product.Name, [.. first.Rpms, .. first.Srpms], [.. second.Rpms, .. second.Srpms], builder, cancellationToken);
    }
}
