using BuildKit.Processes;

namespace BuildKit.IntegrationTests.Products;

/// <summary>The host's rpm, asked about a package file as a packager would.</summary>
internal static class Rpm
{
    private static readonly ProcessRunner Runner = new(new RecordingLog());

    public static async Task<string> QueryAsync(params string[] arguments) =>
        (await Runner.RunAsync(new ToolCommand("rpm", arguments) with { Quiet = true })).StandardOutput;

    /// <summary>Unpacks the package's payload into <paramref name="directory"/>, as rpm2cpio | cpio does.</summary>
    public static async Task ExtractAsync(string rpm, string directory)
    {
        Directory.CreateDirectory(directory);
        await Runner.RunAsync(new ToolCommand("bash", "-c", $"rpm2cpio '{rpm}' | cpio -idm --quiet").InDirectory(directory));
    }

    public static async Task<string> RunAsync(string program, params string[] arguments) =>
        (await Runner.RunAsync(new ToolCommand(program, arguments) with { Quiet = true })).StandardOutput;
}
