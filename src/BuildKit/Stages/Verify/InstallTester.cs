using System.Collections.Immutable;
using System.Text;
using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Configuration;
using BuildKit.Products;

namespace BuildKit.Stages.Verify;

/// <summary>What the install (and upgrade) test saw; <paramref name="SmokeOutput"/> is the smoke test's line that states the version.</summary>
public sealed record InstallReport(
    string SmokeOutput, string? UpgradedFrom, ImmutableArray<string> UncheckedDependencies, ImmutableArray<string> Notes);

/// <summary>
/// Installs a package in a fresh container of the target family, with nothing of ours installed: dnf resolving its
/// dependencies on the dnf family, rpm on the apt family (where the distribution's dependencies cannot resolve, and are
/// listed as not checked). With a previous build it first installs that, edits every %config file, upgrades, and checks
/// the edits survived, the service user remains, nothing was started, the new version runs, and a downgrade is refused.
/// The smoke test must print the version built (<see cref="ExpectedVersion"/>).
/// </summary>
public sealed class InstallTester(ContainerRunner containers)
{
    private const string Marker = "# edited by the BuildKit upgrade test";

    public async Task<InstallReport> RunAsync(
        string product, string packageName, string newRpm, string? previousRpm, InstalledChecks checks, ExpectedVersion expected, PackageFamily family,
        string image, CancellationToken cancellationToken)
    {
        var step = new ContainerStep(new LogStep(product, previousRpm is null ? "install" : "upgrade"), image,
            Script(packageName, Path.GetFileName(newRpm), previousRpm is null ? null : Path.GetFileName(previousRpm), checks, family), "/")
        {
            AsRoot = true,
            CapturesOutput = true,
            AcceptsFailure = true,
        };
        step = step.WithMount(Path.GetDirectoryName(newRpm)!, "/verify/new", readOnly: true);
        if (previousRpm is not null) step = step.WithMount(Path.GetDirectoryName(previousRpm)!, "/verify/old", readOnly: true);

        var result = await containers.RunAsync(step, cancellationToken);
        var lines = result.StandardOutput.Split('\n');
        string[] Tagged(string tag) => [.. lines.Where(l => l.StartsWith(tag, StringComparison.Ordinal)).Select(l => l[tag.Length..].Trim())];
        var test = $"The {(previousRpm is null ? "install" : "upgrade")} test of {Path.GetFileName(newRpm)}{(previousRpm is null ? "" : $" from {Path.GetFileName(previousRpm)}")}";
        if (!result.Succeeded || Tagged("VERIFY-OK").Length == 0)
        {
            var why = Tagged("VERIFY-FAIL:") is { Length: > 0 } failures ? string.Join("; ", failures) : ToolFailedException.Tail(result.StandardOutput, 10);
            throw new VerificationException($"{test} failed: {why}");
        }
        var version = expected.Find(string.Join('\n', Tagged("VERIFY-SMOKE:")));
        if (!version.Matches)
            throw new VerificationException(
                $"{test} failed: the installed program does not report the version built. '{checks.SmokeTest}' printed " +
                $"{(version.Line is { } line ? $"'{line}'" : "nothing")}, where {expected.Described} was built (RPM version {expected.RpmVersion}). " +
                "Check that the program takes its version from the tree built (its build files may state another version than the tag), " +
                "or the smoke command (smoke: in the products file), which must print the version.");
        return new InstallReport(
            version.Line ?? "",
            previousRpm is null ? null : Path.GetFileName(previousRpm),
            [.. Tagged("VERIFY-UNCHECKED:")],
            [.. Tagged("VERIFY-NOTE:")]);
    }

