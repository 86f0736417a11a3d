using System.Text;
using BuildKit.Configuration;
using BuildKit.Stages;

namespace BuildKit.Pipeline;

/// <summary>
/// The run as GitHub Actions shows it on the job's page: Markdown appended to $GITHUB_STEP_SUMMARY with each product's
/// version and release, and every stage's result, time and reason. Outside Actions nothing is written.
/// </summary>
public static class JobSummary
{
    public static bool UnderGitHubActions(EnvironmentSnapshot environment) =>
        string.Equals(environment[EnvVars.GitHubActions], "true", StringComparison.OrdinalIgnoreCase);

    public static void Append(BuildRun run, IReadOnlyList<ProductRun> products, IReadOnlyList<SummaryRow> rows)
    {
        if (!UnderGitHubActions(run.Environment) || run.Environment[EnvVars.GitHubStepSummary] is not { Length: > 0 } file) return;
        var text = new StringBuilder($"## BuildKit: {run.Plan.Target.Name} for {run.Plan.Distribution.Name}\n\n");
        text.Append("| product | version | release |\n|---|---|---|\n");
        foreach (var product in products)
            text.Append($"| {Cell(product.Name)} | {Cell(product.Version.ValueOrNull?.ToString() ?? "-")} | {Cell(product.Publication.ValueOrNull?.Url ?? "-")} |\n");
        text.Append("\n| product | stage | result | time | why |\n|---|---|---|---|---|\n");
        foreach (var row in rows)
            text.Append($"| {Cell(row.Product)} | {Cell(row.Stage)} | {(row.Result == "FAILED" ? "**FAILED**" : Cell(row.Result))} | {Cell(row.Time)} | {Cell(row.Why)} |\n");
        foreach (var failed in products.Where(p => p.Failure is not null))
            text.Append($"\n> {Cell(failed.Failure!.Message)}\n");
        File.AppendAllText(file, text.Append('\n').ToString());
    }

    /// <summary>A value as one Markdown table cell: no pipe or line break of its own.</summary>
    private static string Cell(string value) => value.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
