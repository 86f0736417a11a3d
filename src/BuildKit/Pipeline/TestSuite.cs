using System.Xml.Linq;
using BuildKit.Configuration;
using BuildKit.Logging;
using BuildKit.Processes;

namespace BuildKit.Pipeline;

/// <summary>The README's test command: prepare the machine, run every test project, print one totals line.</summary>
public static class TestSuite
{
    public static async Task RunAsync(string root, EnvironmentSnapshot environment, IBuildLog log, CancellationToken cancellationToken)
    {
        var paths = new Paths(Path.GetFullPath(root));
        var runner = new ProcessRunner(log, paths.Logs);
        var step = new LogStep("tests", "test");
        await runner.RunAsync(new ToolCommand("bash", paths.TestMachineSetup).InStep(new LogStep("tests", "setup-machine")), cancellationToken);

        if (Directory.Exists(paths.TestResults)) Directory.Delete(paths.TestResults, recursive: true);
        var test = new ToolCommand("dotnet", "test", paths.Solution, "-c", "Release", "--nologo",
                "--logger", "trx", "--logger", "console;verbosity=normal", "--results-directory", paths.TestResults)
            .InDirectory(paths.Root)
            .InStep(step)
            .WithEnvironment(EnvVars.Ci, environment[EnvVars.Ci])
            .WithHint("Read the failing tests above; the full log is in " + paths.Display(Path.Combine(paths.Logs, "tests", "test.log")) + ".")
            with { AcceptsFailure = true };
        var result = await runner.RunAsync(test, cancellationToken);

        var totals = Totals(paths.TestResults);
        // Written past the log on purpose: CI reads this closing line verbatim, and Cake's log colours it.
        Console.WriteLine($"Tests: {totals.Passed} passed, {totals.Failed} failed, {totals.Skipped} skipped");
        if (!result.Succeeded || totals.Failed > 0 || totals.Passed == 0)
            throw new ToolFailedException(test, result.ExitCode, "", totals.Passed == 0 ? "No test ran." : $"{totals.Failed} test(s) failed.");
    }

    private static (int Passed, int Failed, int Skipped) Totals(string resultsDirectory)
    {
        if (!Directory.Exists(resultsDirectory)) return (0, 0, 0);
        var counters = Directory.GetFiles(resultsDirectory, "*.trx", SearchOption.AllDirectories)
            .Select(file => XDocument.Load(file).Descendants().First(e => e.Name.LocalName == "Counters"))
            .ToList();
        int Sum(string attribute) => counters.Sum(c => int.Parse(c.Attribute(attribute)?.Value ?? "0"));
        return (Sum("passed"), Sum("failed") + Sum("error") + Sum("timeout") + Sum("aborted"), Sum("notExecuted"));
    }
}
