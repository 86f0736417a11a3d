namespace BuildKit.Logging;

/// <summary>
/// The log under GitHub Actions: each step's output folds into a group (not when products run in parallel, whose lines
/// interleave), and each failure is also an error annotation titled with its product and stage, shown on the run's page.
/// The lines are the workflow commands GitHub documents, their values escaped as the runner reads them.
/// </summary>
public sealed class GitHubActionsLog(IBuildLog inner, bool groups) : IBuildLog
{
    public void Information(string message) => inner.Information(message);
    public void Warning(string message) => inner.Warning(message);
    public void Error(string message) => inner.Error(message);
    public void Verbose(string message) => inner.Verbose(message);

    public void BeginGroup(string title)
    {
        if (groups) inner.Information($"::group::{Data(title)}");
    }

    public void EndGroup()
    {
        if (groups) inner.Information("::endgroup::");
    }

    public void Annotate(string where, string failure) => inner.Information($"::error title={Property("BuildKit " + where)}::{Data(failure)}");

    private static string Data(string value) => value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string Property(string value) => Data(value).Replace(":", "%3A").Replace(",", "%2C");
}
