using System.Collections.Immutable;
using BuildKit.Containers;
using BuildKit.Processes;

namespace BuildKit.Stages.Verify;

/// <summary>How two builds of the same inputs compare, package by package.</summary>
public sealed record ReproducibilityReport(ImmutableArray<string> Identical, ImmutableArray<string> SamePayload, ImmutableArray<string> Different)
{
    public bool PayloadsMatch => Different.IsEmpty;

    public string Summary =>
        $"{Identical.Length} byte-identical, {SamePayload.Length} with identical payload (file digests, modes, owners, mtimes) but different headers, {Different.Length} different" +
        (Different.IsEmpty ? "" : ": " + string.Join("; ", Different));
}

/// <summary>--check-reproducible: compares the packages of two builds of the same inputs, bytes first, then payload.</summary>
public sealed class ReproducibilityCheck(ContainerRunner containers)
{
    private const string PayloadQuery = "[%{FILENAMES} %{FILEDIGESTS} %{FILEMODES} %{FILEUSERNAME}:%{FILEGROUPNAME} %{FILEMTIMES} %{FILEFLAGS}\\n]";

    public async Task<ReproducibilityReport> CompareAsync(
        string product, IReadOnlyList<string> first, IReadOnlyList<string> second, ProvisionedBuilder builder, CancellationToken cancellationToken)
    {
        var identical = new List<string>();
        var samePayload = new List<string>();
        var different = new List<string>();
        foreach (var left in first)
        {
            var name = Path.GetFileName(left);
            var right = second.FirstOrDefault(r => Path.GetFileName(r) == name);
            if (right is null)
            {
                different.Add($"{name}: missing from the second build");
                continue;
            }
            if (Hashing.FileSha256(left) == Hashing.FileSha256(right))
            {
                identical.Add(name);
                continue;
            }
            var a = await PayloadAsync(product, left, builder, cancellationToken);
            var b = await PayloadAsync(product, right, builder, cancellationToken);
            if (a.SequenceEqual(b)) samePayload.Add(name);
            else different.Add($"{name}: {string.Join(", ", a.Except(b).Select(l => l.Split(' ')[0]).Distinct().Take(10))}");
        }
        return new ReproducibilityReport([.. identical], [.. samePayload], [.. different]);
    }

    private async Task<string[]> PayloadAsync(string product, string rpm, ProvisionedBuilder builder, CancellationToken cancellationToken)
    {
        var step = new ContainerStep(new LogStep(product, "reproducibility"), builder.Tag, $"rpm -qp --qf '{PayloadQuery}' /rpm/{Path.GetFileName(rpm)}", "/")
            { CapturesOutput = true }.WithMount(Path.GetDirectoryName(rpm)!, "/rpm", readOnly: true);
        return (await containers.RunAsync(step, cancellationToken)).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
