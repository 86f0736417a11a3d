using System.Collections.Immutable;
using BuildKit.Configuration;

namespace BuildKit.Products;

/// <summary>
/// The Go release a tree needs when the builder's Go does not do: the toolchain line of go.mod, else its go line (a
/// floor), and Go 1.13 for a vendor/ made by Go 1.13 or older that disagrees with go.mod (a ceiling: 1.14 and later
/// check vendor/ against go.mod, which 1.13 never did, and a fork's can disagree). It comes from a download folder laid out as go.dev's, each
/// goVERSION.linux-ARCH.tar.gz with its SHA-256 beside it as .sha256, which is how golang.org/dl installs a Go release.
/// </summary>
public sealed record GoToolchain(string Version, string Reason)
{
    /// <summary>Where a build container finds the downloaded releases, read-only, each in a folder named as its archive.</summary>
    public const string MountPath = "/opt/buildkit/go";

    /// <summary>
    /// The environment every Go build gets unless the user's says otherwise: the public module proxy and checksum database
    /// (Fedora's golang turns both off by default), and no toolchain switching by go itself, as BuildKit installs the Go
    /// the tree pins.
    /// </summary>
    public static ImmutableDictionary<string, string> Environment { get; } = ImmutableDictionary<string, string>.Empty
        .Add("GOPROXY", "https://proxy.golang.org,direct")
        .Add("GOSUMDB", "sum.golang.org")
        .Add("GOTOOLCHAIN", "local");

    /// <summary>The user's Go settings a build passes on (<see cref="Environment"/> names the ones with a default).</summary>
    public static ImmutableArray<string> UserSettings { get; } = ["GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOINSECURE", "GOTOOLCHAIN"];

    /// <summary>The last release of each Go minor that gets no more: a two-part go line of one asks for its fixes as well.</summary>
    private static readonly ImmutableDictionary<string, string> FinalReleases = new Dictionary<string, string>
    {
        ["1.11"] = "1.11.13", ["1.12"] = "1.12.17", ["1.13"] = "1.13.15", ["1.14"] = "1.14.15", ["1.15"] = "1.15.15",
        ["1.16"] = "1.16.15", ["1.17"] = "1.17.13", ["1.18"] = "1.18.10", ["1.19"] = "1.19.13", ["1.20"] = "1.20.14",
    }.ToImmutableDictionary();

    /// <summary>The Go this tree needs instead of the builder's <paramref name="builderGo"/>, or null when the builder's does.</summary>
    public static GoToolchain? For(string tree, string builderGo)
    {
        if (!ToolchainVersion.IsOlder(builderGo, "1.14") && UpstreamFiles.VendorDisagreementBeforeGo114(tree) is { } disagreement)
            return new(FinalReleases["1.13"],
                $"vendor/modules.txt, made by Go 1.13 or older, disagrees with go.mod, which Go 1.14 and later refuse (\"inconsistent vendoring\"): go.mod requires {disagreement}");
        if (UpstreamFiles.GoToolchainDirective(tree) is { } pinned && ToolchainVersion.IsOlder(builderGo, pinned))
            return new(pinned, $"the toolchain line in go.mod names go{pinned}");
        if (UpstreamFiles.GoDirective(tree) is { } floor && ToolchainVersion.IsOlder(builderGo, floor))
            return new(Release(floor), $"the go line in go.mod asks for Go {floor} or newer");
        return null;
    }

    /// <summary>
    /// The release a go line names: a three-part version is one; a two-part one is its minor's final release where that
    /// minor is over, else its first (1.21 on, releases are named 1.21.0; before, 1.16 was the first 1.16).
    /// </summary>
    public static string Release(string directive) =>
        directive.Split('.').Length >= 3 ? directive
        : FinalReleases.TryGetValue(directive, out var final) ? final
        : ToolchainVersion.IsOlder(directive, "1.21") ? directive : directive + ".0";

    /// <summary>
    /// -buildvcs=false: the tree BuildKit builds is an export whose commit the build record names, so Go must not stamp the
    /// VCS state it finds (or fail to find); Go before 1.18 has no such flag and refuses it.
    /// </summary>
    public static string VcsStampOff(IReadOnlyDictionary<string, string> toolchains) =>
        toolchains.TryGetValue("go", out var go) && ToolchainVersion.IsOlder(go, "1.18") ? "" : "-buildvcs=false";

    /// <summary>The archive of this release for Linux on <paramref name="goArch"/> (Go's name for it: amd64, arm64).</summary>
    public string Archive(string goArch) => $"go{Version}.linux-{goArch}.tar.gz";

    /// <summary>The stop when this Go is needed and no download folder is configured.</summary>
    public RecipeException NoDownload(string product, string builderGo) => new(
        $"{product} at this commit needs Go {Version} ({Reason}), but the builder has Go {builderGo} and --{Options.GoDownload}={GoReleases.Off} " +
        $"turns downloads of Go off. Give a folder of Go releases (--{Options.GoDownload}=URL, default {GoReleases.DefaultDownload}), " +
        $"or base the builder on an image with Go {Version} (--base-image=).");
}
