using System.Collections.Immutable;
using BuildKit.Processes;
using BuildKit.Stages.Fetch;

namespace BuildKit.IntegrationTests.Faults;

/// <summary>
/// Faults of sources and of runs themselves: repositories, refs, pins, patches and submodules that are wrong, credentials
/// in URLs, interrupted and concurrent runs. A source fault fails its product's Fetch with exit code 1; an interrupted run
/// exits as shells expect; none leaves a half-made mirror or tree, a process running, or a secret in a file.
/// </summary>
public sealed class SourceFaultSpecs : IDisposable
{
    private readonly FaultWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static async Task<BuildShResult> FetchHelloAsync(FaultWorkspace w, string reference = "main", string? repo = null, string[]? extra = null)
    {
        await w.HelloAsync(reference, repo, extra);
        return await w.RunAsync(w.Options("--target=Fetch"));
    }

    /// <summary>Hello with a perfparser submodule; <paramref name="edit"/> then breaks it in the superproject.</summary>
    private static async Task<BuildShResult> FetchWithSubmoduleAsync(FaultWorkspace w, Func<GitUpstream, GitUpstream, Task> edit, params string[] options)
    {
        var perfparser = await GitUpstream.CreateAsync(w.Temp, "perfparser");
        await perfparser.CommitAsync("parser", ("parser.c", "int parse;\n"));
        await perfparser.PushAsync();
        var hello = await w.HelloAsync();
        await hello.AddSubmoduleAsync(perfparser.Url, "3rdparty/perfparser");
        await edit(hello, perfparser);
        await hello.PushAsync();
        return await w.RunAsync(w.Options(["--target=Fetch", .. options]));
    }

