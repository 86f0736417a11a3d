using System.Runtime.InteropServices;
using BuildKit.Configuration;
using BuildKit.Logging;
using BuildKit.Processes;
using BuildKit.Products;

namespace BuildKit.Stages.Build;

/// <summary>
/// The Go releases trees pin, downloaded once into the cache folder from a go.dev-style download folder, each archive
/// checked against the SHA-256 published beside it before it is unpacked, as golang.org/dl does. Build containers mount
/// the folder read-only (<see cref="GoToolchain.MountPath"/>). A release is unpacked beside its final name and renamed
/// when complete, so an interrupted download never passes for a release.
/// </summary>
public sealed class GoDownloads(string cacheDirectory, string downloadUrl, IProcessRunner runner, IBuildLog log)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(10) };

    /// <summary>The host folder holding one folder per unpacked release.</summary>
    public string Folder { get; } = Path.Combine(cacheDirectory, "go-releases");

    /// <summary>Go's name for this machine's architecture: build containers run on it.</summary>
    public static string GoArch => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Ppc64le => "ppc64le",
        Architecture.S390x => "s390x",
        var other => throw new RecipeException($"Go publishes no Linux release for {other}; base the builder on an image with the Go the tree needs (--base-image=)."),
    };

    /// <summary>Makes sure the release is unpacked in <see cref="Folder"/>; returns the name of its folder there.</summary>
    public async Task<string> EnsureAsync(GoToolchain go, string product, CancellationToken cancellationToken)
    {
        var archive = go.Archive(GoArch);
        var name = archive[..^".tar.gz".Length];
        var release = Path.Combine(Folder, name);
        if (Directory.Exists(release)) return name;

        Directory.CreateDirectory(Folder);
        var unique = $".{Environment.ProcessId}.partial";
        var download = Path.Combine(Folder, archive + unique);
        var unpacked = release + unique;
        var url = new Uri(new Uri(downloadUrl.EndsWith('/') ? downloadUrl : downloadUrl + "/"), archive);
        try
        {
            log.Information($"[{product}/build] Go {go.Version}: {go.Reason}; downloading {url}");
            await SaveAsync(url, download, cancellationToken);
            var published = (await ReadAsync(new Uri(url + ".sha256"), cancellationToken)).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            var actual = Hashing.FileSha256(download);
            if (!string.Equals(published, actual, StringComparison.OrdinalIgnoreCase))
                throw new RecipeException(
                    $"{url} does not match the SHA-256 published beside it ({url}.sha256 says {published}, the download is {actual}): nothing was unpacked. " +
                    $"The download folder serves a changed or broken file; try again, or give another folder of Go releases (--{Options.GoDownload}=URL).");
            Directory.CreateDirectory(unpacked);
            await runner.RunAsync(new ToolCommand("tar", "-xzf", download, "-C", unpacked, "--strip-components=1", "--no-same-owner")
                .InStep(new LogStep(product, "go-download")), cancellationToken);
            try
            {
                Directory.Move(unpacked, release);
            }
            catch (IOException) when (Directory.Exists(release))
            {
                // Another run unpacked the same release meanwhile: its copy serves both.
            }
            return name;
        }
        finally
        {
            File.Delete(download);
            if (Directory.Exists(unpacked)) Directory.Delete(unpacked, recursive: true);
        }
    }

    private static async Task SaveAsync(Uri url, string path, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(url, cancellationToken);
        await using var file = File.Create(path);
        await response.Content.CopyToAsync(file, cancellationToken);
    }

    private static async Task<string> ReadAsync(Uri url, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(url, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static async Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new RecipeException($"Go could not be downloaded from {url}: {e.Message}. Check the network or proxy, or give a folder of Go releases this machine reaches (--{Options.GoDownload}=URL).");
        }
        if (response.IsSuccessStatusCode) return response;
        response.Dispose();
        throw new RecipeException($"Go could not be downloaded: {url} answered {(int)response.StatusCode} {response.ReasonPhrase}. " +
            $"Give a folder of Go releases that has it (--{Options.GoDownload}=URL), laid out as go.dev's: goVERSION.linux-ARCH.tar.gz with .sha256 beside it.");
    }
}
