using System.Collections.Immutable;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Sockets;
using System.Net;
using System.Security.Cryptography;
using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Stages.Fetch;
using BuildKit.Stages.Package;

namespace BuildKit.IntegrationTests.Stages.Fetch;

public sealed class SourceFetcherSpecs : IDisposable
{
    private readonly FetchWorkspace _w = new();

    public void Dispose() => _w.Dispose();

    private Task<FetchedSource> FetchAsync(
        string repo, string reference, string? pin = null, PatchSet? patches = null, GitSettings? git = null, string worktree = "tree", PreviousBuild? previous = null) =>
        _w.Fetcher(git).FetchAsync("demo", repo, reference, pin, new GrafanaRecipe(), patches ?? PatchSet.None, _w.Temp.Combine(worktree), CancellationToken.None, previous: previous);

    private async Task<(GitUpstream Upstream, string First, string Second)> UpstreamWithHistoryAsync()
    {
        var upstream = await GitUpstream.CreateAsync(_w.Temp, "demo");
        var first = await upstream.CommitAsync("first", ("package.json", """{ "version": "11.3.0" }"""), ("README", "one\n"));
        await upstream.TagAsync("v11.3.0");
        var second = await upstream.CommitAsync("second", ("README", "one\ntwo\n"));
        await upstream.GitAsync("checkout", "--quiet", "-b", "release-1", first);
        await upstream.CommitAsync("on release-1", ("RELEASE", "1\n"));
        await upstream.GitAsync("checkout", "--quiet", "main");
        await upstream.PushAsync();
        return (upstream, first, second);
    }

    [ToolFact("git")]
    public async Task A_branch_resolves_to_its_head_and_the_tree_is_that_commit()
    {
        // Arrange
        var (upstream, _, second) = await UpstreamWithHistoryAsync();

        // Act
        var source = await FetchAsync(upstream.Url, "main");

        // Assert
        source.Ref.Should().Be(new ResolvedRef("main", RefKind.Branch, second));
        File.ReadAllText(Path.Combine(source.Worktree, "README")).Should().Be("one\ntwo\n");
        source.Facts.NearestTag.Should().Be("v11.3.0");
        source.Facts.Distance.Should().Be(1);
        source.Facts.UpstreamVersion.Should().Be("11.3.0");
        source.Facts.CommitTime.Should().Be(new DateTimeOffset(2026, 3, 1, 12, 2, 0, TimeSpan.Zero));
    }

    [ToolFact("git")]
    public async Task A_tag_resolves_to_the_commit_it_marks()
    {
        // Arrange
        var (upstream, first, _) = await UpstreamWithHistoryAsync();

        // Act
        var source = await FetchAsync(upstream.Url, "v11.3.0");

        // Assert
        source.Ref.Kind.Should().Be(RefKind.Tag);
        source.Ref.Commit.Should().Be(first);
        source.Facts.TagsAtCommit.Should().Equal("v11.3.0");
    }

    [ToolFact("git")]
    public async Task A_full_or_short_commit_id_resolves_to_that_commit()
    {
        // Arrange
        var (upstream, first, _) = await UpstreamWithHistoryAsync();

        // Act
        var full = await FetchAsync(upstream.Url, first);
        var abbreviated = await FetchAsync(upstream.Url, first[..8]);

        // Assert
        full.Ref.Should().Be(new ResolvedRef(first, RefKind.Commit, first));
        abbreviated.Ref.Should().Be(new ResolvedRef(first[..8], RefKind.Commit, first));
    }

    [ToolFact("git")]
    public async Task A_pin_wins_over_the_branch_head_and_a_pin_off_the_branch_is_reported()
    {
        // Arrange
        var (upstream, first, _) = await UpstreamWithHistoryAsync();
        var offBranch = (await upstream.GitAsync("rev-parse", "release-1")).Trim();

        // Act
        var onBranch = await FetchAsync(upstream.Url, "main", pin: first);
        var offTheBranch = await FetchAsync(upstream.Url, "main", pin: offBranch[..10]);

        // Assert
        onBranch.Ref.Commit.Should().Be(first);
        onBranch.Ref.PinWarning.Should().BeNull();
        offTheBranch.Ref.Commit.Should().Be(offBranch);
        offTheBranch.Ref.PinWarning.Should().StartWith($"the pinned commit {offBranch[..12]} is not reachable from branch main");
        _w.Log.Text.Should().Contain("WARNING: demo: the pinned commit");
    }

