using System.Text;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Stages.Package;

namespace BuildKit.Stages.Publish;

/// <summary>
/// A dnf repository of every package built for a distribution, one per architecture: the RPMs, createrepo_c's
/// repodata, a .repo file users drop into /etc/yum.repos.d, and with --sign a signed repomd.xml and the public key.
/// </summary>
public sealed class DnfRepository(ContainerRunner containers, string builderImage)
{
    /// <summary>Builds DIRECTORY/ARCH for each architecture among the RPMs; returns the .repo files written.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(
        string distribution, IReadOnlyList<string> rpms, string directory, string? baseUrl, Signer? signer, CancellationToken cancellationToken)
    {
        var repoFiles = new List<string>();
        foreach (var group in rpms.GroupBy(PackageFiles.ArchOf).Where(g => g.Key != "src"))
        {
            var folder = Path.Combine(directory, group.Key);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            foreach (var rpm in group) File.Copy(rpm, Path.Combine(folder, Path.GetFileName(rpm)));
            await CreateMetadataAsync(folder, signer, cancellationToken);
            var url = (baseUrl?.TrimEnd('/') ?? "file://" + directory) + "/" + group.Key;
            var repoFile = Path.Combine(folder, $"buildkit-{distribution}.repo");
            await File.WriteAllTextAsync(repoFile, RepoFile(distribution, group.Key, url, signed: signer is not null), cancellationToken);
            repoFiles.Add(repoFile);
        }
        return repoFiles;
    }

    /// <summary>createrepo_c's repodata for the RPMs in <paramref name="folder"/>, the same for the same RPMs; with a signer, repomd.xml.asc and the public key.</summary>
    public async Task CreateMetadataAsync(string folder, Signer? signer, CancellationToken cancellationToken)
    {
        var step = new ContainerStep(new LogStep("repository", "createrepo"), builderImage,
            "createrepo_c --quiet --simple-md-filenames --set-timestamp-to-revision --revision \"$SOURCE_DATE_EPOCH\" /repo", "/repo")
            .WithMount(folder, "/repo")
            .WithEnvironment("SOURCE_DATE_EPOCH", "0");
        await containers.RunAsync(step, cancellationToken);
        if (signer is null) return;
        await signer.DetachSignAsync("repository", Path.Combine(folder, "repodata", "repomd.xml"), cancellationToken);
        File.Move(Path.Combine(folder, "repodata", Signer.PublicKeyFile), Path.Combine(folder, Signer.PublicKeyFile), overwrite: true);
    }

    /// <summary>
    /// The .repo file of one repository: <paramref name="url"/> is its folder, and with <paramref name="architecture"/>
    /// dnf's $basearch one file serves every architecture's folder.
    /// </summary>
    public static string RepoFile(string distribution, string architecture, string url, bool signed)
    {
        var text = new StringBuilder();
        text.AppendLine(architecture == BaseArch ? $"[buildkit-{distribution}]" : $"[buildkit-{distribution}-{architecture}]");
        text.AppendLine($"name=BuildKit packages for {distribution} ({architecture})");
        text.AppendLine($"baseurl={url}");
        text.AppendLine("enabled=1");
        text.AppendLine($"gpgcheck={(signed ? 1 : 0)}");
        text.AppendLine($"repo_gpgcheck={(signed ? 1 : 0)}");
        if (signed) text.AppendLine($"gpgkey={url}/{Signer.PublicKeyFile}");
        return text.ToString();
    }

    /// <summary>dnf's variable for the machine's base architecture, in a .repo file that serves them all.</summary>
    public const string BaseArch = "$basearch";
}
