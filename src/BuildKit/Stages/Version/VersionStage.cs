using BuildKit.Planning;
using BuildKit.Stages.Fetch;
using BuildKit.Versioning;

namespace BuildKit.Stages.Version;

/// <summary>Version: the RPM Version-Release of the fetched commit, printed one product a line as PRODUCT VERSION-RELEASE COMMIT.</summary>
public static class VersionStage
{
    public static PackageVersion Run(BuildRun run, ProductPlan product, FetchedSource source)
    {
        var version = VersionPolicy.Compute(source.Facts, run.Plan.Release, source: product.VersionFrom);
        run.Log.Verbose($"{product.Name}: {version.Reason}");
        run.Log.Information($"{product.Name} {version} {source.Ref.Commit}");
        return version;
    }
}
