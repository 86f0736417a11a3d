using System.Globalization;

namespace BuildKit.Versioning;

/// <summary>An RPM epoch:version-release. A missing epoch is 0; a missing release sorts below any release, as in rpm.</summary>
public sealed record Evr(int? Epoch, string Version, string? Release) : IComparable<Evr>
{
    /// <summary>Parses "[EPOCH:]VERSION[-RELEASE]" the way rpm splits it: release after the last dash.</summary>
    public static Evr Parse(string text)
    {
        int? epoch = null;
        var colon = text.IndexOf(':');
        if (colon > 0 && text[..colon].All(char.IsAsciiDigit))
        {
            epoch = int.Parse(text[..colon], CultureInfo.InvariantCulture);
            text = text[(colon + 1)..];
        }
        var dash = text.LastIndexOf('-');
        return dash < 0 ? new Evr(epoch, text, null) : new Evr(epoch, text[..dash], text[(dash + 1)..]);
    }

    public int CompareTo(Evr? other) => RpmVersionComparer.Instance.Compare(this, other);

    public override string ToString() =>
        (Epoch is { } e ? $"{e}:" : "") + Version + (Release is { } r ? $"-{r}" : "");
}
