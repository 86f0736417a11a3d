using System.Runtime.CompilerServices;
using BuildKit.Configuration;

namespace BuildKit.IntegrationTests;

/// <summary>
/// Every build of this test run keeps its tool caches (ccache, Go, npm and yarn) in volumes of the run's own, shared by
/// its tests as --cache-volumes shares them between checkouts: the fixtures' sources are the same in every test, so
/// each is compiled and downloaded once per run rather than once per test. The volumes go when the run ends, and those
/// of a run that was killed go when the next one starts.
/// </summary>
internal static class SharedToolCaches
{
    private const string Prefix = "buildkit-tests-";

    [ModuleInitializer]
    internal static void UseTheRunsOwnVolumes()
    {
        if (!Tools.OnPath("docker")) return;
        RemoveVolumes(name => !IsRunning(OwnerOf(name)));
        var own = Prefix + Environment.ProcessId;
        Environment.SetEnvironmentVariable(EnvVars.CacheVolumes, own);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveVolumes(name => OwnerOf(name) == Environment.ProcessId);
    }

    private static int OwnerOf(string volume) =>
        int.TryParse(volume[Prefix.Length..].Split('-')[0], out var pid) ? pid : 0;

    private static bool IsRunning(int pid) => pid > 0 && Directory.Exists($"/proc/{pid}");

    private static void RemoveVolumes(Func<string, bool> which)
    {
        var volumes = Docker.Run("volume", "ls", "--quiet", "--filter", "name=" + Prefix).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && which(name)).ToArray();
        if (volumes.Length > 0) Docker.Run(["volume", "rm", "--force", .. volumes]);
    }
}
