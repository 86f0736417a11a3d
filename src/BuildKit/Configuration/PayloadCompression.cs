using System.Text.RegularExpressions;

namespace BuildKit.Configuration;

/// <summary>
/// How rpmbuild compresses the packages' payload, in rpm's own spelling (the value of %_binary_payload and %_source_payload),
/// and why it was chosen. Debian's rpm would otherwise use gzip -9, the slowest choice there is for the size it gives.
/// </summary>
public sealed partial record PayloadCompression(string Io, string Why)
{
    public const string FastName = "fast";
    public const string FedoraName = "fedora";

    /// <summary>zstd level 3: about a tenth of gzip -9's time for nearly its size, so a developer's rebuild does not wait on it.</summary>
    public static PayloadCompression Fast { get; } = new("w3.zstdio", "fast, for a build that is not published");

    /// <summary>Fedora's own choice (rpm's default from 4.19 on): the smallest downloads for users, whatever the builder's rpm defaults to.</summary>
    public static PayloadCompression Fedora { get; } = new("w19.zstdio", "Fedora's, for a published build");

    /// <summary>--payload-compression when given, else Fedora's for a target that publishes and the fast one for every other.</summary>
    public static PayloadCompression Choose(string? option, bool publishes) => option?.ToLowerInvariant() switch
    {
        null => publishes ? Fedora : Fast,
        FastName => Fast with { Why = $"--{Options.PayloadCompression}={FastName}" },
        FedoraName => Fedora with { Why = $"--{Options.PayloadCompression}={FedoraName}" },
        var io when RpmIo().IsMatch(io) => new PayloadCompression(io, $"--{Options.PayloadCompression}"),
        _ => throw new ConfigurationException(
            $"--{Options.PayloadCompression}={option} is not a payload compression. Use {FastName} ({Fast.Io}), {FedoraName} ({Fedora.Io}), " +
            "or rpm's own form wLEVEL.KIND with KIND one of gzdio, xzdio, zstdio, bzdio (e.g. w9.gzdio, w6.xzdio)."),
    };

    [GeneratedRegex(@"^w([1-9]|1[0-9])(T[0-9]*)?\.(gzdio|xzdio|zstdio|bzdio)$")]
    private static partial Regex RpmIo();

    public override string ToString() => $"{Io} ({Why})";
}
