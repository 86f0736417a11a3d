using BuildKit.Versioning;

namespace BuildKit.Products;

/// <summary>
/// A library the product's build needs that the target distribution does not package (KDDockWidgets on Debian): built from
/// its pinned upstream in the product's builder before the product, installed into a prefix of its own that the product's
/// cmake finds, and linked statically, so the RPM carries it and requires nothing of it. Its source is fetched like the
/// product's (mirror cache, --mirror, offline), its build is kept per builder and source like a reusable step, and the
/// build record names it. <paramref name="Script"/> runs in <see cref="BuilderPaths.BundledSource"/> of it and installs
/// into <see cref="BuilderPaths.BundledPrefix"/> of it.
/// </summary>
public sealed record BundledDependency(string Name, string Repo, string Ref, string Script)
{
    /// <summary>The version a package's bundled() provide states: the pinned tag read as the version policy reads tags.</summary>
    public string Version => VersionOf(Ref);

    /// <summary>The version a pinned ref stands for: the tag read as the version policy reads tags, else the ref itself.</summary>
    public static string VersionOf(string gitRef) => UpstreamVersion.TryParse(gitRef)?.RpmVersion ?? gitRef;

    /// <summary>The step that builds it, kept by the cache of reusable steps with its install prefix as the output.</summary>
    public RecipeStep Step => new($"bundle-{Name}", Script, new StepReuse([], [Name]));
}
