namespace BuildKit;

/// <summary>
/// A failure BuildKit explains itself: what went wrong and what to do next. Its message is the whole story, so no stack
/// trace is shown; the stage runner adds the product and stage it came from.
/// </summary>
public class BuildKitException(string message, int exitCode = BuildKitException.Failed) : Exception(message)
{
    /// <summary>The exit code of a failed build. Bad input found while planning exits with <see cref="BadInput"/>.</summary>
    public const int Failed = 1;

    /// <summary>The exit code for bad input (an option, the products file, the environment), distinct from a failed build.</summary>
    public const int BadInput = 2;

    public int ExitCode { get; } = exitCode;
}
