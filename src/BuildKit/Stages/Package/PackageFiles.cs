using BuildKit.Versioning;

namespace BuildKit.Stages.Package;

/// <summary>RPM file names (NAME-VERSION-RELEASE.ARCH.rpm) read back into what they say.</summary>
public static class PackageFiles
{
    /// <summary>The package name of an RPM file, splitting VERSION-RELEASE.ARCH off the end.</summary>
    public static string NameOf(string rpm)
    {
        var stem = Path.GetFileName(rpm)[..^".rpm".Length];
        var withoutArch = stem[..stem.LastIndexOf('.')];
        var withoutRelease = withoutArch[..withoutArch.LastIndexOf('-')];
        return withoutRelease[..withoutRelease.LastIndexOf('-')];
    }

    /// <summary>The architecture of an RPM file: x86_64, noarch, or src for an SRPM.</summary>
    public static string ArchOf(string rpm) => Path.GetFileName(rpm)[..^".rpm".Length].Split('.').Last();

    public static Evr EvrOf(string rpm)
    {
        var stem = Path.GetFileName(rpm)[..^".rpm".Length];
        var withoutArch = stem[..stem.LastIndexOf('.')];
        return Evr.Parse(withoutArch[(NameOf(rpm).Length + 1)..]);
    }

    /// <summary>The highest earlier build of the same package and architecture beside <paramref name="rpm"/>, or null.</summary>
    public static string? PreviousBuild(string name, string rpm)
    {
        var arch = ArchOf(rpm);
        var current = EvrOf(rpm);
        return Directory.GetFiles(Path.GetDirectoryName(rpm)!, $"{name}-*.{arch}.rpm")
            .Where(file => NameOf(file) == name && EvrOf(file).CompareTo(current) < 0)
            .OrderByDescending(EvrOf, RpmVersionComparer.Instance)
            .FirstOrDefault();
    }
}
