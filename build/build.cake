#r "../src/BuildKit/bin/Release/net10.0/YamlDotNet.dll"
#r "../src/BuildKit/bin/Release/net10.0/BuildKit.dll"

using System.Threading;
using BuildKit;
using BuildKit.Configuration;
using BuildKit.Logging;
using BuildKit.Planning;

// The engine (src/BuildKit) does all the work; this file is the task graph, top to bottom, in pipeline order.

var target = Argument("target", Targets.Default);
var log = new CakeBuildLog(Context.Log);
var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
var arguments = Context.Arguments.GetArguments()
    .ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value.ToList(), StringComparer.OrdinalIgnoreCase);
var root = MakeAbsolute(Directory("..")).FullPath;
// Cake runs in the script's folder; paths the user typed are relative to where ./build.sh was started.
if (EnvironmentVariable(EnvVars.CallerDirectory) is { } callerDirectory) System.IO.Directory.SetCurrentDirectory(callerDirectory);

BuildSession session = null;
if (!target.Equals(Targets.Test, StringComparison.OrdinalIgnoreCase))
{
    try
    {
        session = BuildSession.Open(root, arguments, EnvironmentSnapshot.Capture(), DateTimeOffset.UtcNow, log);
    }
    catch (ConfigurationException e)
    {
        throw new CakeException(ConfigurationException.ExitCode, e.Message);
    }
    session.PrintPlan();
}

Task(Targets.Plan)
    .Description("Print the build plan and stop; touches no docker, git remote or network.");

Task(Targets.Fetch)
    .Description("Mirror each product's repository, resolve the ref, export a clean tree with submodules and patches.")
    .Does(() => Engine(() => session.FetchAsync(cancellation.Token)));

Task(Targets.Version)
    .Description("Print PRODUCT VERSION-RELEASE COMMIT for each product, as a build would version it.")
    .IsDependentOn(Targets.Fetch)
    .Does(() => Engine(() => session.VersionAsync(cancellation.Token)));

Task(Targets.Provision)
    .Description("Make or reuse each product's builder image (tag = content hash of its definition).")
    .IsDependentOn(Targets.Version)
    .Does(() => Engine(() => session.ProvisionAsync(cancellation.Token)));

Task(Targets.Build)
    .Description("Run each product's recipe in a fresh builder container and stage its install tree.")
    .IsDependentOn(Targets.Provision)
    .Does(() => Engine(() => session.BuildAsync(cancellation.Token)));

Task(Targets.Package)
    .Description("Make Source0 and BUILDINFO, then the RPMs and SRPM with rpmbuild and the product's spec.")
    .IsDependentOn(Targets.Build)
    .Does(() => Engine(() => session.PackageAsync(cancellation.Token)));

Task(Targets.Verify)
    .Description("rpmlint every package, install it in a fresh container, upgrade from the previous build.")
    .IsDependentOn(Targets.Package)
    .Does(() => Engine(() => session.VerifyAsync(cancellation.Token)));

Task(Targets.Default)
    .Description("Run every stage the plan says runs.")
    .IsDependentOn(Targets.Verify);

Task(Targets.Publish)
    .Description("Publish each product's packages, SRPM, buildinfo.json and SHA256SUMS to its GitHub release.")
    .IsDependentOn(Targets.Verify)
    .Does(() => Engine(() => session.PublishAsync(cancellation.Token)));

Task(Targets.Nightly)
    .Description("Verify, then publish each product to its rolling nightly pre-release, which keeps the newest builds.")
    .IsDependentOn(Targets.Verify)
    .Does(() => Engine(() => session.PublishAsync(cancellation.Token)));

Task(Targets.Test)
    .Description("Prepare this machine for the tests (tools, docker) and run every test.")
    .Does(() => Engine(() => TestSuite.RunAsync(root, EnvironmentSnapshot.Capture(), log, cancellation.Token)));

Teardown(_ => session?.PrintSummary());

RunTarget(target);

/// <summary>Runs one engine entry point; a failure the engine explains ends the run with its message and exit code, no stack trace.</summary>
async Task Engine(Func<Task> stage)
{
    try
    {
        await stage();
    }
    catch (Exception e) when (Failures.IsExplained(e))
    {
        throw new CakeException(Failures.StageFailed, e.Message);
    }
}

/// <summary>The engine's log, written through Cake's.</summary>
sealed class CakeBuildLog(ICakeLog cake) : IBuildLog
{
    public void Information(string message) => cake.Write(Verbosity.Normal, LogLevel.Information, "{0}", message);
    public void Warning(string message) => cake.Write(Verbosity.Minimal, LogLevel.Warning, "{0}", message);
    public void Error(string message) => cake.Write(Verbosity.Quiet, LogLevel.Error, "{0}", message);
    public void Verbose(string message) => cake.Write(Verbosity.Verbose, LogLevel.Verbose, "{0}", message);
}
