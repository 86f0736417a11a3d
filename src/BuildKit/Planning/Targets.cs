using System.Collections.Immutable;
using BuildKit.Configuration;

namespace BuildKit.Planning;

/// <summary>The targets a user can run and the stages each one includes, top to bottom.</summary>
public static class Targets
{
    public const string Plan = "Plan";
    public const string Fetch = "Fetch";
    public const string Version = "Version";
    public const string Provision = "Provision";
    public const string Build = "Build";
    public const string Package = "Package";
    public const string Verify = "Verify";
    public const string Publish = "Publish";
    public const string Nightly = "Nightly";
    public const string Default = BuildArguments.DefaultTarget;
    public const string Test = "Test";

    public static ImmutableArray<string> All { get; } = [Plan, Fetch, Version, Provision, Build, Package, Verify, Default, Publish, Nightly, Test];

    /// <summary>The stages this BuildKit can run today; the others are planned and shown as skipped with that reason.</summary>
    public static ImmutableHashSet<Stage> Available { get; } = [Stage.Fetch, Stage.Version, Stage.Provision, Stage.Build, Stage.Package, Stage.Verify, Stage.Publish];

    public static string Canonical(string target) =>
        All.FirstOrDefault(t => t.Equals(target, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException($"Unknown target '{target}'. Use --{Options.Target}= one of: {string.Join(", ", All)}.");

    /// <summary>The stages a target runs. Plan previews what Default would run.</summary>
    public static ImmutableArray<Stage> StagesOf(string target) => target switch
    {
        Fetch => [Stage.Fetch],
        Version => [Stage.Fetch, Stage.Version],
        Provision => [Stage.Fetch, Stage.Version, Stage.Provision],
        Build => [Stage.Fetch, Stage.Version, Stage.Provision, Stage.Build],
        Package => [Stage.Fetch, Stage.Version, Stage.Provision, Stage.Build, Stage.Package],
        Verify => [Stage.Fetch, Stage.Version, Stage.Provision, Stage.Build, Stage.Package, Stage.Verify],
        Plan or Default => [Stage.Fetch, Stage.Version, Stage.Provision, Stage.Build, Stage.Package, Stage.Verify],
        Publish or Nightly => [.. Enum.GetValues<Stage>()],
        _ => [],
    };
}
