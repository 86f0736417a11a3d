using System.Collections.Immutable;

namespace BuildKit.Sbom;

/// <summary>
/// The files published beside a build's packages that say what they are and how they were made: an SPDX document per binary
/// RPM (NAME-EVR.ARCH.spdx.json, naming the RPM's SHA-256, which the copy inside the RPM cannot) and one provenance
/// statement per build (NAME-EVR.ARCH.intoto.json, named after the product's package), each with its detached signature
/// (.asc) when the build is signed.
/// </summary>
public static class Attestations
{
    public const string SignatureSuffix = ".asc";

    /// <summary>Whether a file of a build's record is one of these (or its signature): what a publish takes besides the packages.</summary>
    public static bool Are(string name)
    {
        var signed = name.EndsWith(SignatureSuffix, StringComparison.Ordinal) ? name[..^SignatureSuffix.Length] : name;
        return signed.EndsWith(SpdxDocument.MediaSuffix, StringComparison.Ordinal) || signed.EndsWith(Provenance.FileSuffix, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes the SBOM of each of <paramref name="rpms"/> (file and package name) and the provenance of all of them and
    /// <paramref name="srpms"/> into <paramref name="folder"/>.
    /// </summary>
    public static async Task<ImmutableArray<string>> WriteAsync(
        BuildSbom sbom, IReadOnlyList<(string File, string Package)> rpms, IReadOnlyList<string> srpms, string folder, BuildInvocation invocation,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var (rpm, name) in rpms)
        {
            var sbomFile = Path.Combine(folder, Stem(rpm) + SpdxDocument.MediaSuffix);
            await File.WriteAllTextAsync(sbomFile, SpdxDocument.Write(sbom, new SbomPackage(name, Path.GetFileName(rpm), Hashing.FileSha256(rpm))), cancellationToken);
            written.Add(sbomFile);
        }
        var main = rpms.FirstOrDefault(r => r.Package == sbom.Record.Product).File ?? rpms[0].File;
        var provenanceFile = Path.Combine(folder, Stem(main) + Provenance.FileSuffix);
        var subjects = rpms.Select(r => r.File).Concat(srpms).Select(file => new ProvenanceSubject(Path.GetFileName(file), Hashing.FileSha256(file))).ToList();
        await File.WriteAllTextAsync(provenanceFile, Provenance.Write(sbom.Record, subjects, invocation), cancellationToken);
        written.Add(provenanceFile);
        return [.. written];
    }

    private static string Stem(string rpm) => Path.GetFileName(rpm)[..^".rpm".Length];
}
