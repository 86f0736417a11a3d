using BuildKit.Containers;
using BuildKit.Processes;
using BuildKit.Products;

namespace BuildKit.Stages.Verify;

/// <summary>
/// The debuginfo package belongs to the package it was made with: every ELF file of the package has its build-id's
/// .debug file (/usr/lib/debug/.build-id/xx/yyyy.debug) in the debuginfo package, or gdb and debuginfod find nothing.
/// </summary>
public sealed class DebugInfoCheck(ContainerRunner containers)
{
    public const string Suffix = "-debuginfo";

    /// <summary>Returns how many build-ids the debuginfo package holds; throws naming every file whose build-id it lacks.</summary>
    public async Task<int> CheckAsync(string product, string rpm, string debugInfoRpm, string image, CancellationToken cancellationToken)
    {
        var packages = BuilderPaths.Packages(Path.GetDirectoryName(rpm)!);
        // A scratch folder of its own: the container may be the product's builder, kept running since Build.
        var script = $$"""
            set -e -o pipefail
            scratch="$(mktemp -d)" && trap 'rm -rf "$scratch"' EXIT
            mkdir "$scratch/payload" && cd "$scratch/payload" && rpm2cpio {{packages}}/{{Path.GetFileName(rpm)}} | cpio -idm --quiet
            rpm -qpl {{packages}}/{{Path.GetFileName(debugInfoRpm)}} > "$scratch/debug.list"
            find . -type f | sort | while IFS= read -r file; do
              id="$(readelf -n "$file" 2>/dev/null | awk '/Build ID:/ { print $3; exit }' || true)"
              [ -n "$id" ] || continue
              link="/usr/lib/debug/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug"
              if grep -qxF "$link" "$scratch/debug.list"; then echo "DEBUGINFO-OK: $id"; else echo "DEBUGINFO-MISSING: ${file#.} $id"; fi
            done
            """;
        var step = new ContainerStep(new LogStep(product, "debuginfo"), image, script, "/")
            { CapturesOutput = true }.WithMount(Path.GetDirectoryName(rpm)!, packages, readOnly: true);
        var lines = (await containers.RunAsync(step, cancellationToken)).StandardOutput.Split('\n');
        var missing = lines.Where(l => l.StartsWith("DEBUGINFO-MISSING: ", StringComparison.Ordinal)).Select(l => l["DEBUGINFO-MISSING: ".Length..]).ToList();
        if (missing.Count > 0)
            throw new VerificationException(
                $"{Path.GetFileName(debugInfoRpm)} lacks the .debug files of {missing.Count} ELF file(s) of {Path.GetFileName(rpm)} (file and build-id): {string.Join("; ", missing)}. " +
                "The debuginfo package was not made from these binaries: rebuild both with one rpmbuild, and strip nothing before find-debuginfo.");
        return lines.Count(l => l.StartsWith("DEBUGINFO-OK: ", StringComparison.Ordinal));
    }
}
