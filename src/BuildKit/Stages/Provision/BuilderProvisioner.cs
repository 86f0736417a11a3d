using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using BuildKit.Containers;
using BuildKit.Processes;

namespace BuildKit.Stages.Provision;

/// <summary>The Provision stage: reuse the builder image whose tag (content hash) exists, or build it.</summary>
public sealed partial class BuilderProvisioner(ContainerEngine engine, IProcessRunner runner)
{
    /// <summary>One provisioning at a time per context folder, in this process.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Provisioning = new(StringComparer.Ordinal);

    public async Task<ProvisionedBuilder> EnsureAsync(BuilderImage image, bool rebuild, string workDirectory, LogStep step, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var tag = image.Tag;
        if (!rebuild && await ImageIdAsync(tag, step, cancellationToken) is { } existing)
            return new ProvisionedBuilder(image, tag, existing, Reused: true, stopwatch.Elapsed);

        var context = Path.GetFullPath(Path.Combine(workDirectory, "builder-context-" + image.ContentHash[..16]));
        // Products of one run with the same builder (--parallel) would build it at once in one context folder, each
        // deleting the other's: one builds, the others then find its image.
        var gate = Provisioning.GetOrAdd(context, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!rebuild && await ImageIdAsync(tag, step, cancellationToken) is { } built)
                return new ProvisionedBuilder(image, tag, built, Reused: true, stopwatch.Elapsed);
            return await BuildAsync(image, rebuild, context, step, cancellationToken, stopwatch);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ProvisionedBuilder> BuildAsync(BuilderImage image, bool rebuild, string context, LogStep step, CancellationToken cancellationToken, Stopwatch stopwatch)
    {
        var tag = image.Tag;
        if (Directory.Exists(context)) Directory.Delete(context, recursive: true);
        Directory.CreateDirectory(context);
        try
        {
            File.Copy(image.Containerfile, Path.Combine(context, "Containerfile"));
            await File.WriteAllBytesAsync(Path.Combine(context, "ca.crt"), image.ExtraCaFile is { } ca ? await File.ReadAllBytesAsync(ca, cancellationToken) : [], cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(context, "builddep.spec"),
                image.Toolset.BuildDependencySpec is { } spec ? await File.ReadAllBytesAsync(spec, cancellationToken) : [], cancellationToken);
            var arguments = new List<string> { "build", "--force-rm", "--tag", tag, "--file", Path.Combine(context, "Containerfile") };
            if (rebuild) arguments.Add("--no-cache");
            foreach (var (name, value) in image.BuildArguments) arguments.AddRange(["--build-arg", $"{name}={value}"]);
            arguments.Add(context);
            var build = engine.Command(step, arguments)
                .WithEnvironment("DOCKER_BUILDKIT", "0") with { AcceptsFailure = true, Quiet = false };
            var result = await runner.RunAsync(build, cancellationToken);
            if (!result.Succeeded) throw new ContainerException(DescribeFailure(image, result));
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
        var id = await ImageIdAsync(tag, step, cancellationToken)
            ?? throw new ContainerException($"The builder image {tag} was built but {engine.Program} cannot find it.");
        return new ProvisionedBuilder(image, tag, id, Reused: false, stopwatch.Elapsed);
    }

    private async Task<string?> ImageIdAsync(string tag, LogStep step, CancellationToken cancellationToken)
    {
        var inspect = await runner.RunAsync(engine.Command(step, "image", "inspect", "--format", "{{.Id}}", tag) with { AcceptsFailure = true }, cancellationToken);
        return inspect.Succeeded ? inspect.StandardOutput.Trim() : null;
    }

    /// <summary>Names the Containerfile step that failed (the last one the engine started) and shows the tail of the output.</summary>
    private static string DescribeFailure(BuilderImage image, ProcessResult result)
    {
        var output = result.StandardOutput + result.StandardError;
        var failingStep = StepLine().Matches(output).Select(m => m.Value.Trim()).LastOrDefault() ?? "(before the first step)";
        var tail = string.Join("\n    ", ToolFailedException.Tail(output, 15).Split('\n'));
        return $"The {image.Distribution.Name} builder image for {image.Toolset.Name} did not build: {failingStep} failed (exit {result.ExitCode}).\n" +
               $"  base image: {image.BaseImage}\n  last output:\n    {tail}\n" +
               "  next: check that the base image exists locally (--base-image=) and that its package mirror is reachable (--distro-mirror=).";
    }

    [GeneratedRegex(@"(?m)^(Step \d+/\d+ : .*|STEP \d+/\d+: .*|#\d+ \[[^\]]+\] .*)$")]
    private static partial Regex StepLine();
}