    [ToolFact("git")]
    public async Task Nested_submodules_are_checked_out_at_the_commits_the_superproject_records()
    {
        // Arrange
        var leaf = await GitUpstream.CreateAsync(_w.Temp, "leaf");
        var leafRecorded = await leaf.CommitAsync("leaf v1", ("leaf.txt", "recorded\n"));
        await leaf.PushAsync();
        var middle = await GitUpstream.CreateAsync(_w.Temp, "perfparser");
        await middle.AddSubmoduleAsync("../leaf.git", "deps/leaf");
        await middle.CommitAsync("middle with leaf", ("parser.c", "int main;\n"));
        await middle.PushAsync();
        await leaf.CommitAsync("leaf v2, not recorded", ("leaf.txt", "newer\n"));
        await leaf.PushAsync();
        var top = await GitUpstream.CreateAsync(_w.Temp, "hotspot");
        await top.AddSubmoduleAsync(middle.Url, "3rdparty/perfparser");
        await top.CommitAsync("top with perfparser", ("CMakeLists.txt", "project(hotspot VERSION 1.3.0)\n"));
        await top.PushAsync();

        // Act
        var source = await _w.Fetcher().FetchAsync("hotspot", top.Url, "main", null, new HotspotRecipe(), PatchSet.None, _w.Temp.Combine("tree"), CancellationToken.None);

        // Assert
        File.ReadAllText(Path.Combine(source.Worktree, "3rdparty/perfparser/parser.c")).Should().Be("int main;\n");
        File.ReadAllText(Path.Combine(source.Worktree, "3rdparty/perfparser/deps/leaf/leaf.txt")).Should().Be("recorded\n");
        Directory.Exists(Path.Combine(source.Worktree, "3rdparty/perfparser/.git")).Should().BeTrue("hotspot's CMake checks for it");
        source.Submodules.Select(s => s.Path).Should().Equal("3rdparty/perfparser", "3rdparty/perfparser/deps/leaf");
        source.Submodules[1].Commit.Should().Be(leafRecorded);
        source.Submodules[1].Url.Should().Be(leaf.Url);
        source.Facts.UpstreamVersion.Should().Be("1.3.0");
    }

    [ToolFact("git")]
    public async Task Runs_started_together_on_one_cache_all_fetch_and_leave_one_complete_mirror()
    {
        // Arrange
        var (upstream, first, _) = await UpstreamWithHistoryAsync();
        var mirror = _w.Mirrors.PathFor(upstream.Url);

        // Act
        var fetches = await Task.WhenAll(
            FetchAsync(upstream.Url, "v11.3.0", worktree: "one"),
            FetchAsync(upstream.Url, "v11.3.0", worktree: "two"),
            FetchAsync(upstream.Url, "v11.3.0", worktree: "three"));

        // Assert
        fetches.Should().AllSatisfy(f => f.Ref.Commit.Should().Be(first));
        File.Exists(Path.Combine(mirror, "buildkit-mirror-complete")).Should().BeTrue();
        Directory.GetDirectories(Path.GetDirectoryName(mirror)!, "*.partial-*").Should().BeEmpty();
    }

