using BuildKit.Logging;
using BuildKit.Processes;

namespace BuildKit.Containers;

/// <summary>
/// The process that started a container, written on it as a label: this host, its pid and its start time (a pid alone can
/// be reused). A run that is killed outright (SIGKILL, a lost CI runner) cannot remove its containers; two things bound them:
/// every container ends by itself once its owner has not renewed its lease for <see cref="Grace"/>, and every later run
/// on this host removes the containers whose owner is gone before it starts its own.
/// </summary>
public sealed record ContainerOwner(string Host, int Pid, long Started)
{
    public const string Label = "buildkit.owner";

    /// <summary>How often a living owner renews its containers' lease.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    /// <summary>How long a container outlives an owner that stopped renewing its lease.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(120);

    /// <summary>The file whose age is the lease: the owner touches it, the container's main process watches it.</summary>
    public const string LeaseFile = "/tmp/buildkit-lease";

    public static ContainerOwner Current { get; } = Of(Environment.ProcessId) ?? new ContainerOwner(Environment.MachineName, Environment.ProcessId, 0);

    public override string ToString() => $"{Host}/{Pid}/{Started}";

    /// <summary>The container's main process: it keeps the container up while the lease is fresh, and ends it once it is not.</summary>
    public static string[] Watchdog =>
    [
        "sh", "-c",
        $"touch {LeaseFile}; while [ $(( $(date +%s) - $(stat -c %Y {LeaseFile}) )) -lt {(int)Grace.TotalSeconds} ]; do sleep 5; done",
    ];

    public static ContainerOwner? Parse(string label)
    {
        var parts = label.Split('/');
        return parts.Length == 3 && int.TryParse(parts[1], out var pid) && long.TryParse(parts[2], out var started) ? new ContainerOwner(parts[0], pid, started) : null;
    }

    /// <summary>
    /// True when this owner's process no longer runs on this host (its pid is free, or taken by a later process). Where /proc
    /// cannot tell (not Linux), no owner is ever taken for gone.
    /// </summary>
    public bool IsGone => Host == Environment.MachineName && OperatingSystem.IsLinux() && Started != 0 && Of(Pid) != this;

    /// <summary>
    /// Removes the containers on this engine whose owner on this host is gone, and says so. Containers of other hosts (a shared
    /// remote engine) are left to their own hosts.
    /// </summary>
    public static async Task<int> RemoveOrphansAsync(ContainerEngine engine, IProcessRunner runner, IBuildLog log, LogStep step, CancellationToken cancellationToken)
    {
        var listing = await runner.RunAsync(engine.Command(step, "ps", "--all", "--filter", "label=" + Label, "--format", "{{.Names}}\t" + engine.LabelTemplate(Label))
            with { AcceptsFailure = true }, cancellationToken);
        var orphans = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2 && Parse(fields[1]) is { IsGone: true })
            .Select(fields => fields[0])
            .ToList();
        if (orphans.Count == 0) return 0;
        await runner.RunAsync(engine.Command(step, ["rm", "--force", .. orphans]) with { AcceptsFailure = true }, cancellationToken);
        log.Information($"[{step}] removed {orphans.Count} container(s) left running by a BuildKit run that ended without removing them: {string.Join(", ", orphans)}");
        return orphans.Count;
    }

    /// <summary>
    /// The owner a running pid is: its start time in clock ticks since boot, read from /proc (a fixed number, unlike a
    /// computed wall-clock start time, which two processes can see differ by milliseconds). Null when no such process runs.
    /// </summary>
    private static ContainerOwner? Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return new ContainerOwner(Environment.MachineName, pid, long.Parse(fields[StartTimeField]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>starttime is field 22 of /proc/PID/stat; counted from the state field, which follows the command's closing parenthesis.</summary>
    private const int StartTimeField = 22 - 3;
}
