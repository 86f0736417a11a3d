using BuildKit.Configuration;

namespace BuildKit.Tests;

/// <summary>A products file and argument set with sensible defaults, for planning and configuration tests.</summary>
internal static class PlanFixture
{
    public const string ProductsYaml = """
        distribution: fedora-43
        products:
          grafana:
            repo: https://github.com/grafana/grafana.git
            ref: v12.2.0
            recipe: grafana
            spec: grafana.spec
          hotspot:
            repo: https://github.com/KDAB/hotspot.git
            ref: v1.5.1
            commit: 0123456789abcdef0123456789abcdef01234567
            recipe: hotspot
            spec: hotspot.spec
        """;

    public static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    public static readonly Paths Paths = new("/work/buildkit");

    public static ProductsFile Products(string yaml = ProductsYaml) => ProductsFile.Parse(yaml, "/work/buildkit/specs/products.yaml");

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Args(params string[] options) =>
        options.Select(o => o.TrimStart('-').Split('=', 2))
            .ToDictionary(p => p[0], p => (IReadOnlyList<string>)[p.Length > 1 ? p[1] : ""], StringComparer.OrdinalIgnoreCase);

    public static BuildArguments Parse(params string[] options) => BuildArguments.Parse(Args(options), Products());
}
