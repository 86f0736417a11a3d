using System.Reflection;
using BuildKit.Configuration;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("BuildKit.IntegrationTests.SharedToolCaches", "BuildKit.IntegrationTests")]

namespace BuildKit.IntegrationTests;

/// <summary>
/// Every build of this test run keeps its tool caches (ccache, Go, npm and yarn) in volumes of the run's own, shared by
/// its tests as --cache-volumes shares them between checkouts: the fixtures' sources are the same in every test, so
/// each is compiled and downloaded once per run rather than once per test. The volumes go after the last test, before
/// the run reports that it finished (xunit disposes of its framework in the background, too late to rely on), and
/// those of a run that was killed go when the next one starts.
/// </summary>
public sealed class SharedToolCaches : XunitTestFramework
{
    private const string Prefix = "buildkit-tests-";

    public SharedToolCaches(IMessageSink messageSink) : base(messageSink)
    {
        if (!Tools.OnPath("docker")) return;
        RemoveVolumes(name => !IsRunning(OwnerOf(name)));
        Environment.SetEnvironmentVariable(EnvVars.CacheVolumes, Prefix + Environment.ProcessId);
    }

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnostics)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly assembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics, IMessageSink executionMessages, ITestFrameworkExecutionOptions options)
        : XunitTestAssemblyRunner(assembly, testCases, diagnostics, executionMessages, options)
    {
        protected override Task BeforeTestAssemblyFinishedAsync()
        {
            if (Tools.OnPath("docker")) RemoveVolumes(name => OwnerOf(name) == Environment.ProcessId);
            return base.BeforeTestAssemblyFinishedAsync();
        }
    }

    private static int OwnerOf(string volume) =>
        int.TryParse(volume[Prefix.Length..].Split('-')[0], out var pid) ? pid : 0;

    private static bool IsRunning(int pid) => pid > 0 && Directory.Exists($"/proc/{pid}");

    private static void RemoveVolumes(Func<string, bool> which) => Docker.RemoveVolumes(Prefix, which);
}
