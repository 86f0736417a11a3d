using System.Text.Json;
using Json.Schema;

namespace BuildKit.Tests.Sbom;

/// <summary>The JSON schemas of Schemas/ (see its README), each built once, and what a document breaks of one.</summary>
internal static class SchemaCheck
{
    public const string Spdx = "spdx-2.3.schema.json";
    public const string Statement = "in-toto-statement-v1.schema.json";
    public const string SlsaProvenance = "slsa-provenance-v1.schema.json";

    private static readonly Dictionary<string, JsonSchema> Built = [];

    /// <summary>Every error <paramref name="json"/> has against the schema, as "LOCATION: MESSAGE"; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(string schema, string json) => Errors(schema, JsonDocument.Parse(json).RootElement);

    public static IReadOnlyList<string> Errors(string schema, JsonElement element)
    {
        JsonSchema built;
        lock (Built)
            if (!Built.TryGetValue(schema, out built!))
                Built[schema] = built = JsonSchema.FromText(File.ReadAllText(Path.Combine(Repository.Root, "tests", "BuildKit.Tests", "Sbom", "Schemas", schema)),
                    new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var results = built.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid ? [] : [.. (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))];
    }
}
