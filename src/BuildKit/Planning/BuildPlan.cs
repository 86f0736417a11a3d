using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.GitHub;
using BuildKit.Products;
using BuildKit.Versioning;

namespace BuildKit.Planning;

/// <summary>What a stage does for a product: run it, skip it, or reuse what an earlier build made.</summary>
public enum DecisionKind
{
    Run,
    Skip,
    Reuse,
}

/// <summary>A stage's decision for one product, with its reason when it does not simply run.</summary>
public sealed record StageDecision(DecisionKind Kind, string? Reason = null)
{
    public static StageDecision Run { get; } = new(DecisionKind.Run);

    public static StageDecision Skip(string reason) => new(DecisionKind.Skip, reason);

    public static StageDecision Reuse(string reason) => new(DecisionKind.Reuse, reason);

    public bool Runs => Kind != DecisionKind.Skip;

    public override string ToString() => Kind switch
    {
        DecisionKind.Run => "run",
        DecisionKind.Skip => $"skip: {Reason}",
        _ => $"reuse: {Reason}",
    };
}

/// <summary>What the chosen target runs, out of the pipeline's stages in their order.</summary>
/// <param name="Preview">The Plan target: print what <paramref name="Name"/> would run, run nothing.</param>
/// <param name="Rolling">Publish into each product's rolling nightly release instead of a release per version.</param>
/// <param name="RunsWithResults">The stages of <paramref name="Runs"/> that still run when the results were built elsewhere (--from).</param>
public sealed record TargetScope(
    string Name, ImmutableArray<string> AllStages, ImmutableArray<string> Runs, bool Publishes, bool Rolling, ImmutableArray<string> RunsWithResults, bool Preview = false)
{
    /// <summary>The target makes packages: only then is what only packages carry (a recipe's vendored sources, its SBOM's npm licences) worth making.</summary>
    public bool Packages { get; init; }
}

/// <summary>Everything decided up front for one product, the stage decisions included.</summary>
/// <param name="Where">FILE:LINE of the product's entry in the products file, for messages about it.</param>
public sealed record ProductPlan(
    string Name,
    string Where,
    string Repo,
    string RequestedRef,
    string? PinnedCommit,
    IRecipe Recipe,
    string Spec,
    ImmutableArray<string> Patches,
    UpstreamBranch? Upstream,
    string OutputDirectory,
    ImmutableArray<CacheMount> Caches,
    ImmutableDictionary<string, string> PassThrough,
    ImmutableArray<PlannedStage> Stages)
{
    /// <summary>Where its RPM version comes from (version-from:); tags by default.</summary>
    public VersionSource VersionFrom { get; init; } = VersionSource.Tag;

    /// <summary>
    /// <see cref="Repo"/> is a local working copy given on the command line without a ref: what is on disk is built, its
    /// tracked changes and the untracked files git does not ignore included.
    /// </summary>
    public bool WorkingCopy { get; init; }

    /// <summary>What <see cref="RequestedRef"/> says for a working copy.</summary>
    public const string WorkingCopyRef = "working copy";

    public StageDecision this[string stage] => Stages.Single(s => s.Stage == stage).Decision;
}

/// <summary>One stage of a product's plan, as decided before anything runs.</summary>
public sealed record PlannedStage(string Stage, StageDecision Decision);

/// <summary>How builders are provisioned and steps run: engine, base image, trust, mirrors and caches.</summary>
/// <param name="CaFileChosenBy">The option or variable that named <paramref name="CaFile"/>, for messages about it.</param>
public sealed record BuilderSettings(
    string? Engine,
    string BaseImage,
    bool Rebuild,
    string? CaFile,
    string? CaFileChosenBy,
    bool UseCaches,
    string? DistroMirror)
{
    /// <summary>Whether the engine sees this machine's files (bind mounts) or gets them copied in and out, and why.</summary>
    public EngineLocation Location { get; init; } = EngineLocation.Local;

    /// <summary>The folder Go releases a tree pins come from, or null when such trees are refused (--go-download=none).</summary>
    public string? GoDownload { get; init; } = GoReleases.DefaultDownload;
}

/// <summary>Where the hosted dnf repository goes: a git remote (without credentials) and branch, served at <paramref name="Url"/>.</summary>
public sealed record HostedRepositorySettings(string Remote, string Branch, string Url);

/// <summary>Whether and with which key packages and metadata are signed; null key file means the key is in $BUILDKIT_GPG_KEY.</summary>
public sealed record SigningSettings(bool Enabled, string? KeyFile);

/// <summary>
/// The one immutable description of a run, computed by <see cref="BuildPlanner"/> before anything happens and printed first.
/// </summary>
/// <param name="CacheChosenBy">The option, variable or default that chose <paramref name="CacheDirectory"/>, for messages about it.</param>
/// <param name="GitCredentials">Credentials that were written into repository and mirror URLs, by origin; every URL of the plan is without them.</param>
public sealed record BuildPlan(
    TargetScope Target,
    DateTimeOffset Timestamp,
    string ConfigFile,
    Distribution Distribution,
    int Release,
    bool AllowDowngrade,
    string CacheDirectory,
    string CacheChosenBy,
    ImmutableDictionary<string, string> Mirrors,
    ImmutableDictionary<string, RemoteCredential> GitCredentials,
    BuilderSettings Builder,
    Packager Packager,
    bool CheckReproducible,
    GitHubSettings GitHub,
    bool DryRun,
    SigningSettings Signing,
    string? RepoUrl,
    int KeepNightlies,
    bool Parallel,
    bool NoWait,
    bool ReportUpstream,
    ImmutableArray<ProductPlan> Products)
{
    /// <summary>Who the RPMs' %changelog entry names, as "NAME &lt;EMAIL&gt;".</summary>
    public string ChangelogAuthor { get; init; } = Versioning.Changelog.DefaultAuthor;

    /// <summary>How rpmbuild compresses the packages' payload.</summary>
    public PayloadCompression Payload { get; init; } = PayloadCompression.Fast;

    /// <summary>The prefix of the tool cache volumes' names: PREFIX-PRODUCT-KIND.</summary>
    public string CacheVolumes { get; init; } = "";

    /// <summary>Build in an empty build folder from a fresh tree, not in place of the last build's.</summary>
    public bool Clean { get; init; }

    /// <summary>--repo-push: the git remote and branch the dnf repository is pushed to, served as static pages.</summary>
    public HostedRepositorySettings? HostedRepository { get; init; }

    /// <summary>--from: the folder of results built elsewhere that Publish publishes; no stage before it builds anything.</summary>
    public string? From { get; init; }

    public bool Runs(string stage) => Products.Any(p => p[stage].Runs);
}
