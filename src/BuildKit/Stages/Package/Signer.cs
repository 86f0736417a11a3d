using BuildKit.Containers;
using BuildKit.Planning;
using BuildKit.Processes;

namespace BuildKit.Stages.Package;

/// <summary>Signing failed: which step, and what gpg or rpmsign said (never the key).</summary>
public sealed class SigningException(string message) : BuildKitException(message);

/// <summary>
/// --sign: RPMs signed with rpmsign --addsign, files with detached armoured gpg signatures, the public key exported.
/// Everything runs in a fresh builder container with a throwaway keyring; the private key reaches it as a read-only
/// mounted file (written 0600 from the environment when given there, and deleted afterwards), never as an argument.
/// </summary>
public sealed class Signer(ContainerRunner containers, string builderImage, string keyFile)
{
    public const string PublicKeyFile = "RPM-GPG-KEY-buildkit.asc";
    private const string KeyMount = "/buildkit/signing-key.asc";

    /// <summary>
    /// Runs <paramref name="work"/> with the plan's signer, or with none when the plan does not sign. A key taken from the
    /// environment lives in a private temp file only meanwhile.
    /// </summary>
    public static async Task WithPlanKeyAsync(BuildRun run, ProductPlan product, string builderImage, Func<Signer?, Task> work)
    {
        if (!run.Plan.Signing.Enabled)
        {
            await work(null);
            return;
        }
        var (keyFile, temporary) = KeyFrom(run.Plan.Signing.KeyFile, run.Environment[Configuration.EnvVars.GpgKey]);
        try
        {
            await work(new Signer(run.Containers(product), builderImage, keyFile));
        }
        finally
        {
            if (temporary) File.Delete(keyFile);
        }
    }

    /// <summary>The key from --sign-key=FILE, else from $BUILDKIT_GPG_KEY written to a private temp file the caller deletes.</summary>
    public static (string File, bool Temporary) KeyFrom(string? file, string? armouredKey)
    {
        if (file is not null)
            return File.Exists(file) ? (Path.GetFullPath(file), false) : throw new SigningException($"The signing key {file} does not exist. Pass an armoured private key with --sign-key=FILE or in ${Configuration.EnvVars.GpgKey}.");
        if (armouredKey is null)
            throw new SigningException($"--sign needs a private key: --sign-key=FILE, or the armoured key in ${Configuration.EnvVars.GpgKey}.");
        var path = Path.Combine(Path.GetTempPath(), "buildkit-key-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, armouredKey);
        return (path, true);
    }

    /// <summary>Signs the RPMs in place (their digests change: sign before recording them) and writes the public key beside them.</summary>
    public Task SignPackagesAsync(string product, IReadOnlyList<string> rpms, CancellationToken cancellationToken) =>
        RunAsync(product, "sign", Path.GetDirectoryName(rpms[0])!,
            $"rpmsign --addsign --define \"_gpg_name $key\" --define \"_gpg_path $GNUPGHOME\" --define \"__gpg $(command -v gpg)\" {string.Join(' ', rpms.Select(r => "/files/" + Path.GetFileName(r)))} >/dev/null",
            rpms.Select(Path.GetDirectoryName).Distinct().Count() == 1 ? null : "RPMs to sign must share a folder.", cancellationToken);

    /// <summary>Writes FILE.asc, an armoured detached signature, and the public key beside the file.</summary>
    public Task DetachSignAsync(string product, string file, CancellationToken cancellationToken) => DetachSignAllAsync(product, [file], cancellationToken);

    /// <summary>Writes FILE.asc beside each of <paramref name="files"/>, which share a folder, in one container.</summary>
    public Task DetachSignAllAsync(string product, IReadOnlyList<string> files, CancellationToken cancellationToken) =>
        RunAsync(product, "sign", Path.GetDirectoryName(files[0])!,
            string.Join('\n', files.Select(file => $"gpg --batch --yes --armor --local-user \"$key\" --detach-sign --output /files/{Path.GetFileName(file)}.asc /files/{Path.GetFileName(file)}")),
            files.Select(Path.GetDirectoryName).Distinct().Count() == 1 ? null : "Files to sign must share a folder.", cancellationToken);

    private async Task RunAsync(string product, string step, string folder, string command, string? refusal, CancellationToken cancellationToken)
    {
        if (refusal is not null) throw new SigningException(refusal);
        var script = $$"""
            export GNUPGHOME="$(mktemp -d)"
            gpg --batch --quiet --import {{KeyMount}} 2>/dev/null || { echo "the signing key is not an armoured OpenPGP private key" >&2; exit 3; }
            key="$(gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" { print $10; exit }')"
            [ -n "$key" ] || { echo "the signing key holds no private key" >&2; exit 3; }
            {{command}}
            gpg --batch --yes --armor --export "$key" > /files/{{PublicKeyFile}}
            rm -rf "$GNUPGHOME"
            """;
        var run = new ContainerStep(new LogStep(product, step), builderImage, script, "/files") { AcceptsFailure = true }
            .WithMount(folder, "/files")
            .WithMount(keyFile, KeyMount, readOnly: true);
        var result = await containers.RunAsync(run, cancellationToken);
        if (!result.Succeeded)
            throw new SigningException($"Signing in {folder} failed (exit {result.ExitCode}): {ToolFailedException.Tail(result.StandardError, 5)}");
    }
}