    private static string Script(string name, string newRpm, string? oldRpm, InstalledChecks checks, PackageFamily family)
    {
        var install = family == PackageFamily.Dnf ? "dnf -y -q install --setopt=install_weak_deps=False" : "rpm -i --nodeps";
        var upgrade = family == PackageFamily.Dnf ? "dnf -y -q install --setopt=install_weak_deps=False" : "rpm -U --nodeps";
        var action = oldRpm is null ? "install" : "upgrade";
        var text = new StringBuilder("""
            set +e +o pipefail
            fail() { echo "VERIFY-FAIL: $*"; exit 1; }
            note() { echo "VERIFY-NOTE: $*"; }
            running() { for comm in /proc/[0-9]*/comm; do [ "$(cat "$comm" 2>/dev/null)" = "$1" ] && return 0; done; return 1; }
            # rpm's own errors, for the failure message: the log of a failed install says more, but these say what.
            errors() { grep -m 3 -e '^error:' -e '^Error:' /tmp/verify.log | tr '\n' ' '; }
            # rpm 4.20 runs scriptlets (%sysusers among them) in new namespaces, which an unprivileged container may not
            # make; the isolation guards a build host, and this container is thrown away.
            mkdir -p /etc/rpm && echo '%__transaction_unshare %{nil}' > /etc/rpm/macros.buildkit-verify

            """);
        if (family != PackageFamily.Dnf)
            text.AppendLine($"rpm -qpR /verify/new/{newRpm} | grep -v -e '^rpmlib(' -e '^/' -e '^config({name})' | sed 's/^/VERIFY-UNCHECKED: /'");
        if (oldRpm is not null)
        {
            text.AppendLine($$"""
                {{install}} /verify/old/{{oldRpm}} > /tmp/verify.log 2>&1 || { cat /tmp/verify.log; fail "installing the previous build {{oldRpm}} failed: $(errors)"; }
                configs="$(rpm -qc {{name}} | grep '^/' || true)"
                for file in $configs; do [ -f "$file" ] && printf '\n%s\n' '{{Marker}}' >> "$file"; done
                {{upgrade}} /verify/new/{{newRpm}} > /tmp/verify.log 2>&1 || { cat /tmp/verify.log; fail "upgrading from {{oldRpm}} to {{newRpm}} failed: $(errors)"; }
                for file in $configs; do
                  grep -qF '{{Marker}}' "$file" 2>/dev/null || fail "$file lost its local edit on upgrade: a configuration file must be %config(noreplace)"
                  [ ! -f "$file.rpmnew" ] || note "$file kept its local edit; the new default is $file.rpmnew"
                done
                [ "$(rpm -q --qf '%{NVRA}' {{name}}).rpm" = "{{newRpm}}" ] || fail "after the upgrade rpm reports $(rpm -q {{name}}), not {{newRpm}}"
                """);
        }
        else
        {
            text.AppendLine($$"""{{install}} /verify/new/{{newRpm}} > /tmp/verify.log 2>&1 || { cat /tmp/verify.log; fail "installing {{newRpm}} failed: $(errors)"; }""");
        }
        if (checks.ServiceUser is { } user)
            text.AppendLine($$"""getent passwd {{user}} > /dev/null && getent group {{user}} > /dev/null || fail "the service user and group {{user}} do not exist after the {{action}}" """);
        foreach (var (directory, owner) in checks.OwnedDirectories)
            text.AppendLine($$"""[ "$(stat -c %U:%G {{directory}} 2>/dev/null)" = "{{owner}}" ] || fail "{{directory}} is owned by $(stat -c %U:%G {{directory}} 2>&1), not {{owner}}" """);
        if (checks.ServiceProcess is { } process)
            text.AppendLine($$"""! running {{process}} || fail "the {{action}} started {{process}}: a stopped service must stay stopped" """);
        text.AppendLine($$"""
            smoke="$({{checks.SmokeTest}} 2>&1)" || fail "the installed package does not run: $smoke"
            printf '%s\n' "$smoke" | sed 's/^/VERIFY-SMOKE: /'
            """);
        if (oldRpm is not null)
            text.AppendLine($$"""
                rpm -U --nodeps /verify/old/{{oldRpm}} > /tmp/verify.log 2>&1 && fail "rpm accepted a downgrade to {{oldRpm}}"
                note "a downgrade to {{oldRpm}} is refused: $(grep -m1 -i 'installed' /tmp/verify.log)"
                """);
        text.AppendLine("echo VERIFY-OK");
        return text.ToString();
    }
}
