using System.Diagnostics;
using System.Text;
using BuildKit.IntegrationTests.Products;
using BuildKit.Processes;

namespace BuildKit.IntegrationTests.Faults;

/// <summary>How one run of ./build.sh ended: its exit code and everything it printed.</summary>
internal sealed record BuildShResult(int ExitCode, string Output)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>
/// A temp folder for one fault: its products file, its own artifacts and cache folders, secrets that must never be
/// stored, and ./build.sh run as a user runs it (a process of its own, real exit codes, real signals).
/// </summary>
internal sealed class FaultWorkspace : IDisposable
{
    /// <summary>Secrets every run is handed (a git token, a GitHub token); none may be written under artifacts/ or the cache.</summary>
    public const string GitToken = "canary-git-token-5f1d0c";
    public const string GitHubToken = "canary-github-token-9a7e3b";

    private readonly List<string> _secrets = [GitToken, GitHubToken];
    private readonly Dictionary<Process, StringBuilder> _outputs = [];

    public FaultWorkspace() => Temp = TempDir.Create();

    public TempDir Temp { get; }
    public string Artifacts => Temp.Combine("artifacts");
    public string Cache => Temp.Combine("cache");
    public string ProductsFile => Temp.Combine("products.yaml");
    /// <summary>The process ids of every run started here: the owners its containers are labelled with.</summary>
    public List<int> Started { get; } = [];

    public Dictionary<string, string> Environment { get; } = new() { ["BUILDKIT_GIT_TOKEN"] = GitToken, ["GITHUB_TOKEN"] = GitHubToken };

    /// <summary>Adds a value that must never be stored (a password written into a URL, a key).</summary>
    public void Secret(string value) => _secrets.Add(value);

    /// <summary>A products file with one product; <paramref name="extra"/> is added to its entry as YAML lines.</summary>
    public string Product(string name, string repo, string recipe = "hotspot", string reference = "main", string? spec = null, string[]? extra = null)
    {
        var entry = new StringBuilder($"products:\n  {name}:\n    repo: \"{repo}\"\n    ref: {reference}\n    recipe: {recipe}\n    spec: \"{spec ?? SpecOf(recipe)}\"\n");
        foreach (var line in extra ?? []) entry.Append("    ").Append(line).Append('\n');
        return Temp.File("products.yaml", entry.ToString());
    }

    /// <summary>
    /// The hello fixture (a C program with a CMakeLists.txt, tagged v1.2.0) as an upstream, <paramref name="edit"/> applied to
    /// its files, and a products file building it with the generic cmake recipe from <paramref name="repo"/> (default: the upstream).
    /// </summary>
    public async Task<GitUpstream> HelloAsync(
        string reference = "main", string? repo = null, string[]? extra = null, Func<string, string, string>? edit = null, string spec = ThirdProductSpecs.HelloSpec)
    {
        var hello = await GitUpstream.CreateAsync(Temp, "hello");
        await hello.CommitFixtureAsync("hello", "hello 1.2.0", edit);
        await hello.TagAsync("v1.2.0");
        await hello.PushAsync();
        Product("hello", repo ?? hello.Url, recipe: "cmake", reference: reference, spec: Temp.File("hello.spec", spec), extra: extra);
        return hello;
    }

    private static string SpecOf(string recipe) => Path.Combine(Repository.Root, "specs", recipe + ".spec");

    /// <summary>
    /// The options every run gets (this workspace's products file, artifacts and cache, the Debian builder on the test base
    /// image), an option of <paramref name="more"/> replacing the one of the same name.
    /// </summary>
    public string[] Options(params string[] more)
    {
        string[] defaults = [$"--config={ProductsFile}", $"--artifacts={Artifacts}", $"--cache-dir={Cache}", "--distribution=debian-12", $"--base-image={Docker.BaseImage}"];
        var given = more.Select(NameOf).ToHashSet();
        return [.. defaults.Where(option => !given.Contains(NameOf(option))), .. more];
    }

    private static string NameOf(string option) => option.Split('=')[0];

    /// <summary>Runs ./build.sh with <paramref name="arguments"/> exactly as given, from the workspace folder.</summary>
    public async Task<BuildShResult> RunAsync(params string[] arguments)
    {
        using var process = Start(arguments);
        return await EndAsync(process);
    }

    /// <summary>Starts ./build.sh; <see cref="EndAsync"/> collects how it ended.</summary>
    public Process Start(params string[] arguments)
    {
        // A suite started as a shell's background job inherits SIGINT ignored, as POSIX shells leave it for such jobs: the
        // run would never see the Ctrl-C these specs send. env gives it the default back, then execs build.sh (same pid).
        var info = new ProcessStartInfo("env")
        {
            WorkingDirectory = Temp.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add(Path.Combine(Repository.Root, "build.sh"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in Environment) info.Environment[name] = value;
        var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _outputs[process] = output;
        Started.Add(process.Id);
        return process;
    }

    /// <summary>What a started run has printed so far.</summary>
    public string OutputOf(Process process)
    {
        var output = _outputs[process];
        lock (output) return output.ToString();
    }

    /// <summary>Waits until a started run prints <paramref name="text"/>; fails the test after <paramref name="seconds"/>.</summary>
    public async Task WaitForOutputAsync(Process process, string text, int seconds = 120)
    {
        var waited = Stopwatch.StartNew();
        while (!OutputOf(process).Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(seconds))
                throw new TimeoutException($"build.sh never printed '{text}':\n{OutputOf(process)}");
            await Task.Delay(100);
        }
    }

    public async Task<BuildShResult> EndAsync(Process process)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await process.WaitForExitAsync(limit.Token);
        process.WaitForExit();
        return new BuildShResult(process.ExitCode, OutputOf(process));
    }

    /// <summary>Sends a signal to a started run, as a terminal (SIGINT) or a CI runner (SIGTERM) or the OOM killer (SIGKILL) does.</summary>
    public static async Task SignalAsync(Process process, string signal) =>
        await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("kill", "-" + signal, process.Id.ToString()) with { Quiet = true });

    /// <summary>Files and folders a run left half-made: partial clones, trees and records, temp files of atomic writes.</summary>
    public IReadOnlyList<string> HalfWritten() =>
        [.. new[] { Artifacts, Cache }.Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
            .Where(path => Path.GetFileName(path).Contains(".partial", StringComparison.Ordinal) || path.EndsWith(".tmp", StringComparison.Ordinal))];

    /// <summary>Every file under artifacts/ and the cache that holds one of the secrets, with the secret's first characters.</summary>
    public IReadOnlyList<string> StoredSecrets() =>
        [.. new[] { Artifacts, Cache }.Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            // A link is not a stored copy: the rpm build folder links to where the builder's build folder was mounted.
            .Where(file => new FileInfo(file).LinkTarget is null)
            .SelectMany(file => _secrets.Where(secret => Contains(file, secret)).Select(secret => $"{file} holds {secret[..4]}..."))];

    private static bool Contains(string file, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        return File.ReadAllBytes(file).AsSpan().IndexOf(bytes) >= 0;
    }

    public void Dispose()
    {
        foreach (var process in _outputs.Keys)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended, and was disposed, before the test did.
            }
        }
        Temp.Dispose();
    }
}
