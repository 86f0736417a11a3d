#r "bin/engine/YamlDotNet.dll"
#r "bin/engine/CliWrap.dll"
#r "bin/engine/BuildKit.dll"

using System.Threading;
using BuildKit;
using BuildKit.Configuration;
using BuildKit.Logging;
using BuildKit.Pipeline;

// The engine (src/BuildKit) does all the work. The tasks come from its one ordered list of stages: each stage's task
// depends on the one before it, and the targets that are not stages depend on their last stage.

var target = Argument("target", Targets.Default);
var log = new CakeBuildLog(Context.Log);
var interruption = Interruption.Listen(log);
var arguments = Context.Arguments.GetArguments()
    .ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value.ToList(), StringComparer.OrdinalIgnoreCase);
var root = MakeAbsolute(Directory("..")).FullPath;
// Cake runs in the script's folder; paths the user typed are relative to where ./build.sh was started.
if (EnvironmentVariable(EnvVars.CallerDirectory) is { } callerDirectory) System.IO.Directory.SetCurrentDirectory(callerDirectory);

// build.sh hands on, after --, what Cake would answer with its own text (--help, --version) or refuse (a bare word).
if (CommandLine.HandedOn(System.Environment.GetCommandLineArgs()) is { Length: > 0 } handedOn)
{
    await Engine(async () => Console.Write(await CommandLine.AnswerAsync(handedOn, root, arguments, log, interruption.Token)));
    return;
}

StageRunner pipeline = null;
if (!target.Equals(Targets.Test, StringComparison.OrdinalIgnoreCase))
{
    try
    {
        pipeline = StageRunner.Open(root, arguments, EnvironmentSnapshot.Capture(), DateTimeOffset.UtcNow, log);
    }
    catch (BuildKitException e)
    {
        throw new CakeException(e.ExitCode, e.Message);
    }
    pipeline.PrintPlan();
    await Engine(() => pipeline.PreflightAsync(interruption.Token));
}

string previous = null;
foreach (var stage in BuildPipeline.Stages)
{
    var task = Task(stage.Name).Description(stage.Description).Does(() => Engine(() => pipeline.RunAsync(stage, interruption.Token)));
    if (previous is not null) task.IsDependentOn(previous);
    previous = stage.Name;
}
foreach (var other in Targets.All.Where(t => BuildPipeline.Stages.All(s => s.Name != t.Name)))
{
    var task = Task(other.Name).Description(other.Description);
    if (other.LastStage is { } last) task.IsDependentOn(last);
    if (other.Name == Targets.Clean) task.Does(() => Engine(() => pipeline.CleanAsync(interruption.Token)));
    if (other.Name == Targets.Test) task.Does(() => Engine(() => TestSuite.RunAsync(root, EnvironmentSnapshot.Capture(), log, interruption.Token)));
}

Teardown(_ =>
{
    pipeline?.PrintSummary();
    pipeline?.Dispose();
});

// Cake ends a run whose task failed with exit code 1 whatever the task threw: the engine's own code is handed on here.
CakeException failure = null;
try
{
    RunTarget(target);
}
catch (Exception) when (failure is not null)
{
    throw failure;
}

/// <summary>Runs one engine entry point; a failure the engine explains ends the run with its message and exit code, no stack trace.</summary>
async Task Engine(Func<Task> stage)
{
    try
    {
        await stage();
    }
    catch (BuildKitException e)
    {
        throw failure = new CakeException(e.ExitCode, e.Message);
    }
    catch (OperationCanceledException) when (interruption.Requested)
    {
        var cancelled = interruption.Failure(pipeline?.CancelledAt ?? target);
        throw failure = new CakeException(cancelled.ExitCode, cancelled.Message);
    }
}

/// <summary>The engine's log, written through Cake's.</summary>
sealed class CakeBuildLog(ICakeLog cake) : IBuildLog
{
    public void Information(string message) => cake.Write(Verbosity.Normal, LogLevel.Information, "{0}", message);
    public void Warning(string message) => cake.Write(Verbosity.Minimal, LogLevel.Warning, "{0}", message);
    public void Error(string message) => cake.Write(Verbosity.Minimal, LogLevel.Error, "{0}", message);
    public void Verbose(string message) => cake.Write(Verbosity.Verbose, LogLevel.Verbose, "{0}", message);
}
