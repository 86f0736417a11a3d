using System.Collections.Concurrent;
using BuildKit.Containers;
using BuildKit.Planning;
using BuildKit.Stages.Build;
using BuildKit.Stages.Fetch;
using BuildKit.Stages.Package;
using BuildKit.Stages.Publish;
using BuildKit.Stages.Verify;
using BuildKit.Versioning;

namespace BuildKit.Pipeline;

/// <summary>A value one stage produces for a product and later stages read; it is written once, by its stage.</summary>
public sealed class Slot<T>(string name, string writer) where T : class
{
    private T? _value;

    public bool IsSet => _value is not null;

    public T Value => _value ?? throw new InvalidOperationException($"The {name} is written by {writer}, which has not run for this product.");

    public T? ValueOrNull => _value;

    public void Set(T value)
    {
        if (Interlocked.CompareExchange(ref _value, value, null) is not null)
            throw new InvalidOperationException($"The {name} is written once, by {writer}.");
    }
}

/// <summary>How one stage went for one product: what it decided, how it ended, how long it took.</summary>
public sealed record StageOutcome(StageDecision Decision, string Result, TimeSpan Duration);

/// <summary>One product's way through the pipeline: its plan, a typed slot per stage's output, and what each stage did.</summary>
public sealed class ProductRun(ProductPlan plan)
{
    public ProductPlan Plan { get; } = plan;
    public string Name => Plan.Name;

    public Slot<FetchedSource> Source { get; } = new("source", "Fetch");
    public Slot<PackageVersion> Version { get; } = new("version", "Version");
    public Slot<ProvisionedBuilder> Builder { get; } = new("builder", "Provision");
    public Slot<BuildKeyState> Key { get; } = new("build key", "Build");
    public Slot<BuiltTree> Build { get; } = new("build output", "Build");
    public Slot<PackagedProduct> Packages { get; } = new("packages", "Package");
    public Slot<VerificationReport> Verification { get; } = new("verification", "Verify");
    public Slot<IReadOnlyList<JobResult>> Imported { get; } = new("results built elsewhere", "Publish");
    public Slot<PublishResult> Publication { get; } = new("publication", "Publish");

    public ConcurrentDictionary<string, StageOutcome> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>The failure that stopped this product; its later stages do not run.</summary>
    public StageFailedException? Failure { get; set; }
}
