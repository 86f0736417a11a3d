using System.Collections.Immutable;
using BuildKit.Configuration;

namespace BuildKit.Containers;

/// <summary>How one family provides a tool: the packages to install, or why it cannot.</summary>
public sealed record Provision(ImmutableArray<string> Packages, string? UnavailableBecause = null)
{
    public bool IsAvailable => UnavailableBecause is null;
    public static Provision Of(params string[] packages) => new([.. packages]);
    public static Provision Unavailable(string reason) => new([], reason);
}

/// <summary>
/// A tool a build needs, and how each package family provides it: one row, both families side by side, and where one
/// distribution of a family differs from the rest (Debian 12 has no KDE Frameworks 6, Debian 13 has), that distribution's own way.
/// </summary>
public sealed record Tool(string Name, Provision Dnf, Provision Apt)
{
    /// <summary>The distributions (by name) that provide the tool otherwise than their family's row says.</summary>
    public ImmutableDictionary<string, Provision> ByDistribution { get; init; } = ImmutableDictionary<string, Provision>.Empty;

    /// <summary>This tool, provided otherwise on the named distribution.</summary>
    public Tool On(string distribution, Provision provision) => this with { ByDistribution = ByDistribution.SetItem(distribution, provision) };

    /// <summary>This tool, provided otherwise on every Enterprise Linux distribution.</summary>
    public Tool OnEnterpriseLinux(Provision provision) =>
        Distribution.All.Where(d => d.EnterpriseLinux).Aggregate(this, (tool, distribution) => tool.On(distribution.Name, provision));

    public Provision In(Distribution distribution) =>
        ByDistribution.GetValueOrDefault(distribution.Name) ?? (distribution.Family == PackageFamily.Dnf ? Dnf : Apt);
}

/// <summary>
/// The tools one kind of build needs beyond every builder's common ones; a recipe declares its toolset. With
/// <see cref="BuildDependencySpec"/>, a dnf builder also installs what that spec's BuildRequires name (dnf builddep).
/// </summary>
public sealed record Toolset(string Name, ImmutableArray<Tool> Tools, ImmutableArray<string> Gems)
{
    public Toolset(string name, params Tool[] tools) : this(name, [.. tools], []) { }

    public string? BuildDependencySpec { get; init; }

    /// <summary>Whether the builder has <see cref="Toolchains.Common"/> besides these tools: every builder that builds does.</summary>
    public bool WithCommonTools { get; init; } = true;
}

/// <summary>
/// The table of tools any build may use, both families side by side, so that a need is stated once and the two package
/// lists cannot drift apart. Fedora names follow Fedora's own specs; Debian names hold for bookworm and trixie alike. Tools only one product
/// needs (Qt, KDE Frameworks, fpm) are declared by that product's recipe in the same form.
/// </summary>
public static class Toolchains
{
    public static Tool Go { get; } = new("go", Provision.Of("golang"), Provision.Of("golang-go"));
    public static Tool Node { get; } = new("node", Provision.Of("nodejs"), Provision.Of("nodejs"));
    // EL 9's nodejs names its npm package as Debian does; EL 10 follows Fedora.
    public static Tool Npm { get; } = new Tool("npm", Provision.Of("nodejs-npm"), Provision.Of("npm")).On("el9", Provision.Of("npm"));
    public static Tool C { get; } = new("c", Provision.Of("gcc", "make"), Provision.Of("gcc", "make", "libc6-dev"));
    public static Tool Cxx { get; } = new("c++", Provision.Of("gcc-c++"), Provision.Of("g++"));
    public static Tool CMake { get; } = new("cmake", Provision.Of("cmake", "ninja-build"), Provision.Of("cmake", "ninja-build", "make"));
    public static Tool PkgConfig { get; } = new("pkgconfig", Provision.Of("pkgconf-pkg-config"), Provision.Of("pkgconf"));


    /// <summary>What every builder has: fetching, packaging, checking, signing.</summary>
    public static ImmutableArray<Tool> Common { get; } =
    [
        new("git", Provision.Of("git-core"), Provision.Of("git")),
        new("rpmbuild", Provision.Of("rpm-build"), Provision.Of("rpm")),
        new("rpmlint", Provision.Of("rpmlint"), Provision.Of("rpmlint")),
        new("rpmdevtools", Provision.Of("rpmdevtools"), Provision.Unavailable("Debian does not package rpmdevtools; BuildKit needs none of its scripts")),
        // dnf5's builddep command, or dnf 4's on Enterprise Linux, which installs a spec's BuildRequires for products without a recipe of their own.
        new Tool("builddep", Provision.Of("dnf5-plugins"), Provision.Unavailable("apt cannot read a spec; the toolchain table maps its BuildRequires instead"))
            .OnEnterpriseLinux(Provision.Of("dnf-plugins-core")),
        new("createrepo", Provision.Of("createrepo_c"), Provision.Of("createrepo-c")),
        new("ccache", Provision.Of("ccache"), Provision.Of("ccache")),
        new("archive", Provision.Of("tar", "gzip", "xz", "cpio", "file"), Provision.Of("tar", "gzip", "xz-utils", "cpio", "file")),
        new("ca-certificates", Provision.Of("ca-certificates"), Provision.Of("ca-certificates")),
        new("base-utils", Provision.Of("findutils", "shadow-utils", "diffutils", "which"), Provision.Of("findutils", "passwd", "diffutils", "debianutils")),
        new("systemd-macros", Provision.Of("systemd-rpm-macros"), Provision.Of()),
        new("signing", Provision.Of("rpm-sign", "gnupg2"), Provision.Of("gnupg")),
        // find-debuginfo and the eu-strip and objcopy it runs: Fedora's rpm-build requires them, Debian's rpm does not.
        new("debuginfo", Provision.Of("debugedit", "elfutils", "binutils"), Provision.Of("debugedit", "elfutils", "binutils")),
    ];

    /// <summary>
    /// The builder that publishes results built elsewhere (--from): only what signing and the dnf repository take, so that a
    /// publish job makes it in seconds.
    /// </summary>
    public static Toolset Publishing =>
        new("publish", [.. Common.Where(tool => tool.Name is "createrepo" or "signing" or "ca-certificates" or "base-utils")], []) { WithCommonTools = false };

    /// <summary>The common tools alone, as the shared first layer of every builder that builds.</summary>
    public static Toolset CommonTools => new("common");

    /// <summary>The tools of this table a spec's BuildRequires may name, by their Fedora package names.</summary>
    public static ImmutableArray<Tool> Known { get; } = [.. Common, Go, Node, Npm, C, Cxx, CMake, PkgConfig];

    /// <summary>Every package a builder of this toolset installs on this distribution: the common tools, then the toolset's, each once.</summary>
    public static ImmutableArray<string> Packages(Toolset toolset, Distribution distribution)
    {
        if (toolset.Tools.FirstOrDefault(t => !t.In(distribution).IsAvailable) is { } missing)
            throw new ContainerException(
                $"The {toolset.Name} builder cannot be made for {distribution.Name}: {missing.Name} is not available there ({missing.In(distribution).UnavailableBecause}). " +
                "Build for a distribution that has it (--distribution=).");
        return [.. (toolset.WithCommonTools ? Common : []).Concat(toolset.Tools)
            .Select(tool => tool.In(distribution))
            .Where(p => p.IsAvailable)
            .SelectMany(p => p.Packages)
            .Distinct()];
    }
}
