using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BuildKit.Records;

namespace BuildKit.Sbom;

/// <summary>A file a provenance statement names: its name and SHA-256.</summary>
public sealed record ProvenanceSubject(string Name, string Sha256);

/// <summary>How a build was asked for and run, beyond its record: the command line, and when it started and finished.</summary>
public sealed record BuildInvocation(string Command, IReadOnlyDictionary<string, string> Options, DateTimeOffset StartedOn, DateTimeOffset FinishedOn);

/// <summary>
/// An in-toto Statement v1 with a SLSA Provenance v1 predicate for one build, from its record: each RPM and the SRPM as a
/// subject by SHA-256; the upstream repository and commit, the patch set, the options and the command as the build's
/// definition; the upstream, its submodules and bundled sources, and the builder image as resolved dependencies; the
/// toolchains and build key as internal parameters; when the run started and the packages were finished.
/// </summary>
public static class Provenance
{
    public const string FileSuffix = ".intoto.json";
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://slsa.dev/provenance/v1";
    public const string BuildType = "urn:buildkit:build-type:rpm:v1";

    public static string Write(BuildRecord record, IReadOnlyList<ProvenanceSubject> subjects, BuildInvocation invocation)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("_type", StatementType);
            json.WriteStartArray("subject");
            foreach (var subject in subjects.OrderBy(s => s.Name, StringComparer.Ordinal)) Descriptor(json, subject.Name, null, ("sha256", subject.Sha256));
            json.WriteEndArray();
            json.WriteString("predicateType", PredicateType);
            json.WriteStartObject("predicate");

            json.WriteStartObject("buildDefinition");
            json.WriteString("buildType", BuildType);
            json.WriteStartObject("externalParameters");
            json.WriteString("product", record.Product);
            json.WriteString("repository", record.Repository);
            json.WriteString("ref", record.RequestedRef);
            json.WriteString("patchSet", record.PatchSet);
            json.WriteString("distribution", record.Distribution);
            json.WriteString("command", invocation.Command);
            json.WriteStartObject("options");
            foreach (var (name, value) in invocation.Options.OrderBy(o => o.Key, StringComparer.Ordinal)) json.WriteString(name, value);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("internalParameters");
            json.WriteString("recipe", record.Recipe);
            json.WriteString("specSha256", record.SpecSha256);
            json.WriteString("buildKey", record.BuildKey);
            json.WriteString("sourceDateEpoch", record.SourceDateEpoch.ToString());
            if (record.PayloadCompression is { } payload) json.WriteString("payloadCompression", payload);
            json.WriteStartObject("toolchains");
            foreach (var (tool, version) in record.Toolchains.OrderBy(t => t.Key, StringComparer.Ordinal)) json.WriteString(tool, version);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("resolvedDependencies");
            Descriptor(json, record.Product, Purls.VcsUrl(record.Repository, record.Commit), ("gitCommit", record.Commit));
            foreach (var submodule in record.Submodules) Descriptor(json, submodule.Path, Purls.VcsUrl(submodule.Url, submodule.Commit), ("gitCommit", submodule.Commit));
            foreach (var bundled in record.Bundled) Descriptor(json, bundled.Name, Purls.VcsUrl(bundled.Url, bundled.Commit), ("gitCommit", bundled.Commit));
            Descriptor(json, record.BuilderImage, $"docker-image:{record.BuilderImage}", ImageDigest(record.BuilderImageId));
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartObject("runDetails");
            json.WriteStartObject("builder");
            json.WriteString("id", $"urn:buildkit:builder:{record.BuilderImage}");
            json.WriteEndObject();
            json.WriteStartObject("metadata");
            json.WriteString("invocationId", $"{record.Product}/{record.BuildKey}");
            json.WriteString("startedOn", Timestamp(invocation.StartedOn));
            json.WriteString("finishedOn", Timestamp(invocation.FinishedOn));
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>An image id ("sha256:HEX") as a digest set; an id in another form is kept whole under its own name.</summary>
    private static (string Algorithm, string Value) ImageDigest(string imageId) =>
        imageId.Split(':', 2) is [var algorithm, var value] ? (algorithm, value) : ("imageId", imageId);

    private static void Descriptor(Utf8JsonWriter json, string name, string? uri, (string Algorithm, string Value) digest)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        if (uri is not null) json.WriteString("uri", uri);
        json.WriteStartObject("digest");
        json.WriteString(digest.Algorithm, digest.Value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Timestamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