    /// <summary>Starts a run whose Fetch hangs on a host that never answers, signals it there, and returns how it ended.</summary>
    private static async Task<BuildShResult> InterruptFetchAsync(FaultWorkspace w, string signal)
    {
        using var silent = new SilentServer();
        await w.HelloAsync(repo: silent.Url("hello.git"));
        using var run = w.Start(w.Options("--target=Fetch"));
        await w.WaitForOutputAsync(run, "[hello/fetch] mirroring");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await FaultWorkspace.SignalAsync(run, signal);
        var result = await w.EndAsync(run);
        var left = await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("pgrep", "-f", silent.Url("")) with { Quiet = true, AcceptsFailure = true });
        left.StandardOutput.Should().BeEmpty("every child process (git and its remote helper) ends with the run");
        return result;
    }

    private static readonly Fault[] Faults =
    [
        new("04 a submodule whose URL cannot be reached", w => FetchWithSubmoduleAsync(w, async (hello, _) =>
            {
                await hello.GitAsync("config", "-f", ".gitmodules", "submodule.3rdparty/perfparser.url", "file:///nowhere/perfparser.git");
                await hello.CommitAsync("perfparser moved");
            }),
            Fault.Failed, "hello/Fetch: The submodule 3rdparty/perfparser (file:///nowhere/perfparser.git, as the superproject's .gitmodules names it) does not exist"),
        new("05 a password written into a repository URL", async w =>
        {
            const string password = "canary-url-password-41c2";
            w.Secret(password);
            var hello = await w.HelloAsync();
            await hello.GitAsync("--git-dir", hello.Bare, "update-server-info");
            using var server = new FolderHttpServer(Path.GetDirectoryName(hello.Bare)!, "packager", password);
            w.Product("hello", $"{server.BaseUrl.Replace("http://", $"http://packager:{password}@")}hello.git", recipe: "cmake", spec: w.Temp.Combine("hello.spec"));
            var result = await w.RunAsync(w.Options("--target=Fetch", "--verbosity=diagnostic"));
            result.Output.Should().NotContain(password);
            server.Authorized.Should().BePositive("git got the credentials through the credential helper");
            var mirrors = new MirrorCache(w.Cache, new GitSettings(ImmutableDictionary<string, string>.Empty, null, TimeSpan.FromMinutes(1)), new ProcessRunner(new RecordingLog()), new RecordingLog());
            Directory.GetDirectories(Path.Combine(w.Cache, "git")).Should().Equal([mirrors.PathFor(server.BaseUrl + "hello.git")], "the cache key is the URL without its credentials");
            return result;
        }, 0, "[hello/fetch] mirroring http://127.0.0.1:", "[hello/fetch] main -> "),
        new("10a Ctrl-C (SIGINT) during Fetch", w => InterruptFetchAsync(w, "INT"), 130, "cancelled during hello/Fetch (SIGINT)", "Run the same command again"),
        new("10b SIGTERM during Fetch, as a CI runner stops a job", w => InterruptFetchAsync(w, "TERM"), 143, "cancelled during hello/Fetch (SIGTERM)"),
        new("13a two runs started together on one cache and one artifacts folder", async w =>
        {
            await w.HelloAsync();
            using var first = w.Start(w.Options("--target=Fetch"));
            using var second = w.Start(w.Options("--target=Fetch"));
            var results = new[] { await w.EndAsync(first), await w.EndAsync(second) };
            results.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.ToString()));
            return results[1];
        }, 0, "[hello/fetch] main -> "),
        new("13b two runs started together on one cache, each with its own artifacts folder", async w =>
        {
            await w.HelloAsync();
            using var first = w.Start(w.Options("--target=Fetch"));
            using var second = w.Start(w.Options("--target=Fetch", $"--artifacts={w.Temp.Combine("artifacts-2")}"));
            var results = new[] { await w.EndAsync(first), await w.EndAsync(second) };
            results.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.ToString()));
            return results[1];
        }, 0, "[hello/fetch] main -> "),
        new("13c a second run in an artifacts folder another run is using, told not to wait", async w =>
        {
            using var silent = new SilentServer();
            await w.HelloAsync(repo: silent.Url("hello.git"));
            using var first = w.Start(w.Options("--target=Fetch"));
            await w.WaitForOutputAsync(first, "[hello/fetch] mirroring");
            var second = await w.RunAsync(w.Options("--target=Fetch", "--no-wait"));
            await FaultWorkspace.SignalAsync(first, "TERM");
            (await w.EndAsync(first)).ExitCode.Should().Be(143);
            return second;
        }, Fault.Failed, "The artifacts folder", "is in use by another run (BuildKit process", "run without --no-wait to wait for it"),
        new("41 a repository that does not exist", w => FetchHelloAsync(w, repo: "file:///nowhere/hello.git"),
            Fault.Failed, "hello/Fetch: The repository file:///nowhere/hello.git does not exist or cannot be read"),
        new("42 a ref that does not exist", w => FetchHelloAsync(w, reference: "nope"), Fault.Failed, "hello/Fetch: The ref 'nope' does not exist in"),
        new("43 a pinned commit the repository does not have", w => FetchHelloAsync(w, extra: ["commit: 0123456789abcdef0123456789abcdef01234567"]),
            Fault.Failed, "hello/Fetch: The pinned commit 0123456789abcdef0123456789abcdef01234567 is not in"),
        new("44 a patch that does not exist", w => FetchHelloAsync(w, extra: ["patches: [missing.patch]"]), Fault.Failed, "hello/Fetch: The patch", "missing.patch does not exist"),
        new("45 a patch that does not apply", async w =>
        {
            w.Temp.File("bad.patch", "From 0 Mon Sep 17 00:00:00 2001\nFrom: a <a@b>\nSubject: [PATCH] x\n\n---\n hello.c | 1 +\n\ndiff --git a/hello.c b/hello.c\n--- a/hello.c\n+++ b/hello.c\n@@ -1,1 +1,2 @@\n-no such line\n+a line\n+another\n-- \n2.0\n");
            var result = await FetchHelloAsync(w, extra: ["patches: [bad.patch]"]);
            Directory.Exists(Path.Combine(w.Artifacts, "worktrees", "hello")).Should().BeFalse("a tree a patch did not apply to is never built");
            return result;
        }, Fault.Failed, "hello/Fetch: The patch bad.patch does not apply"),
        new("46 a submodule commit its repository does not have", w => FetchWithSubmoduleAsync(w, async (hello, _) =>
            {
                var submodule = Path.Combine(hello.Work, "3rdparty", "perfparser");
                await hello.GitAsync("-C", submodule, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "--quiet", "--allow-empty", "-m", "never pushed");
                await hello.CommitAsync("points at an unpushed commit");
            }),
            Fault.Failed, "hello/Fetch: The submodule 3rdparty/perfparser records commit", "which file://", "/remotes/perfparser.git does not have. The superproject points at a commit that was never pushed there."),
        new("46b a submodule commit a --mirror of its repository does not have", w => FetchWithSubmoduleAsync(w, async (hello, perfparser) =>
            {
                await hello.GitAsync("clone", "--quiet", "--mirror", perfparser.Bare, w.Temp.Combine("mirrors", "perfparser.git"));
                var submodule = Path.Combine(hello.Work, "3rdparty", "perfparser");
                await hello.GitAsync("-C", submodule, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "--quiet", "--allow-empty", "-m", "pushed upstream, not to the mirror");
                await hello.GitAsync("-C", submodule, "push", "--quiet", "origin", "HEAD:main");
                await hello.CommitAsync("points at the new perfparser commit");
            }, $"--mirror={"file://" + w.Temp.Combine("remotes", "perfparser.git")}={"file://" + w.Temp.Combine("mirrors", "perfparser.git")}"),
            Fault.Failed, "hello/Fetch: The submodule 3rdparty/perfparser records commit", "which the mirror file://", "/mirrors/perfparser.git (read in place of file://",
            "/remotes/perfparser.git) does not have: the mirror is behind its upstream. Update the mirror from", "or run without --mirror"),
        new("47 a mirror a killed run left half-made", async w =>
        {
            var hello = await w.HelloAsync();
            var mirrors = new MirrorCache(w.Cache, new GitSettings(ImmutableDictionary<string, string>.Empty, null, TimeSpan.FromMinutes(1)), new ProcessRunner(new RecordingLog()), new RecordingLog());
            var mirror = mirrors.PathFor(hello.Url);
            Directory.CreateDirectory(mirror + ".partial-deadbeef");
            Directory.CreateDirectory(Path.Combine(mirror, "objects"));
            return await w.RunAsync(w.Options("--target=Fetch"));
        }, 0, "[hello/fetch] main -> "),
        new("48 a git token, with every command printed", DiagnosticFetchAsync, 0, "[hello/fetch] main -> "),
        new("49 two products that both fail", async w =>
        {
            w.Temp.File("products.yaml", $"""
                products:
                  grafana: {"{"} repo: "file:///nowhere/grafana.git", ref: main, recipe: grafana, spec: "{Path.Combine(Repository.Root, "specs", "grafana.spec")}" {"}"}
                  hotspot: {"{"} repo: "file:///nowhere/hotspot.git", ref: main, recipe: hotspot, spec: "{Path.Combine(Repository.Root, "specs", "hotspot.spec")}" {"}"}
                """);
            return await w.RunAsync(w.Options("--target=Fetch"));
        }, Fault.Failed, "2 products failed:", "grafana/Fetch: The repository file:///nowhere/grafana.git", "hotspot/Fetch: The repository file:///nowhere/hotspot.git"),
    ];

    private static async Task<BuildShResult> DiagnosticFetchAsync(FaultWorkspace w)
    {
        await w.HelloAsync();
        var result = await w.RunAsync(w.Options("--target=Fetch", "--verbosity=diagnostic"));
        result.Output.Should().NotContain(FaultWorkspace.GitToken);
        return result;
    }

    public static TheoryData<string> Classes => Fault.Classes(Faults);

    [ToolTheory("git", "pgrep")]
    [MemberData(nameof(Classes))]
    public async Task Each_class_of_source_fault_ends_with_its_exit_code_and_message_leaving_nothing_half_written_running_or_secret(string @class)
    {
        // Arrange
        var fault = Faults.Single(f => f.Class == @class);

        // Act
        var result = await fault.Cause(_workspace);

        // Assert
        fault.ShouldHaveEndedAsItMust(result, _workspace);
    }
}