    [ToolFact("git")]
    public async Task After_an_earlier_build_the_changes_are_the_commits_since_it_and_a_rebuild_counts_from_where_it_counted()
    {
        // Arrange
        var (upstream, first, second) = await UpstreamWithHistoryAsync();
        var third = await upstream.CommitAsync("third", ("README", "one\ntwo\nthree\n"));
        await upstream.PushAsync();
        var branch = (await upstream.GitAsync("rev-parse", "release-1")).Trim();

        // Act
        var next = await FetchAsync(upstream.Url, "main", worktree: "next", previous: new PreviousBuild(second, "v11.3.0"));
        var rebuild = await FetchAsync(upstream.Url, "main", worktree: "rebuild", previous: new PreviousBuild(third, second));
        var elsewhere = await FetchAsync(upstream.Url, "main", worktree: "elsewhere", previous: new PreviousBuild(branch, first));

        // Assert
        next.Facts.Changes.Should().Equal($"{third} third");
        next.Facts.ChangesSince.Should().Be(second);
        rebuild.Facts.Changes.Should().Equal(next.Facts.Changes, "a rebuild of the same commit writes the same %changelog");
        rebuild.Facts.ChangesSince.Should().Be(second);
        elsewhere.Facts.Changes.Should().Equal([$"{third} third", $"{second} second"], "a build this commit does not descend from counts from the tag before");
        elsewhere.Facts.ChangesSince.Should().Be("v11.3.0");
    }

    [ToolFact("git")]
    public async Task The_changes_are_the_commits_since_the_tag_before_and_a_tagged_commit_counts_from_the_tag_before_it()
    {
        // Arrange
        var (upstream, _, second) = await UpstreamWithHistoryAsync();
        var third = await upstream.CommitAsync("third", ("README", "one\ntwo\nthree\n"));
        await upstream.TagAsync("v11.4.0");
        await upstream.PushAsync();

        // Act
        var snapshot = await FetchAsync(upstream.Url, second, worktree: "snapshot");
        var release = await FetchAsync(upstream.Url, "v11.4.0", worktree: "release");

        // Assert
        snapshot.Facts.Changes.Should().Equal($"{second} second");
        snapshot.Facts.ChangesSince.Should().Be("v11.3.0");
        release.Facts.Changes.Should().Equal($"{third} third", $"{second} second");
        release.Facts.ChangesSince.Should().Be("v11.3.0", "a release names what it released: the commits since the tag before its own");
        release.Facts.ChangeCount.Should().Be(2);
    }

    [ToolFact("git")]
    public async Task A_pull_request_by_number_resolves_to_its_head_which_no_branch_holds()
    {
        // Arrange
        var (upstream, first, _) = await UpstreamWithHistoryAsync();
        await upstream.GitAsync("checkout", "--quiet", "-b", "contributor", first);
        var head = await upstream.CommitAsync("a contributor's change", ("README", "one\nfrom a pull request\n"));
        await upstream.GitAsync("push", "--quiet", "origin", "contributor:refs/pull/7/head");
        await upstream.GitAsync("checkout", "--quiet", "main");

        // Act
        var source = await FetchAsync(upstream.Url, "pull/7");
        var missing = () => FetchAsync(upstream.Url, "pull/8", worktree: "missing");

        // Assert
        source.Ref.Should().Be(new ResolvedRef("pull/7", RefKind.PullRequest, head));
        File.ReadAllText(Path.Combine(source.Worktree, "README")).Should().Be("one\nfrom a pull request\n");
        source.Facts.NearestTag.Should().Be("v11.3.0");
        (await missing.Should().ThrowAsync<SourceFailedException>()).WithMessage("*has no pull request 8 (refs/pull/8/head)*pull/N*merge-requests/N*");
    }

