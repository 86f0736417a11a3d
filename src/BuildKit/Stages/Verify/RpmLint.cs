using System.Text.RegularExpressions;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Configuration;
using BuildKit.Products;

namespace BuildKit.Stages.Verify;

/// <summary>One rpmlint finding.</summary>
public sealed record LintFinding(string Package, char Level, string Check, string Detail)
{
    public override string ToString() => $"{Package}: {Check}{Detail}";
}

/// <summary>The rpmlint gate: every RPM and SRPM, with specs/rpmlint.toml; an error fails the build naming the package and the check.</summary>
public sealed partial class RpmLint(ContainerRunner containers)
{
    public async Task<IReadOnlyList<LintFinding>> CheckAsync(
        string product, IReadOnlyList<string> packages, ProvisionedBuilder builder, string buildKitSpecs, CancellationToken cancellationToken)
    {
        var step = new ContainerStep(new LogStep(product, "rpmlint"), builder.Tag,
            $"rpmlint -c {BuilderPaths.BuildKitSpecs}/{Paths.RpmLintConfigFile} " +
            string.Join(' ', packages.Select(p => $"{BuilderPaths.Packages(Path.GetDirectoryName(p)!)}/{Path.GetFileName(p)}")),
            "/") with { CapturesOutput = true, AcceptsFailure = true };
        step = packages.Select(p => Path.GetDirectoryName(p)!).Distinct().Aggregate(step.WithMount(buildKitSpecs, BuilderPaths.BuildKitSpecs, readOnly: true),
            (withFolder, folder) => withFolder.WithMount(folder, BuilderPaths.Packages(folder), readOnly: true));

        var result = await containers.RunAsync(step, cancellationToken);
        var findings = Parse(result.StandardOutput);
        var errors = findings.Where(f => f.Level == 'E').ToList();
        if (errors.Count > 0 || (result.ExitCode != 0 && findings.Count == 0))
            throw new VerificationException(errors.Count > 0
                ? $"rpmlint found {errors.Count} error(s): {string.Join("; ", errors)}. Fix the spec, or accept a finding with a filter and its reason in specs/{Paths.RpmLintConfigFile}."
                : $"rpmlint failed (exit {result.ExitCode}): {ToolFailedException.Tail(result.StandardOutput + result.StandardError, 5)}");
        return findings;
    }

    public static IReadOnlyList<LintFinding> Parse(string output) =>
        [.. Finding().Matches(output).Select(m => new LintFinding(m.Groups["package"].Value, m.Groups["level"].Value[0], m.Groups["check"].Value, m.Groups["detail"].Value))];

    [GeneratedRegex(@"(?m)^(?<package>[^\s:]+(?::\d+)?): (?<level>[EW]): (?<check>[\w%-]+)(?<detail>[^\n]*)$")]
    private static partial Regex Finding();
}
