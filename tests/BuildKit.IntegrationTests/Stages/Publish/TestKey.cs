using BuildKit.Processes;

namespace BuildKit.IntegrationTests.Stages.Publish;

/// <summary>A throwaway signing key made for a test: the private and public key files, and the gpg home that holds it.</summary>
internal sealed record TestKey(string Private, string Public, string Home)
{
    public const string Uid = "BuildKit Test <test@example.invalid>";

    public static async Task<TestKey> CreateAsync(TempDir temp)
    {
        var home = temp.Combine("gnupg");
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var runner = new ProcessRunner(new RecordingLog());
        async Task<string> Gpg(params string[] arguments) =>
            (await runner.RunAsync(new ToolCommand("gpg", ["--homedir", home, "--batch", .. arguments]) with { Quiet = true })).StandardOutput;
        await Gpg("--passphrase", "", "--quick-gen-key", Uid, "rsa2048", "sign", "never");
        return new TestKey(temp.File("private.asc", await Gpg("--armor", "--export-secret-keys")), temp.File("public.asc", await Gpg("--armor", "--export")), home);
    }

    /// <summary>Signs RPMs in place with this machine's rpmsign, as a build job's --sign does.</summary>
    public async Task SignAsync(IEnumerable<string> rpms) =>
        await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("rpmsign",
            ["--addsign", "--define", $"_gpg_path {Home}", "--define", $"_gpg_name {Uid}", "--define", "__gpg /usr/bin/gpg", .. rpms]) with { Quiet = true });
}
