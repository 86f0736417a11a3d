using BuildKit.Planning;
using BuildKit.Processes;
using BuildKit.Stages.Fetch;
using BuildKit.Stages.Package;
using BuildKit.Versioning;

namespace BuildKit.Stages.Publish;

/// <summary>
/// The dnf repository users install from, on a git branch served as static pages (gh-pages style): DISTRIBUTION/ARCH/
/// folders of RPMs with createrepo_c's metadata (signed with --sign), and DISTRIBUTION/buildkit-DISTRIBUTION.repo, whose
/// $basearch serves every architecture. Each push replaces the branch by one commit holding the newest builds of each
/// package and architecture, so the branch stays one commit however many nightlies pass. The push is leased on the
/// commit it started from: a publisher that lost a race to another starts again from the branch the other pushed.
/// </summary>
public sealed class HostedRepository(BuildRun run, HostedRepositorySettings settings, DnfRepository metadata)
{
    private const int PushAttempts = 3;
    private readonly LogStep _step = new("repository", "push");
    private readonly GitSettings _git = GitSettings.For(run);

    public async Task PushAsync(IReadOnlyList<(string Distribution, string[] Rpms)> distributions, Signer? signer, CancellationToken cancellationToken)
    {
        var work = run.Paths.HostedRepositoryWork;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
                Directory.CreateDirectory(work);
                if (await TryPushAsync(work, distributions, signer, cancellationToken)) return;
            }
            finally
            {
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            }
            if (attempt == PushAttempts)
                throw new PublishException(
                    $"The {settings.Branch} branch of {Configuration.RemoteUrl.Display(settings.Remote)} changed under this run {PushAttempts} times: " +
                    "another publisher keeps pushing to it. Give each workflow's publishers one concurrency group, then run the publish again.");
            run.Log.Information($"[{_step}] {settings.Branch} moved while this run updated it: starting again from the new branch");
        }
    }

    /// <summary>One attempt: false when the branch moved since it was read.</summary>
    private async Task<bool> TryPushAsync(string work, IReadOnlyList<(string Distribution, string[] Rpms)> distributions, Signer? signer, CancellationToken cancellationToken)
    {
        await GitAsync(work, cancellationToken, "init", "-q");
        var list = Git(work, "ls-remote", "--exit-code", settings.Remote, Ref) with { AcceptsFailure = true };
        var listed = await run.Runner.RunAsync(list, cancellationToken);
        // ls-remote --exit-code answers 2 when the remote answers and has no such branch: the first push makes it.
        if (listed.ExitCode is not (0 or 2)) throw new ToolFailedException(list, listed.ExitCode, ToolFailedException.Tail(listed.StandardError), Unreachable);
        var lease = listed.Succeeded ? listed.StandardOutput.Split('\t')[0] : "";
        if (lease.Length > 0)
        {
            await GitAsync(work, cancellationToken, "fetch", "-q", "--depth=1", settings.Remote, Ref);
            await GitAsync(work, cancellationToken, "checkout", "-q", "--detach", "FETCH_HEAD");
        }

        var touched = Add(work, distributions);
        touched.UnionWith(Prune(work));
        foreach (var folder in touched.Where(Directory.Exists)) await metadata.CreateMetadataAsync(folder, signer, cancellationToken);
        foreach (var distribution in Directory.GetDirectories(work).Where(d => Path.GetFileName(d) != ".git"))
        {
            var name = Path.GetFileName(distribution);
            await File.WriteAllTextAsync(Path.Combine(distribution, $"buildkit-{name}.repo"),
                DnfRepository.RepoFile(name, DnfRepository.BaseArch, $"{settings.Url.TrimEnd('/')}/{name}/{DnfRepository.BaseArch}", signer is not null), cancellationToken);
        }
        // Pages serve the files as they are, with no site generator in between.
        await File.WriteAllTextAsync(Path.Combine(work, ".nojekyll"), "", cancellationToken);

        await GitAsync(work, cancellationToken, "add", "-A");
        if ((await GitAsync(work, cancellationToken, "status", "--porcelain")).StandardOutput.Trim().Length == 0)
        {
            run.Log.Information($"[{_step}] {settings.Branch} already holds these packages: nothing to push");
            return true;
        }
        if (lease.Length > 0) await GitAsync(work, cancellationToken, "checkout", "-q", "--orphan", "buildkit-repository");
        await GitAsync(work, cancellationToken, "commit", "-q", "-m", $"BuildKit dnf repository: the newest {run.Plan.KeepNightlies} builds of each package and architecture");
        var push = Git(work, "push", "-q", $"--force-with-lease={Ref}:{lease}", settings.Remote, $"HEAD:{Ref}") with { AcceptsFailure = true };
        var pushed = await run.Runner.RunAsync(push, cancellationToken);
        if (!pushed.Succeeded && pushed.StandardError.Contains("stale info", StringComparison.Ordinal)) return false;
        if (!pushed.Succeeded) throw new ToolFailedException(push, pushed.ExitCode, ToolFailedException.Tail(pushed.StandardError), Unreachable);
        run.Log.Information($"[{_step}] {settings.Branch} of {Configuration.RemoteUrl.Display(settings.Remote)}: {touched.Count} folder(s) changed, served at {settings.Url}");
        return true;
    }

    private string Ref => $"refs/heads/{settings.Branch}";

    /// <summary>Copies each binary RPM into DISTRIBUTION/ARCH unless the same file is there; returns the folders that changed.</summary>
    private static SortedSet<string> Add(string work, IReadOnlyList<(string Distribution, string[] Rpms)> distributions)
    {
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (distribution, rpms) in distributions)
            foreach (var rpm in rpms.Where(r => PackageFiles.ArchOf(r) != "src"))
            {
                var folder = Path.Combine(work, distribution, PackageFiles.ArchOf(rpm));
                var copy = Path.Combine(folder, Path.GetFileName(rpm));
                if (File.Exists(copy) && Hashing.FileSha256(copy) == Hashing.FileSha256(rpm)) continue;
                Directory.CreateDirectory(folder);
                File.Copy(rpm, copy, overwrite: true);
                touched.Add(folder);
            }
        return touched;
    }

    /// <summary>Removes the builds of each package and architecture beyond the newest the plan keeps; returns the folders that changed.</summary>
    private SortedSet<string> Prune(string work)
    {
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        var folders = Directory.GetDirectories(work).Where(d => Path.GetFileName(d) != ".git").SelectMany(Directory.GetDirectories);
        foreach (var folder in folders)
            foreach (var package in Directory.GetFiles(folder, "*.rpm").GroupBy(PackageFiles.NameOf))
                foreach (var old in package.OrderByDescending(PackageFiles.EvrOf, RpmVersionComparer.Instance).Skip(run.Plan.KeepNightlies))
                {
                    File.Delete(old);
                    touched.Add(folder);
                }
        return touched;
    }

    private string Unreachable =>
        $"Check that {Configuration.RemoteUrl.Display(settings.Remote)} (--{Configuration.Options.RepoPush}) is a git remote this run may push to: " +
        $"its URL, and its credentials (in the URL or ${Configuration.EnvVars.GitToken}).";

    private Task<ProcessResult> GitAsync(string work, CancellationToken cancellationToken, params string[] arguments) =>
        run.Runner.RunAsync(Git(work, arguments), cancellationToken);

    /// <summary>git in the branch's folder, its commits made by the changelog author at the plan's time, so that the same packages make the same commit.</summary>
    private ToolCommand Git(string work, params string[] arguments)
    {
        var author = run.Plan.ChangelogAuthor;
        var name = author[..author.IndexOf('<')].Trim();
        var email = author[(author.IndexOf('<') + 1)..author.IndexOf('>')];
        var date = run.Plan.Timestamp.ToString("yyyy-MM-ddTHH:mm:ssZ");
        return _git.Command(_step, work, arguments)
            .WithEnvironment("GIT_AUTHOR_NAME", name).WithEnvironment("GIT_AUTHOR_EMAIL", email).WithEnvironment("GIT_AUTHOR_DATE", date)
            .WithEnvironment("GIT_COMMITTER_NAME", name).WithEnvironment("GIT_COMMITTER_EMAIL", email).WithEnvironment("GIT_COMMITTER_DATE", date);
    }
}
