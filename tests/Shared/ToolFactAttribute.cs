namespace BuildKit.Testing;

/// <summary>Tells whether the real tools a test drives are on this machine.</summary>
public static class Tools
{
    public static bool IsCi =>
        Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(dir => File.Exists(System.IO.Path.Combine(dir, tool)));

    /// <summary>Why the test should skip, or null: a missing tool skips on a laptop but never under CI=true, where the test runs and fails.</summary>
    public static string? SkipReason(string[] tools)
    {
        var missing = tools.Where(t => !OnPath(t)).ToArray();
        return missing.Length == 0 || IsCi
            ? null
            : $"needs {string.Join(", ", missing)} on PATH (run tests/setup-machine.sh); under CI=true this test fails instead of skipping";
    }
}

/// <summary>A fact that needs real tools on PATH.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools) => Skip = Tools.SkipReason(tools);
}

/// <summary>A theory that needs real tools on PATH.</summary>
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(params string[] tools) => Skip = Tools.SkipReason(tools);
}
