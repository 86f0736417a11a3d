using System.Collections.Immutable;
using System.Text.RegularExpressions;
using BuildKit.Configuration;

namespace BuildKit.Containers;

/// <summary>
/// The few lines of a failed build step's output that say why it failed, and what to do about it. This is the one place
/// that knows how the generic tools report failure: cmake, gcc and clang, the linker, go, yarn and npm, webpack, rpmbuild.
/// A recipe knows none of it.
/// </summary>
public sealed partial record TellingLines(ImmutableArray<string> Lines, string? Hint, ImmutableArray<string> MissingPackages)
{
    /// <summary>How many lines a failure quotes at most; the rest is in the log.</summary>
    public const int MaxLines = 16;

    private const int MaxWidth = 300;
    private const string CMakeErrorAt = "CMake Error at ";
    private const string AnotherRef = "Try another ref, or fix it with a patch (patches: in the products file).";

    public bool IsEmpty => Lines.IsEmpty;

    /// <summary>One thing a tool said: where in the output, the lines that say it, and its hint; a lower rank is the more telling.</summary>
    private sealed record Finding(int At, int Rank, ImmutableArray<string> Quoted, string? Hint, ImmutableArray<string> Packages = default);

    public static TellingLines Find(string output)
    {
        var lines = output.Split('\n').Select(l => Ansi().Replace(l, "").TrimEnd()).ToArray();
        var rpmbuild = lines.Any(l => l.StartsWith("RPM build errors:", StringComparison.Ordinal) || l.StartsWith("Executing(%", StringComparison.Ordinal));
        var findings = new List<Finding>();
        findings.AddRange(CMake(lines));
        findings.AddRange(RequiredPackages(lines));
        findings.AddRange(First(lines, CompilerError(), 1, 1, at => $"The compiler stopped at {Location(at)}: upstream's tree at this commit does not build with this builder's " +
            "toolchain (its versions are in the log). " + AnotherRef));
        findings.AddRange(First(lines, LinkerError(), 2, 3, _ => "The link failed: a library the code calls is missing from the builder or is of another version than " +
            "the tree expects. Install the library's development package in the builder, or build a ref that matches the builder's version."));
        findings.AddRange(Go(lines));
        findings.AddRange(First(lines, PackageManagerError(), 4, 4, _ => "yarn or npm failed: a package it could not download (check the registry it uses, " +
            "npm_config_registry or COREPACK_NPM_REGISTRY, and --" + Options.CaCert + " behind a TLS-inspecting proxy), a lockfile that does not match package.json, or a frontend " +
            "that does not build at this commit."));
        if (rpmbuild) findings.AddRange(Rpmbuild(lines));
        else findings.AddRange(First(lines, BareError(), 7, 3, _ => null));

        var chosen = findings.OrderBy(f => f.At).ToList();
        var quoted = chosen.SelectMany(f => f.Quoted).Select(l => l.Length > MaxWidth ? l[..(MaxWidth - 3)] + "..." : l).Distinct().Take(MaxLines);
        return new TellingLines([.. quoted], findings.OrderBy(f => f.Rank).FirstOrDefault(f => f.Hint is not null)?.Hint,
            [.. findings.Where(f => !f.Packages.IsDefault).SelectMany(f => f.Packages).Distinct()]);
    }

    /// <summary>
    /// Each "CMake Error" with its first paragraph. A package cmake could not find is named with what to do; any other
    /// error says where cmake stopped. Warnings are left out: an optional package that is missing is no failure.
    /// </summary>
    private static IEnumerable<Finding> CMake(string[] lines)
    {
        var errors = 0;
        for (var i = 0; i < lines.Length && errors < 2; i++)
        {
            if (!lines[i].StartsWith("CMake Error", StringComparison.Ordinal)) continue;
            errors++;
            var end = i + 1;
            while (end < lines.Length && (lines[end].Length == 0 || lines[end].StartsWith(' ') || lines[end].StartsWith("Call Stack", StringComparison.Ordinal))) end++;
            var block = lines[i..end];
            var paragraph = block.Skip(1).TakeWhile(l => l.Length > 0).Take(4);
            var packages = block.Select(l => MissingPackage().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value).Distinct().ToImmutableArray();
            yield return packages.IsEmpty
                ? new Finding(i, 6, [lines[i], .. paragraph],
                    $"cmake stopped{(lines[i].StartsWith(CMakeErrorAt, StringComparison.Ordinal) ? " at " + Location(lines[i][CMakeErrorAt.Length..]) : "")}: " +
                    "the tree's CMake files do not configure in this builder. Read the lines " +
                    "above. " + AnotherRef)
                : new Finding(i, 0, [lines[i], .. paragraph], MissingHint(packages), packages);
            i = end - 1;
        }
    }

