using BuildKit.Configuration;
using BuildKit.Planning;
using BuildKit.Processes;

namespace BuildKit.Sbom;

/// <summary>How a product's build was asked for, as its provenance states it: the command that makes the same build, and the options it ran with.</summary>
public static class Invocations
{
    public static BuildInvocation Of(BuildPlan plan, ProductPlan product, DateTimeOffset finishedOn)
    {
        var options = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Options.Target] = plan.Target.Name,
            [Options.Products] = product.Name,
            [Options.Distribution] = plan.Distribution.Name,
            [Options.Release] = plan.Release.ToString(),
            [Options.Packager] = plan.Packager.ToString().ToLowerInvariant(),
            [Options.PayloadCompression] = plan.Payload.Io,
            [Options.ProductOption(product.Name, Options.RepoSuffix)] = RemoteUrl.Display(product.Repo),
            [Options.ProductOption(product.Name, Options.RefSuffix)] = product.RequestedRef,
            [Options.Sign] = plan.Signing.Enabled ? "true" : "false",
            [Options.Clean] = plan.Clean ? "true" : "false",
            [Options.NoCache] = plan.Builder.UseCaches ? "false" : "true",
        };
        if (product.PinnedCommit is { } commit) options[Options.ProductOption(product.Name, Options.CommitSuffix)] = commit;
        var command = Shell.Join(["./build.sh", .. options.Where(o => o.Value != "false").Select(o => o.Value == "true" ? $"--{o.Key}" : $"--{o.Key}={o.Value}")]);
        return new BuildInvocation(command, options, plan.Timestamp, finishedOn);
    }
}
