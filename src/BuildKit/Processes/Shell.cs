namespace BuildKit.Processes;

/// <summary>Quoting for bash, the one place a value is made safe to paste into a script or an echoed command line.</summary>
public static class Shell
{
    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./=:,+@%^~".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));
}
