namespace BuildKit.Versioning;

/// <summary>Raised when a build would not upgrade what is already published.</summary>
public sealed class VersionOrderException(string message) : BuildKitException(message);

/// <summary>Before publishing: the new EVR must sort above every EVR already published for the product and distribution.</summary>
public static class OrderingGate
{
    public static void Check(string product, Evr candidate, IEnumerable<Evr> published, bool allowDowngrade)
    {
        var highest = published.OrderByDescending(e => e, RpmVersionComparer.Instance).FirstOrDefault();
        if (highest is null || RpmVersionComparer.Instance.Compare(candidate, highest) > 0 || allowDowngrade) return;
        var relation = RpmVersionComparer.Instance.Compare(candidate, highest) == 0 ? "equals" : "sorts below";
        throw new VersionOrderException(
            $"{product} {candidate} {relation} {product} {highest}, which is already published: dnf would not offer it as an upgrade. " +
            "Build a newer ref, raise the release with --release=N for a rebuild of the same version, " +
            "or pass --allow-downgrade if publishing a lower version is intended.");
    }
}
