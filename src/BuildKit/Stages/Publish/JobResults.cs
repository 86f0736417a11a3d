using System.Text.Json;
using BuildKit.Configuration;
using BuildKit.Records;
using BuildKit.Sbom;

namespace BuildKit.Stages.Publish;

/// <summary>One build job's result as its workflow artifact holds it: the build record, and each package it lists found beside it.</summary>
public sealed record JobResult(BuildRecord Record, string RecordFile, IReadOnlyList<string> Files)
{
    public string Target => $"{Record.Distribution} {Record.Arch}";

    /// <summary>The binary packages, which the dnf repository serves.</summary>
    public IEnumerable<string> Rpms => Files.Where(f => f.EndsWith(".rpm", StringComparison.Ordinal) && !f.EndsWith(".src.rpm", StringComparison.Ordinal));
}

/// <summary>
/// The results of builds made elsewhere (a nightly matrix's jobs, their artifacts downloaded into one folder), for
/// --from: every build record of the product anywhere under the folder, with the files it lists, found under the same
/// job's folder by name, size and SHA-256. Only verified builds are taken, one per distribution and architecture.
/// </summary>
public static class JobResults
{
    public static IReadOnlyList<JobResult> Load(string folder, string product)
    {
        var results = new List<JobResult>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Read(file) is not { } record || record.Product != product) continue;
            var result = Locate(record, file);
            if (results.FirstOrDefault(r => r.Target == result.Target) is not { } earlier) results.Add(result);
            else if (earlier.Record.BuildKey != record.BuildKey)
                throw new PublishException(
                    $"--{Options.From}={folder} holds two different {product} builds for {result.Target}: {earlier.RecordFile} and {file}. " +
                    "Give it one result per distribution and architecture (the artifacts of one run of the build jobs).");
        }
        if (results.Count == 0)
            throw new PublishException(
                $"--{Options.From}={folder} holds no result of {product}: no build record of it (buildinfo/{product}.json in a job's artifact). " +
                $"Download every build job's artifact into it, or leave {product} out with --{Options.Products}=.");
        return results;
    }

    /// <summary>A build record, or null for any other JSON file a job's artifact may hold.</summary>
    private static BuildRecord? Read(string file)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(file), BuildKitJson.Default.BuildRecord) is { Product: not null, Artifacts.Count: > 0 } record ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JobResult Locate(BuildRecord record, string file)
    {
        var what = $"the {record.Distribution} {record.Arch} build of {record.Product} {record.Version} ({file})";
        if (!record.Verified)
            throw new PublishException($"{what} did not pass Verify, so it is not published. Publish only the results of jobs whose Verify passed.");
        // A job's artifact holds buildinfo/PRODUCT.json beside rpms/ and srpms/: the record's files are looked for in that job only.
        var recordFolder = Path.GetDirectoryName(file)!;
        var job = Path.GetFileName(recordFolder) == "buildinfo" ? Path.GetDirectoryName(recordFolder)! : recordFolder;
        List<string> folders = [job, .. Directory.EnumerateDirectories(job, "*", SearchOption.AllDirectories)];
        var files = new List<string>();
        // What a release publishes of a build: its packages, SRPM, SBOMs and provenance; Source0, which the record lists too, is in the SRPM.
        foreach (var artifact in record.Artifacts.Where(a => a.Name.EndsWith(".rpm", StringComparison.Ordinal) || Attestations.Are(a.Name)))
            files.Add(artifact.LocateIn(folders) ?? throw new PublishException(
                $"{what}: {artifact.Name}, which its record lists, is not under {job} with the same size and SHA-256. " +
                "Download the job's whole artifact, as it uploaded it."));
        return new JobResult(record, file, files);
    }
}
