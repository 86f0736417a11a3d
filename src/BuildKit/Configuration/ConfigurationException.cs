namespace BuildKit.Configuration;

/// <summary>Bad input from the user (an option, the products file, the environment): one line saying what, where and the fix.</summary>
public sealed class ConfigurationException(string message) : Exception(message)
{
    /// <summary>The exit code for bad input, distinct from a failed build (1).</summary>
    public const int ExitCode = 2;
}
