using System.Collections.Immutable;
using BuildKit.Containers;
using BuildKit.Planning;
using BuildKit.Sbom;

namespace BuildKit.Stages.Package;

/// <summary>
/// A build's SBOMs and provenance statement, written once its packages are final (signed: their digests are the ones
/// published) into artifacts/attestations/DISTRIBUTION, and signed themselves when the build is.
/// </summary>
public static class PackageAttestations
{
    public static async Task<ImmutableArray<string>> WriteAsync(
        BuildRun run, ProductPlan product, ProvisionedBuilder builder, BuildSbom sbom, RpmFiles files, CancellationToken cancellationToken)
    {
        // The provenance states when the packages were finished, which only the clock knows; the SBOMs read no clock.
        var invocation = Invocations.Of(run.Plan, product, DateTimeOffset.UtcNow);
        var written = await Attestations.WriteAsync(sbom, [.. files.Rpms.Select(rpm => (rpm, PackageFiles.NameOf(rpm)))], files.Srpms,
            run.Paths.Attestations(run.Plan.Distribution.Name), invocation, cancellationToken);
        var signatures = ImmutableArray<string>.Empty;
        await Signer.WithPlanKeyAsync(run, product, builder.Tag, async signer =>
        {
            if (signer is null) return;
            await signer.DetachSignAllAsync(product.Name, written, cancellationToken);
            signatures = [.. written.Select(file => file + Attestations.SignatureSuffix)];
        });
        return [.. written, .. signatures];
    }
}
