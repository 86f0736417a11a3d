using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using BuildKit.Configuration;

namespace BuildKit.Containers;

/// <summary>
/// A builder image as a value: family Containerfile, base image, the toolset's packages and the extra trust. Its tag is a
/// hash of all of them, so an unchanged definition is reused and any change gives a new tag.
/// </summary>
public sealed record BuilderImage(
    Distribution Distribution,
    Toolset Toolset,
    string BaseImage,
    string Containerfile,
    string? ExtraCaFile,
    string? DistroMirror)
{
    public ImmutableArray<string> Packages => Toolchains.Packages(Toolset, Distribution);

    /// <summary>
    /// Installed in a layer of their own before the toolset's packages: every builder of a distribution shares that layer,
    /// so a second builder, or a changed toolset, installs only its own packages.
    /// </summary>
    public ImmutableArray<string> CommonPackages => Toolset.WithCommonTools ? Toolchains.Packages(Toolchains.CommonTools, Distribution) : [];

    public ImmutableArray<KeyValuePair<string, string>> BuildArguments =>
    [
        KeyValuePair.Create("BASE_IMAGE", BaseImage),
        KeyValuePair.Create("COMMON_PACKAGES", string.Join(' ', CommonPackages)),
        KeyValuePair.Create("PACKAGES", string.Join(' ', Packages.Except(CommonPackages))),
        .. Toolset.Gems.IsEmpty ? [] : new[] { KeyValuePair.Create("GEMS", string.Join(' ', Toolset.Gems)) },
        KeyValuePair.Create("DISTRO_MIRROR", DistroMirror ?? ""),
        .. Distribution.EnterpriseLinux ? new[] { KeyValuePair.Create("EPEL_AND_CRB", "yes") } : [],
    ];

    public string ContentHash
    {
        get
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(File.ReadAllBytes(Containerfile));
            foreach (var (name, value) in BuildArguments) sha.AppendData(Encoding.UTF8.GetBytes($"\0{name}={value}"));
            sha.AppendData("\0ca\0"u8);
            if (ExtraCaFile is not null) sha.AppendData(File.ReadAllBytes(ExtraCaFile));
            if (Toolset.BuildDependencySpec is { } spec)
            {
                sha.AppendData("\0builddep\0"u8);
                sha.AppendData(File.ReadAllBytes(spec));
            }
            return Hashing.Hex(sha);
        }
    }

    private const string TagPrefix = "buildkit-builder-";

    public string Tag => $"{TagPrefix}{Distribution.Name}-{Toolset.Name}:{ContentHash[..16]}";

    /// <summary>How a message names the image a step ran in: "the debian-12 hotspot-qt5 builder" for a builder's tag, else the image.</summary>
    public static string Describe(string image)
    {
        var name = image.Split(':')[0];
        var distribution = name.StartsWith(TagPrefix, StringComparison.Ordinal)
            ? Distribution.All.FirstOrDefault(d => name[TagPrefix.Length..].StartsWith(d.Name + "-", StringComparison.Ordinal))
            : null;
        return distribution is null ? $"a container of {image}" : $"the {distribution.Name} {name[(TagPrefix.Length + distribution.Name.Length + 1)..]} builder";
    }
}

/// <summary>What Provision produced: the image to run steps in, its id (the build record's builder digest), and whether it was reused.</summary>
public sealed record ProvisionedBuilder(BuilderImage Image, string Tag, string ImageId, bool Reused, TimeSpan Duration);
