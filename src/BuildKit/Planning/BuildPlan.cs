using System.Collections.Immutable;
using BuildKit.Containers;

namespace BuildKit.Planning;

/// <summary>The pipeline's stages, in the order they run.</summary>
public enum Stage
{
    Fetch,
    Version,
    Provision,
    Build,
    Package,
    Verify,
    Publish,
}

/// <summary>Whether a stage runs for a product, and if not, why.</summary>
public sealed record StagePlan(Stage Stage, string? SkipReason)
{
    public bool Runs => SkipReason is null;
    public static StagePlan Run(Stage stage) => new(stage, null);
    public static StagePlan Skip(Stage stage, string reason) => new(stage, reason);
}

/// <summary>Everything decided up front for one product.</summary>
public sealed record ProductPlan(
    string Name,
    string Repo,
    string RequestedRef,
    string? PinnedCommit,
    string Recipe,
    string Spec,
    ImmutableArray<string> Patches,
    Configuration.UpstreamBranch? Upstream,
    string OutputDirectory,
    ImmutableArray<StagePlan> Stages)
{
    public StagePlan this[Stage stage] => Stages.Single(s => s.Stage == stage);
}

/// <summary>How builders are provisioned and steps run: engine, base image, trust, mirrors and caches.</summary>
public sealed record BuilderSettings(
    string? Engine,
    string BaseImage,
    bool Rebuild,
    string? CaFile,
    bool UseCaches,
    string? DistroMirror,
    ImmutableDictionary<string, string> PassThrough);

/// <summary>Whether and with which key packages and metadata are signed; null key file means the key is in $BUILDKIT_GPG_KEY.</summary>
public sealed record SigningSettings(bool Enabled, string? KeyFile);

/// <summary>
/// The one immutable description of a run, computed by <see cref="BuildPlanner"/> before anything happens and printed first.
/// </summary>
public sealed record BuildPlan(
    string Target,
    DateTimeOffset Timestamp,
    string ConfigFile,
    Distribution Distribution,
    int Release,
    bool AllowDowngrade,
    string CacheDirectory,
    ImmutableDictionary<string, string> Mirrors,
    BuilderSettings Builder,
    Packaging.Packager Packager,
    bool CheckReproducible,
    Publishing.GitHubSettings GitHub,
    bool DryRun,
    SigningSettings Signing,
    string? RepoUrl,
    int KeepNightlies,
    bool Parallel,
    bool ReportUpstream,
    ImmutableArray<ProductPlan> Products)
{
    public bool Runs(Stage stage) => Products.Any(p => p[stage].Runs);
}
