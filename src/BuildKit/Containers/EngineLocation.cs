using System.Text.Json;
using BuildKit.Configuration;

namespace BuildKit.Containers;

/// <summary>
/// Whether the engine sees the caller's files, and why BuildKit thinks so. An engine on this machine (a unix socket)
/// gets the product's folders as bind mounts; one that is not (a tcp or ssh endpoint, a docker context pointing at
/// one, podman over CONTAINER_HOST) gets them copied in before a step and out after it, since a bind mount there would
/// show it empty folders of its own machine.
/// </summary>
public sealed record EngineLocation(bool Remote, string Why)
{
    public static EngineLocation Local { get; } = new(false, "the engine's socket is on this machine: folders are bind-mounted");

    /// <summary>
    /// Reads the engine's endpoint the way its CLI would: --remote-engine first; podman's CONTAINER_HOST; docker's
    /// DOCKER_HOST, else DOCKER_CONTEXT or the config's current context and that context's docker endpoint.
    /// </summary>
    public static EngineLocation Of(bool remoteOption, string? engine, EnvironmentSnapshot environment)
    {
        if (remoteOption) return new(true, $"--{Options.RemoteEngine}: folders are copied in and out");
        var (endpoint, source) = engine is not null && new ContainerEngine(engine).IsPodman
            ? (environment[EnvVars.ContainerHost], "$" + EnvVars.ContainerHost)
            : environment[EnvVars.DockerHost] is { } host ? (host, "$" + EnvVars.DockerHost)
            : DockerContextEndpoint(environment);
        return endpoint is null || IsLocal(endpoint)
            ? Local
            : new(true, $"{source} is {Configuration.RemoteUrl.Display(endpoint)}, not a socket on this machine: folders are copied in and out");
    }

    private static bool IsLocal(string endpoint) =>
        endpoint.StartsWith("unix://", StringComparison.Ordinal) || endpoint.StartsWith("npipe://", StringComparison.Ordinal) || endpoint.StartsWith('/');

    /// <summary>The docker endpoint of the context DOCKER_CONTEXT or the docker config names, when it is not the default one.</summary>
    private static (string? Endpoint, string Source) DockerContextEndpoint(EnvironmentSnapshot environment)
    {
        var config = environment[EnvVars.DockerConfig] ?? (environment[EnvVars.Home] is { } home ? Path.Combine(home, ".docker") : null);
        if (config is null) return (null, "");
        var name = environment[EnvVars.DockerContext] ?? ReadString(Path.Combine(config, "config.json"), "currentContext");
        if (name is null or "default") return (null, "");
        var meta = Path.Combine(config, "contexts", "meta", Hashing.Sha256(name), "meta.json");
        var endpoint = ReadString(meta, "Endpoints", "docker", "Host");
        return (endpoint, $"docker context '{name}'");
    }

    private static string? ReadString(string file, params string[] path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var element = document.RootElement;
            foreach (var name in path)
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
            return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
