using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BuildKit.Sbom;

/// <summary>The RPM an SPDX document describes: its package name, its file and that file's SHA-256 once it exists.</summary>
public sealed record SbomPackage(string Name, string? FileName = null, string? Sha256 = null);

/// <summary>
/// An SPDX 2.3 JSON document of one RPM: the package, the upstream it was generated from (repository, commit, patches) and
/// every component, shipped ones CONTAINed by the package, build-only ones a DEV_DEPENDENCY_OF the upstream. The same build
/// gives the same bytes: created is the build's SOURCE_DATE_EPOCH, and the namespace is named after the content's hash.
/// </summary>
public static class SpdxDocument
{
    public const string MediaSuffix = ".spdx.json";
    private const string NamespaceBase = "https://spdx.org/spdxdocs/buildkit/";
    public const string PackageId = "SPDXRef-Package";
    public const string UpstreamId = "SPDXRef-Upstream";

    public static string Write(BuildSbom sbom, SbomPackage package)
    {
        var name = package.FileName ?? $"{package.Name}-{sbom.Record.Version}";
        var unnamed = Render(sbom, package, name, "");
        return Render(sbom, package, name, $"{NamespaceBase}{Uri.EscapeDataString(name)}-{Hashing.Sha256(unnamed)}");
    }

    private static string Render(BuildSbom sbom, SbomPackage package, string name, string documentNamespace)
    {
        var record = sbom.Record;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("spdxVersion", "SPDX-2.3");
            json.WriteString("dataLicense", "CC0-1.0");
            json.WriteString("SPDXID", "SPDXRef-DOCUMENT");
            json.WriteString("name", name);
            json.WriteString("documentNamespace", documentNamespace);
            json.WriteStartObject("creationInfo");
            json.WriteStartArray("creators");
            json.WriteStringValue("Tool: BuildKit");
            json.WriteEndArray();
            json.WriteString("created", DateTimeOffset.FromUnixTimeSeconds(record.SourceDateEpoch).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
            json.WriteEndObject();

            json.WriteStartArray("packages");
            WritePackage(json, PackageId, package.Name, record.Version, Component.NoAssertion, sbom.PackageLicence, "APPLICATION",
                package.Sha256 is { } sha256 ? new SortedDictionary<string, string> { ["SHA256"] = sha256 } : [], null,
                $"Built by BuildKit for {record.Distribution}, build key {record.BuildKey}.", package.FileName);
            WritePackage(json, UpstreamId, record.Product, sbom.UpstreamVersion, Purls.VcsUrl(record.Repository, record.Commit), sbom.Licence, "SOURCE",
                [], Purls.Source(record.Product, sbom.UpstreamVersion, record.Repository, record.Commit),
                $"Requested ref {record.RequestedRef}, commit {record.Commit}, patch set {record.PatchSet}.", null);
            foreach (var component in sbom.Components)
                WritePackage(json, IdOf(component), component.Name, component.Version, component.DownloadLocation, component.Licence,
                    component.Ecosystem == Ecosystem.Source ? "SOURCE" : "LIBRARY", component.Checksums, component.Purl, component.Comment, null);
            json.WriteEndArray();

            json.WriteStartArray("relationships");
            WriteRelationship(json, "SPDXRef-DOCUMENT", "DESCRIBES", PackageId);
            WriteRelationship(json, PackageId, "GENERATED_FROM", UpstreamId);
            foreach (var component in sbom.Components)
                if (component.BuildOnly) WriteRelationship(json, IdOf(component), "DEV_DEPENDENCY_OF", UpstreamId);
                else WriteRelationship(json, PackageId, "CONTAINS", IdOf(component));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>An element id that stays the component's whatever else the document lists: its ecosystem and a hash of its purl.</summary>
    public static string IdOf(Component component) => $"SPDXRef-{component.Ecosystem}-{Hashing.Sha256(component.Purl + (component.BuildOnly ? " build" : ""))[..16]}";

    private static void WritePackage(
        Utf8JsonWriter json, string id, string name, string version, string downloadLocation, string licence, string purpose,
        IEnumerable<KeyValuePair<string, string>> checksums, string? purl, string? comment, string? fileName)
    {
        json.WriteStartObject();
        json.WriteString("SPDXID", id);
        json.WriteString("name", name);
        json.WriteString("versionInfo", version);
        if (fileName is not null) json.WriteString("packageFileName", fileName);
        json.WriteString("downloadLocation", downloadLocation);
        json.WriteBoolean("filesAnalyzed", false);
        json.WriteString("licenseConcluded", Component.NoAssertion);
        json.WriteString("licenseDeclared", licence);
        json.WriteString("copyrightText", Component.NoAssertion);
        json.WriteString("primaryPackagePurpose", purpose);
        if (checksums.Any())
        {
            json.WriteStartArray("checksums");
            foreach (var (algorithm, value) in checksums)
            {
                json.WriteStartObject();
                json.WriteString("algorithm", algorithm);
                json.WriteString("checksumValue", value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (purl is not null)
        {
            json.WriteStartArray("externalRefs");
            json.WriteStartObject();
            json.WriteString("referenceCategory", "PACKAGE-MANAGER");
            json.WriteString("referenceType", "purl");
            json.WriteString("referenceLocator", purl);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        if (comment is not null) json.WriteString("comment", comment);
        json.WriteEndObject();
    }

    private static void WriteRelationship(Utf8JsonWriter json, string element, string type, string related)
    {
        json.WriteStartObject();
        json.WriteString("spdxElementId", element);
        json.WriteString("relationshipType", type);
        json.WriteString("relatedSpdxElement", related);
        json.WriteEndObject();
    }
}
