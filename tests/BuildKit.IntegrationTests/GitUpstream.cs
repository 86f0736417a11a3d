using BuildKit.Processes;

namespace BuildKit.IntegrationTests;

/// <summary>
/// A small upstream made in a temp folder: a working repository where the test commits, pushed to a bare repository
/// that BuildKit reads through a file:// URL, as it would read a fork on a server.
/// </summary>
public sealed class GitUpstream
{
    private static readonly ProcessRunner Runner = new(new RecordingLog());
    private DateTimeOffset _clock = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private GitUpstream(string work, string bare)
    {
        Work = work;
        Bare = bare;
    }

    public string Work { get; }
    public string Bare { get; }
    public string Url => "file://" + Bare;

    public static async Task<GitUpstream> CreateAsync(TempDir temp, string name)
    {
        var upstream = new GitUpstream(temp.Combine("work", name), temp.Combine("remotes", name + ".git"));
        Directory.CreateDirectory(upstream.Work);
        await Git(upstream.Work, null, "init", "--quiet", "--initial-branch=main");
        await Git(null, null, "init", "--quiet", "--bare", "--initial-branch=main", upstream.Bare);
        await upstream.GitAsync("remote", "add", "origin", upstream.Bare);
        return upstream;
    }

    /// <summary>Writes files and commits them one minute after the previous commit; returns the commit id.</summary>
    public async Task<string> CommitAsync(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(Work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
        }
        await GitAsync("add", "--all");
        _clock = _clock.AddMinutes(1);
        await GitAsync("commit", "--quiet", "--allow-empty", "-m", message);
        return await HeadAsync();
    }

    /// <summary>
    /// Copies a folder under tests/fixtures into the working tree, keeping executable bits, with an optional edit of
    /// each file's text, and commits it; returns the commit id.
    /// </summary>
    public async Task<string> CommitFixtureAsync(string fixture, string message, Func<string, string, string>? edit = null)
    {
        var root = Path.Combine(Repository.Root, "tests", "fixtures", fixture);
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            var target = Path.Combine(Work, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, edit?.Invoke(relative, File.ReadAllText(file)) ?? File.ReadAllText(file));
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
        return await CommitAsync(message);
    }

    public async Task<string> HeadAsync() => (await GitAsync("rev-parse", "HEAD")).Trim();

    public Task TagAsync(string tag) => GitAsync("tag", "-a", "-m", tag, tag);

    public async Task PushAsync()
    {
        await GitAsync("push", "--quiet", "--force", "--all", "origin");
        await GitAsync("push", "--quiet", "--force", "--tags", "origin");
    }

    public async Task AddSubmoduleAsync(string url, string path)
    {
        await GitAsync("-c", "protocol.file.allow=always", "submodule", "--quiet", "add", url, path);
    }

    public Task<string> GitAsync(params string[] arguments) => Git(Work, _clock, arguments);

    private static async Task<string> Git(string? directory, DateTimeOffset? time, params string[] arguments)
    {
        var stamp = $"@{(time ?? DateTimeOffset.UnixEpoch).ToUnixTimeSeconds()} +0000";
        var command = new ToolCommand("git", ["-c", "user.name=Upstream Dev", "-c", "user.email=dev@example.com", .. arguments])
            .WithEnvironment("GIT_AUTHOR_DATE", stamp)
            .WithEnvironment("GIT_COMMITTER_DATE", stamp) with { Quiet = true };
        if (directory is not null) command = command.InDirectory(directory);
        return (await Runner.RunAsync(command)).StandardOutput;
    }
}
