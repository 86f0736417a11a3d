namespace BuildKit.Pipeline;

/// <summary>A failure of one product in one stage: its message begins PRODUCT/STAGE: and says what to do.</summary>
/// <remarks>A failure BuildKit does not explain is a bug: its type and stack trace are kept in the message, to be reported.</remarks>
public sealed class StageFailedException(string product, string stage, Exception cause)
    : BuildKitException(
        $"{product}/{stage}: {(cause is BuildKitException ? cause.Message : $"unexpected {cause.GetType().Name} (a BuildKit bug; please report it with this text): {cause}")}",
        (cause as BuildKitException)?.ExitCode ?? Failed)
{
    public string Product { get; } = product;
    public string Stage { get; } = stage;
}

/// <summary>The end of a run in which products failed: every failure, one after another, each with its product and stage.</summary>
public sealed class RunFailedException(IReadOnlyList<StageFailedException> failures)
    : BuildKitException(
        failures.Count == 1
            ? failures[0].Message
            : $"{failures.Count} products failed:\n" + string.Join("\n", failures.Select(f => f.Message)),
        failures.Max(f => f.ExitCode))
{
    public IReadOnlyList<StageFailedException> Failures { get; } = failures;
}
