using System.Collections.Immutable;
using BuildKit.Configuration;
using BuildKit.Planning;

namespace BuildKit.Pipeline;

/// <summary>A target a user can run: every stage up to and including <paramref name="LastStage"/>, or none.</summary>
public sealed record Target(string Name, string Description, string? LastStage, bool Rolling = false);

/// <summary>The targets: one per stage (that stage and every one before it), and the few that are not a stage.</summary>
public static class Targets
{
    public const string Plan = "Plan";
    public const string Default = BuildArguments.DefaultTarget;
    public const string Nightly = "Nightly";
    public const string Test = "Test";
    public const string Clean = "Clean";

    /// <summary>Every target, the stages' in pipeline order.</summary>
    public static ImmutableArray<Target> All { get; } =
    [
        new(Plan, "Print the build plan and stop; touches no docker, git remote or network.", null),
        .. BuildPipeline.Stages.Select(stage => new Target(stage.Name, stage.Description, stage.Name)),
        new(Default, "Run every stage up to Verify: build, package and verify each product.", BuildPipeline.Verify),
        new(Nightly, "Verify, then publish each product to its rolling nightly pre-release, which keeps the newest builds.", BuildPipeline.Publish, Rolling: true),
        new(Clean, "Remove what runs that were killed left behind: containers whose BuildKit process is gone.", null),
        new(Test, "Prepare this machine for the tests (tools, docker) and run every test.", null),
    ];

    public static Target Named(string name) =>
        All.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException($"Unknown target '{name}'. Use --{Options.Target}= one of: {string.Join(", ", All.Select(t => t.Name))}.");

    /// <summary>What a target runs, for the plan. Plan previews what Default would run.</summary>
    public static TargetScope Scope(string name)
    {
        var target = Named(name);
        var effective = target.Name == Plan ? Named(Default) : target;
        var stages = BuildPipeline.Stages.Select(s => s.Name).ToImmutableArray();
        var last = effective.LastStage is null ? -1 : stages.IndexOf(effective.LastStage);
        var runs = stages.Take(last + 1).ToImmutableArray();
        return new TargetScope(effective.Name, stages, runs, runs.Contains(BuildPipeline.Publish), effective.Rolling,
            [.. runs.Where(stage => stage is BuildPipeline.Provision or BuildPipeline.Publish)], Preview: target.Name == Plan) { Packages = runs.Contains(BuildPipeline.Package) };
    }
}