    [ToolFact("git")]
    public async Task A_run_waits_for_a_mirror_another_run_holds_and_says_whom_it_waits_for()
    {
        // Arrange
        var (upstream, first, _) = await UpstreamWithHistoryAsync();
        var cache = _w.Mirrors;
        var held = await FileLock.AcquireAsync(cache.LockPathFor(upstream.Url), "the mirror", new RecordingLog(), CancellationToken.None);

        // Act
        var fetch = FetchAsync(upstream.Url, "v11.3.0");
        var waited = Stopwatch.StartNew();
        while (!_w.Log.Text.Contains("waiting for the mirror", StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        var stillWaiting = !fetch.IsCompleted;
        held.Dispose();
        var source = await fetch;

        // Assert
        stillWaiting.Should().BeTrue("the mirror was held");
        _w.Log.Text.Should().Contain($"waiting for the mirror of {upstream.Url} ({cache.PathFor(upstream.Url)}), which another run is using (BuildKit process {Environment.ProcessId} on {Environment.MachineName}, since ");
        source.Ref.Commit.Should().Be(first);
    }

    [ToolFact("git")]
    public async Task A_submodule_that_cannot_be_fetched_is_named_with_its_path_and_url_not_blamed_on_the_product()
    {
        // Arrange
        var perfparser = await GitUpstream.CreateAsync(_w.Temp, "perfparser");
        await perfparser.CommitAsync("parser", ("parser.c", "int main;\n"));
        await perfparser.PushAsync();
        var top = await GitUpstream.CreateAsync(_w.Temp, "hotspot");
        await top.AddSubmoduleAsync(perfparser.Url, "3rdparty/perfparser");
        await top.GitAsync("config", "-f", ".gitmodules", "submodule.3rdparty/perfparser.url", "file:///nowhere/perfparser.git");
        await top.CommitAsync("perfparser moved", ("CMakeLists.txt", "project(hotspot VERSION 1.3.0)\n"));
        await top.PushAsync();

        // Act
        var act = () => _w.Fetcher().FetchAsync("hotspot", top.Url, "main", null, new HotspotRecipe(), PatchSet.None, _w.Temp.Combine("tree"), CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<SourceFailedException>())
            .WithMessage("The submodule 3rdparty/perfparser (file:///nowhere/perfparser.git, as the superproject's .gitmodules names it) does not exist or cannot be read. Fix its URL in .gitmodules of the fork*")
            .Which.Message.Should().NotContain("--PRODUCT-repo");
        Directory.Exists(_w.Temp.Combine("tree")).Should().BeFalse("a tree that failed half-way is removed");
    }

    [ToolFact("git")]
    public async Task Mirror_prefixes_rewrite_the_repository_and_its_submodule_urls()
    {
        // Arrange
        var sub = await GitUpstream.CreateAsync(_w.Temp, "PrefixTickLabels");
        await sub.CommitAsync("labels", ("labels.h", "// labels\n"));
        await sub.PushAsync();
        var top = await GitUpstream.CreateAsync(_w.Temp, "hotspot");
        await top.AddSubmoduleAsync(sub.Url, "3rdparty/PrefixTickLabels");
        await top.GitAsync("config", "-f", ".gitmodules", "submodule.3rdparty/PrefixTickLabels.url", "https://git.example.invalid/KDAB/PrefixTickLabels.git");
        await top.CommitAsync("point the submodule at the public host");
        await top.PushAsync();
        var mirrors = ImmutableDictionary<string, string>.Empty.Add("https://git.example.invalid/KDAB/", "file://" + _w.Temp.Combine("remotes") + "/");
        var git = new GitSettings(mirrors, null, TimeSpan.FromMinutes(2));

        // Act
        var source = await FetchAsync("https://git.example.invalid/KDAB/hotspot.git", "main", git: git);

        // Assert
        File.ReadAllText(Path.Combine(source.Worktree, "3rdparty/PrefixTickLabels/labels.h")).Should().Be("// labels\n");
        _w.Log.Text.Should().Contain("mirroring https://git.example.invalid/KDAB/hotspot.git via mirror file://");
    }

    [ToolFact("git")]
    public async Task Patches_are_applied_in_order_and_their_set_has_a_stable_hash()
    {
        // Arrange
        var (upstream, _, _) = await UpstreamWithHistoryAsync();
        await upstream.GitAsync("checkout", "--quiet", "-b", "fixes", "main");
        await upstream.CommitAsync("fix one", ("README", "one\ntwo\nfixed\n"));
        await upstream.CommitAsync("fix two", ("NEW", "added\n"));
        var patches = _w.Temp.Combine("patches");
        await upstream.GitAsync("format-patch", "--quiet", "-o", patches, "main..fixes");
        var set = PatchSet.From([patches]);

        // Act
        var source = await FetchAsync(upstream.Url, "main", patches: set);

        // Assert
        set.Files.Select(Path.GetFileName).Should().Equal("0001-fix-one.patch", "0002-fix-two.patch");
        File.ReadAllText(Path.Combine(source.Worktree, "README")).Should().Be("one\ntwo\nfixed\n");
        File.ReadAllText(Path.Combine(source.Worktree, "NEW")).Should().Be("added\n");
        set.Hash.Should().MatchRegex("^[0-9a-f]{64}$").And.Be(PatchSet.From([patches]).Hash);
        PatchSet.None.Hash.Should().Be("none");
    }

    [ToolFact("git")]
    public async Task A_patch_that_does_not_apply_names_the_patch_and_the_conflicting_file_and_leaves_no_tree()
    {
        // Arrange
        var (upstream, first, _) = await UpstreamWithHistoryAsync();
        await upstream.GitAsync("checkout", "--quiet", "-b", "other", first);
        await upstream.CommitAsync("conflicting change", ("README", "something else entirely\n"));
        var patches = _w.Temp.Combine("patches");
        await upstream.GitAsync("format-patch", "--quiet", "-o", patches, $"{first}..other");

        // Act
        var act = () => FetchAsync(upstream.Url, "main", patches: PatchSet.From([patches]));

        // Assert
        (await act.Should().ThrowAsync<SourceFailedException>())
            .WithMessage("The patch 0001-conflicting-change.patch does not apply: conflicts in README. Refresh it against this commit*");
        Directory.Exists(_w.Temp.Combine("tree")).Should().BeFalse();
        Directory.Exists(_w.Temp.Combine("tree.partial")).Should().BeFalse();
    }

    [ToolFact("git", "gzip")]
    public async Task Two_archives_of_the_same_commit_are_byte_identical_and_deterministic()
    {
        // Arrange
        var (upstream, _, _) = await UpstreamWithHistoryAsync();
        var one = await FetchAsync(upstream.Url, "main", worktree: "tree-one");
        await Task.Delay(1100);
        var two = await FetchAsync(upstream.Url, "main", worktree: "tree-two");
        File.SetLastWriteTimeUtc(Path.Combine(two.Worktree, "README"), DateTime.UtcNow.AddDays(-3));

        // Act
        var first = await SourceArchive.CreateAsync(one, "demo", "11.3.0^1", _w.Temp.Combine("out-one"), _w.Runner, new LogStep("demo", "archive"), CancellationToken.None);
        var second = await SourceArchive.CreateAsync(two, "demo", "11.3.0^1", _w.Temp.Combine("out-two"), _w.Runner, new LogStep("demo", "archive"), CancellationToken.None);

        // Assert
        Path.GetFileName(first).Should().Be("demo-11.3.0^1.tar.gz");
        Sha256(first).Should().Be(Sha256(second));
        var entries = ReadEntries(first);
        entries.Select(e => e.Name).Should().Equal("demo-11.3.0^1/", "demo-11.3.0^1/README", "demo-11.3.0^1/package.json");
        entries.Should().AllSatisfy(e =>
        {
            e.Uid.Should().Be(0);
            e.Gid.Should().Be(0);
            e.ModificationTime.Should().Be(one.Facts.CommitTime);
        });
        File.ReadAllBytes(first).AsSpan(4, 4).ToArray().Should().Equal([0, 0, 0, 0], "gzip -n stores no time stamp");
    }

    [ToolFact("git", "gzip")]
    public async Task Source0_holds_the_tree_as_fetched_not_what_a_build_wrote_into_it()
    {
        // Arrange
        var (upstream, _, _) = await UpstreamWithHistoryAsync();
        var fetched = await FetchAsync(upstream.Url, "main");
        _w.Temp.File(Path.Combine(Path.GetRelativePath(_w.Temp.Path, fetched.Worktree), "node_modules", "left-pad", "index.js"), "module.exports = 1;");
        _w.Temp.File(Path.Combine(Path.GetRelativePath(_w.Temp.Path, fetched.Worktree), "bin", "grafana"), "binary");

        // Act
        var archive = await SourceArchive.CreateAsync(fetched, "demo", "11.3.0", _w.Temp.Combine("out"), _w.Runner, new LogStep("demo", "archive"), CancellationToken.None);

        // Assert
        ReadEntries(archive).Select(e => e.Name).Should().Equal("demo-11.3.0/", "demo-11.3.0/README", "demo-11.3.0/package.json");
    }

    [ToolFact("git")]
    public async Task A_second_fetch_transfers_only_the_new_objects()
    {
        // Arrange
        var (upstream, _, _) = await UpstreamWithHistoryAsync();
        await FetchAsync(upstream.Url, "main");
        var mirror = _w.Mirrors.PathFor(upstream.Url);
        var before = await ObjectCountAsync(mirror);
        var newest = await upstream.CommitAsync("third", ("README", "one\ntwo\nthree\n"));
        await upstream.PushAsync();

        // Act
        var source = await FetchAsync(upstream.Url, "main");

        // Assert
        source.Ref.Commit.Should().Be(newest);
        (await ObjectCountAsync(mirror) - before).Should().Be(3, "one commit, one tree and one blob are new");
    }

    [ToolFact("git")]
    public async Task An_interrupted_mirror_is_never_used_as_complete()
    {
        // Arrange
        var (upstream, _, second) = await UpstreamWithHistoryAsync();
        var mirror = _w.Mirrors.PathFor(upstream.Url);
        Directory.CreateDirectory(Path.Combine(mirror, "objects"));
        File.WriteAllText(Path.Combine(mirror, "HEAD"), "garbage from a killed clone");
        Directory.CreateDirectory(mirror + ".partial-deadbeef");

        // Act
        var source = await FetchAsync(upstream.Url, "main");

        // Assert
        source.Ref.Commit.Should().Be(second);
        Directory.GetFileSystemEntries(Path.Combine(_w.Cache, "git")).Should().Equal(mirror);
    }

    [ToolFact("git")]
    public async Task A_repository_that_does_not_exist_says_so_and_leaves_no_mirror()
    {
        // Act
        var act = () => FetchAsync("file://" + _w.Temp.Combine("remotes", "nope.git"), "main");

        // Assert
        (await act.Should().ThrowAsync<SourceFailedException>()).WithMessage("The repository file://*/nope.git does not exist or cannot be read.*");
        Directory.Exists(Path.Combine(_w.Cache, "git")).Should().BeTrue();
        Directory.GetFileSystemEntries(Path.Combine(_w.Cache, "git")).Should().BeEmpty();
    }

    [ToolFact("git")]
    public async Task A_ref_that_does_not_exist_lists_the_closest_branch_and_tag_names()
    {
        // Arrange
        var (upstream, _, _) = await UpstreamWithHistoryAsync();

        // Act
        var act = () => FetchAsync(upstream.Url, "relase-1");

        // Assert
        (await act.Should().ThrowAsync<SourceFailedException>())
            .WithMessage("The ref 'relase-1' does not exist in file://*: it is no branch, tag or commit there. Closest branches: release-1, main. Closest tags: v11.3.0.");
        Directory.Exists(_w.Temp.Combine("tree")).Should().BeFalse();
    }

    [ToolFact("git")]
    public async Task An_ambiguous_short_commit_id_lists_the_commits_it_matches()
    {
        // Arrange
        var upstream = await GitUpstream.CreateAsync(_w.Temp, "many");
        await upstream.CommitAsync("root", ("a", "a\n"));
        // 1,500 commits make a shared 4-digit prefix all but certain; git fast-import writes them in one process.
        var commits = string.Concat(Enumerable.Range(1, 1500).Select(i =>
            $"commit refs/heads/main\ncommitter t <t@localhost> {1_772_400_000 + i} +0000\ndata {$"c{i}".Length}\nc{i}\n{(i == 1 ? "from refs/heads/main^0\n" : "")}\n"));
        await _w.Runner.RunAsync(new ToolCommand("git", "fast-import", "--quiet").InDirectory(upstream.Work) with { Quiet = true, StandardInput = commits });
        await upstream.PushAsync();
        var prefix = (await upstream.GitAsync("rev-list", "--all")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(c => c[..4]).First(g => g.Count() > 1).Key;

        // Act
        var act = () => FetchAsync(upstream.Url, prefix);

        // Assert
        (await act.Should().ThrowAsync<SourceFailedException>()).WithMessage($"The short commit id {prefix} is ambiguous in file://*: it matches {prefix}*, {prefix}*. Give more digits.");
    }

    [ToolFact("git")]
    public async Task A_host_that_does_not_answer_is_given_up_on_within_the_time_limit_and_leaves_nothing()
    {
        // Arrange
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () => { while (true) accepted.Add(await silent.AcceptSocketAsync()); });
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/hotspot.git";
        var git = new GitSettings(ImmutableDictionary<string, string>.Empty, null, TimeSpan.FromSeconds(3)) { StallSeconds = 2 };

        // Act
        var act = () => FetchAsync(url, "main", git: git);

        // Assert
        (await act.Should().ThrowAsync<SourceFailedException>()).WithMessage($"*{url}*");
        Directory.GetFileSystemEntries(Path.Combine(_w.Cache, "git")).Should().BeEmpty();
    }

    [ToolFact("git")]
    public async Task A_token_for_a_private_fork_never_reaches_a_command_line_a_log_or_an_error()
    {
        // Arrange
        const string token = "ghp_SECRETtoken1234567890";
        var git = new GitSettings(ImmutableDictionary<string, string>.Empty, token, TimeSpan.FromSeconds(20));

        // Act
        var act = () => FetchAsync("http://127.0.0.1:1/private/fork.git", "main", git: git);

        // Assert
        var error = (await act.Should().ThrowAsync<SourceFailedException>()).Which;
        error.Message.Should().NotContain(token);
        _w.Log.Text.Should().NotContain(token);
        Directory.GetFiles(_w.Temp.Combine("logs"), "*.log", SearchOption.AllDirectories)
            .Should().NotBeEmpty().And.AllSatisfy(f => File.ReadAllText(f).Should().NotContain(token));
        git.Command(new LogStep("demo", "fetch"), null, "fetch").Arguments.Should().NotContain(a => a.Contains(token));
    }

    [ToolFact("git")]
    public async Task A_fork_is_reported_ahead_of_and_behind_its_upstream_branch()
    {
        // Arrange
        var upstream = await GitUpstream.CreateAsync(_w.Temp, "grafana");
        await upstream.CommitAsync("a", ("a", "a\n"));
        var forkPoint = await upstream.CommitAsync("b", ("b", "b\n"));
        await upstream.PushAsync();
        var fork = await GitUpstream.CreateAsync(_w.Temp, "my-grafana");
        await fork.GitAsync("fetch", "--quiet", upstream.Bare, "main");
        await fork.GitAsync("reset", "--quiet", "--hard", forkPoint);
        await fork.CommitAsync("fork fix 1", ("fix", "1\n"));
        await fork.CommitAsync("fork fix 2", ("fix", "2\n"));
        await fork.PushAsync();
        await upstream.CommitAsync("c", ("c", "c\n"));
        await upstream.PushAsync();
        var fetcher = _w.Fetcher();
        var source = await fetcher.FetchAsync("grafana", fork.Url, "main", null, new GrafanaRecipe(), PatchSet.None, _w.Temp.Combine("tree"), CancellationToken.None);

        // Act
        var (ahead, behind) = await fetcher.CompareWithUpstreamAsync(fork.Url, source.Ref.Commit, upstream.Url, "main", CancellationToken.None);

        // Assert
        ahead.Should().Be(2);
        behind.Should().Be(1);
    }

        private async Task<int> ObjectCountAsync(string mirror)
    {
        var output = (await _w.Runner.RunAsync(new ToolCommand("git", "count-objects", "-v").InDirectory(mirror) with { Quiet = true })).StandardOutput;
        return output.Split('\n').Where(l => l.StartsWith("count:", StringComparison.Ordinal) || l.StartsWith("in-pack:", StringComparison.Ordinal))
            .Sum(l => int.Parse(l.Split(':')[1].Trim()));
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static List<TarEntry> ReadEntries(string archive)
    {
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry) entries.Add(entry);
        return entries;
    }
}
