namespace BuildKit.Processes;

/// <summary>What a finished process left: its exit code, its (redacted) output and how long it took.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;
}
