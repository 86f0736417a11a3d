using System.Collections.Immutable;

namespace BuildKit.Processes;

/// <summary>Where a command's output is logged: artifacts/logs/PRODUCT/STEP.log, and the console prefix.</summary>
public sealed record LogStep(string Product, string Name)
{
    public override string ToString() => $"{Product}/{Name}";
}

/// <summary>
/// One process invocation as an immutable value: nothing runs until an <see cref="IProcessRunner"/> is handed it.
/// </summary>
public sealed record ToolCommand
{
    public ToolCommand(string program, params IEnumerable<string> arguments)
    {
        Program = program;
        Arguments = [.. arguments];
    }

    public string Program { get; init; }
    public ImmutableArray<string> Arguments { get; init; }
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set for the process on top of the inherited environment; a null value removes the variable.</summary>
    public ImmutableDictionary<string, string?> Environment { get; init; } = ImmutableDictionary<string, string?>.Empty;

    /// <summary>Values that must never be shown: they are redacted from the echoed command line, the output and errors.</summary>
    public ImmutableArray<string> Secrets { get; init; } = [];

    public LogStep? Step { get; init; }

    /// <summary>When true, output goes to the log file only, not to the console (probes, queries).</summary>
    public bool Quiet { get; init; }

    /// <summary>When true, a non-zero exit code is returned in the result instead of raising <see cref="ToolFailedException"/>.</summary>
    public bool AcceptsFailure { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>What the user should do when this command fails, shown at the end of the error.</summary>
    public string? Hint { get; init; }

    /// <summary>Text written to the process's standard input, then closed.</summary>
    public string? StandardInput { get; init; }

    public ToolCommand WithArguments(params IEnumerable<string> arguments) => this with { Arguments = [.. Arguments, .. arguments] };
    public ToolCommand InDirectory(string directory) => this with { WorkingDirectory = directory };
    public ToolCommand WithEnvironment(string name, string? value) => this with { Environment = Environment.SetItem(name, value) };
    public ToolCommand WithSecret(string value) => string.IsNullOrEmpty(value) ? this : this with { Secrets = Secrets.Add(value) };
    public ToolCommand InStep(LogStep step) => this with { Step = step };
    public ToolCommand WithHint(string hint) => this with { Hint = hint };

    /// <summary>The command line as a shell would read it, with every secret value replaced by ***.</summary>
    public string Render() => Redact(Shell.Join([Program, .. Arguments]));

    public string Redact(string text)
    {
        foreach (var secret in Secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length))
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    public override string ToString() => Render();
}
