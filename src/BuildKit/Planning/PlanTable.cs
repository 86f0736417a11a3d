using System.Text;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Products;

namespace BuildKit.Planning;

/// <summary>Renders the plan as the aligned tables every run prints before it does anything.</summary>
public static class PlanTable
{
    public static string Render(BuildPlan plan, Paths paths)
    {
        var text = new StringBuilder();
        text.AppendLine(plan.Target.Preview
            ? $"BuildKit plan: target Plan (preview of {plan.Target.Name}; nothing runs)"
            : $"BuildKit plan: target {plan.Target.Name}");
        text.AppendLine($"  time:         {plan.Timestamp:yyyy-MM-ddTHH:mm:ssZ}");
        text.AppendLine($"  products:     {paths.Display(plan.ConfigFile)}");
        text.AppendLine($"  distribution: {plan.Distribution.Name} ({plan.Distribution.FamilyName} family, {plan.Distribution.BaseImage})");
        text.AppendLine($"  builder:      {plan.Builder.Engine ?? "docker or podman"} FROM {plan.Builder.BaseImage}{(plan.Builder.Rebuild ? ", rebuilt" : "")}{(plan.Builder.UseCaches ? ", cache volumes and reusable step outputs" : ", no cache volumes, every step runs")}");
        text.AppendLine($"  engine:       {(plan.Builder.Location.Remote ? "remote" : "local")}, {plan.Builder.Location.Why}");
        if (plan.Builder.CaFile is { } ca) text.AppendLine($"  trust:        {ca}");
        if (plan.Builder.DistroMirror is { } distroMirror) text.AppendLine($"  packages:     {RemoteUrl.Display(distroMirror)}");
        text.AppendLine($"  go releases:  {(plan.Builder.GoDownload is { } go ? RemoteUrl.Display(go) + " (when a tree pins a Go the builder lacks)" : $"none (--{Options.GoDownload}={GoReleases.Off}): trees that pin a Go the builder lacks stop")}");
        text.AppendLine($"  release:      {plan.Release}");
        if (plan.Parallel) text.AppendLine("  products:     built in parallel");
        text.AppendLine($"  packager:     {plan.Packager.ToString().ToLowerInvariant()}{(plan.Packager == Packager.Rpmbuild ? $", payload {plan.Payload}" : "")}");
        if (plan.From is { } results) text.AppendLine($"  results:      {results} (built elsewhere: nothing is built, each product's results there are published)");
        if (plan.Clean) text.AppendLine("  clean:        every build starts from a fresh tree and an empty build folder");
        text.AppendLine($"  signing:      {(plan.Signing.Enabled ? $"yes, key from {plan.Signing.KeyFile ?? "$" + EnvVars.GpgKey}" : "no (packages are not signed)")}");
        text.AppendLine($"  cache:        {plan.CacheDirectory}{(plan.Builder.UseCaches ? $", tool caches in volumes {plan.CacheVolumes}-PRODUCT-KIND" : "")}");
        if (plan.Target.Publishes)
            text.AppendLine($"  publish to:   {plan.GitHub.Repository} at {plan.GitHub.ApiBase}" +
                (plan.Target.Rolling ? $", rolling nightly releases keeping {plan.KeepNightlies} builds" : "") +
                (plan.DryRun ? " (dry run: nothing changes)" : ""));
        if (plan.HostedRepository is { } hosted)
            text.AppendLine($"  dnf repo:     {RemoteUrl.Display(hosted.Remote)} branch {hosted.Branch}, served at {hosted.Url}, keeping {plan.KeepNightlies} builds of each package and architecture");
        foreach (var (from, to) in plan.Mirrors.OrderBy(m => m.Key, StringComparer.Ordinal))
            text.AppendLine($"  mirror:       {RemoteUrl.Display(from)} -> {RemoteUrl.Display(to)}");
        text.AppendLine();
        text.Append(Table(
            ["PRODUCT", "REPO", "REF", "PINNED", "PATCHES", "RECIPE", "VERSION", "SPEC", "OUTPUT"],
            plan.Products.Select(p => new[]
            {
                p.Name, RemoteUrl.Display(p.Repo), p.RequestedRef, p.PinnedCommit ?? "-", p.Patches.Length.ToString(), p.Recipe.Name,
                p.VersionFrom.ToString(), paths.Display(p.Spec), paths.Display(p.OutputDirectory),
            })));
        if (plan.Target.Preview) text.AppendLine().Append(Toolsets(plan));
        text.AppendLine();
        text.Append(Table(
            ["PRODUCT", "STAGE", "DECISION", "WHY"],
            plan.Products.SelectMany(p => p.Stages.Select(s => new[]
            {
                p.Name, s.Stage, s.Decision.Kind.ToString().ToLowerInvariant(), s.Decision.Reason ?? "",
            }))));
        return text.ToString();
    }

    /// <summary>What each builder installs on the plan's distribution beyond every builder's packages, or why it cannot be made there.</summary>
    private static string Toolsets(BuildPlan plan)
    {
        var distribution = plan.Distribution;
        string Packages(IEnumerable<Tool> tools) =>
            tools.FirstOrDefault(t => !t.In(distribution).IsAvailable) is { } missing
                ? $"refused: {missing.Name}: {missing.In(distribution).UnavailableBecause}"
                : string.Join(' ', tools.SelectMany(t => t.In(distribution).Packages).Distinct());
        return Table(
            ["PRODUCT", "BUILDER", $"PACKAGES ON {distribution.Name}"],
            [
                ["(all)", "common", Packages(Toolchains.Common.Where(t => t.In(distribution).IsAvailable))],
                .. plan.Products.SelectMany(p => p.Recipe.Toolsets(distribution, plan.Packager).Select(t => new[] { p.Name, t.Name, Packages(t.Tools) })),
            ]);
    }

    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new[] { header }.Concat(rows).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            var cells = row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]));
            text.AppendLine(("  " + string.Join("  ", cells)).TrimEnd());
        }
        return text.ToString();
    }
}
