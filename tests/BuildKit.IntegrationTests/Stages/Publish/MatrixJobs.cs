using BuildKit.Configuration;
using BuildKit.Processes;
using BuildKit.Records;

namespace BuildKit.IntegrationTests.Stages.Publish;

/// <summary>
/// Results as the nightly matrix's build jobs upload them, each in its own folder as download-artifact leaves them:
/// buildinfo/PRODUCT.json beside rpms/DIST/ and srpms/DIST/, the packages made by this machine's rpmbuild (--target for
/// another architecture) from a spec that installs one file. The record lists Source0 too, as a real one does, which
/// the jobs do not upload: it is inside the SRPM.
/// </summary>
internal static class MatrixJobs
{
    public const string Product = "hotspot";

    public static async Task<string> WriteAsync(
        TempDir temp, string results, string version, string distribution, string arch, bool verified = true, TestKey? signedWith = null)
    {
        var job = Path.Combine(results, $"{Product}-{distribution}-{arch}");
        var top = temp.Combine("rpmbuild", $"{version}-{distribution}-{arch}");
        var spec = temp.File(Path.Combine(top, $"{Product}.spec"), $$"""
            Name: {{Product}}
            Version: {{version}}
            Release: 1%{?dist}
            Summary: One file, for publishing a matrix of builds
            License: MIT
            %description
            One file, for publishing a matrix of builds.
            %install
            mkdir -p %{buildroot}/usr/share/{{Product}}
            echo "{{version}} for %{_target_cpu}" > %{buildroot}/usr/share/{{Product}}/build
            %files
            /usr/share/{{Product}}/build
            """);
        var distTag = Distribution.Named(distribution, "the test").DistTag;
        foreach (var mode in new[] { "-bb", "-bs" })
            await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("rpmbuild", mode, "--target", arch, "--define", $"_topdir {top}",
                "--define", $"dist {distTag}", "--define", "_buildhost buildkit", spec) { Quiet = true });
        var rpms = Directory.GetFiles(Path.Combine(top, "RPMS"), "*.rpm", SearchOption.AllDirectories)
            .Select(rpm => Move(rpm, Path.Combine(job, "rpms", distribution)))
            .Concat(Directory.GetFiles(Path.Combine(top, "SRPMS"), "*.rpm").Select(srpm => Move(srpm, Path.Combine(job, "srpms", distribution))))
            .ToList();
        if (signedWith is not null) await signedWith.SignAsync(rpms);
        var record = new BuildRecord(Product, $"{version}-1", distribution, "https://example.invalid/hotspot.git", $"v{version}", new string('a', 40), "none", [],
            Product, "spec", "builder", "sha256:builder", new Dictionary<string, string>(), 0,
            [.. rpms.Select(BuildArtifact.Of), BuildArtifact.Of(temp.File(Path.Combine(top, $"{Product}-{version}.tar.gz"), $"{Product} {version} Source0"))],
            $"{version}-{distribution}-{arch}", verified);
        await record.WriteAsync(Path.Combine(job, "buildinfo", $"{Product}.json"), CancellationToken.None);
        return job;
    }

    private static string Move(string file, string folder)
    {
        Directory.CreateDirectory(folder);
        var moved = Path.Combine(folder, Path.GetFileName(file));
        File.Move(file, moved);
        return moved;
    }
}