    /// <summary>feature_summary's list of REQUIRED packages not found (hotspot's CMakeLists uses it): their names, without descriptions.</summary>
    private static IEnumerable<Finding> RequiredPackages(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].Contains("REQUIRED packages have not been found", StringComparison.Ordinal)) continue;
            var entries = lines.Skip(i + 1).TakeWhile(l => l.Length == 0 || l.StartsWith(' ')).Where(l => l.StartsWith(" * ", StringComparison.Ordinal)).ToList();
            var packages = entries.Select(l => l[3..].Split(',')[0].Trim()).Distinct().ToImmutableArray();
            if (!packages.IsEmpty) yield return new Finding(i, 0, [lines[i], .. entries], MissingHint(packages), packages);
        }
    }

    private static string MissingHint(ImmutableArray<string> packages)
    {
        var (names, it) = packages.Length == 1 ? (packages[0], "it") : (string.Join(", ", packages), "them");
        return $"cmake did not find {names} in the builder. Install the development package that provides {it} in the builder (the toolset of the " +
               $"product's recipe; packages: in the products entry of a cmake recipe), or build on a distribution that packages {it} (--{Options.Distribution}=NAME).";
    }

    /// <summary>go's own errors (not its progress lines) with their indented detail, and the first compile error.</summary>
    private static IEnumerable<Finding> Go(string[] lines)
    {
        var said = 0;
        for (var i = 0; i < lines.Length && said < 3; i++)
        {
            if (!GoError().IsMatch(lines[i])) continue;
            said++;
            yield return new Finding(i, 3, [lines[i], .. lines.Skip(i + 1).TakeWhile(l => l.StartsWith('\t')).Take(2).Select(l => "  " + l.Trim())], GoModuleHint);
        }
        foreach (var finding in First(lines, GoCompileError(), 3, 1, at => GoModules().IsMatch(at)
                     ? GoModuleHint
                     : $"go stopped at {Location(at)}: upstream's tree at this commit does not compile with this builder's Go (its version is in the log). " +
                       AnotherRef))
            yield return finding;
    }

    private const string GoModuleHint =
        "go could not resolve the tree's modules: a module it cannot download (set GOPROXY to a proxy this machine reaches), or go.sum or vendor/ out of step " +
        "with go.mod at this commit. " + AnotherRef;

    /// <summary>rpmbuild's error lines, with the files a "found:" error lists; "RPM build errors:" only repeats them.</summary>
    private static IEnumerable<Finding> Rpmbuild(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("error: ", StringComparison.Ordinal)) continue;
            var detail = lines[i].EndsWith(':') ? lines.Skip(i + 1).TakeWhile(l => l.StartsWith(' ') && l.Trim().Length > 0).Take(5) : [];
            var line = lines[i];
            var hint =
                line.Contains("File not found", StringComparison.Ordinal) ? "The spec's %files names a file the build did not install: fix %files in the spec (spec: in the products file), or the build."
                : line.Contains("Installed (but unpackaged)", StringComparison.Ordinal) ? "The build installed files the spec's %files does not list: add them to %files in the spec (spec: in the products file), or leave them out of the install."
                : Section().Match(line) is { Success: true } section ? $"The spec's {section.Groups[1].Value} section failed: the lines before it in the log say why. Fix the spec (spec: in the products file)."
                : "rpmbuild refused the spec: fix the spec (spec: in the products file).";
            yield return new Finding(i, 5, [line, .. detail], hint);
        }
    }

    /// <summary>The first <paramref name="count"/> lines matching a tool's pattern, as one finding.</summary>
    private static IEnumerable<Finding> First(string[] lines, Regex pattern, int rank, int count, Func<string, string?> hint)
    {
        var matching = lines.Select((line, at) => (Line: line, At: at)).Where(l => pattern.IsMatch(l.Line)).Take(count).ToList();
        if (matching.Count > 0) yield return new Finding(matching[0].At, rank, [.. matching.Select(m => m.Line)], hint(matching[0].Line));
    }

    /// <summary>FILE:LINE of a compiler's, go's or cmake's location, the rest of the line left out.</summary>
    private static string Location(string line) => FileAndLine().Match(line) is { Success: true } match ? match.Value : line;

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"(?:provided by ""|Could NOT find |Could not find a package configuration file for )(?<name>[A-Za-z0-9_.+-]+)")]
    private static partial Regex MissingPackage();

    [GeneratedRegex(@"^[^\s:][^:]*(?<!\.go):\d+:(?:\d+:)? (?:fatal )?error: ")]
    private static partial Regex CompilerError();

    [GeneratedRegex(@"undefined reference to |undefined symbol: |^(?:/usr/bin/)?ld(?:\.\w+)?: (?:error: |cannot find )")]
    private static partial Regex LinkerError();

    [GeneratedRegex(@"^go: (?!downloading |finding |extracting |added |upgraded |creating |to add )")]
    private static partial Regex GoError();

    [GeneratedRegex(@"^\S+\.go:\d+:\d+: ")]
    private static partial Regex GoCompileError();

    [GeneratedRegex(@"\bmodules?\b|go\.sum|vendor")]
    private static partial Regex GoModules();

    [GeneratedRegex(@"^(?:error (?!Visit )|npm (?:ERR!|error) (?!\s*at |\s*$)|ERROR in |➤ YN00(?:01|09|28): )")]
    private static partial Regex PackageManagerError();

    [GeneratedRegex(@"^error: ")]
    private static partial Regex BareError();

    [GeneratedRegex(@"Bad exit status from \S+ \((%\w+)\)")]
    private static partial Regex Section();

    [GeneratedRegex(@"^\S+?:\d+")]
    private static partial Regex FileAndLine();
}
