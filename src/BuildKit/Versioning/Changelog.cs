using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BuildKit.Versioning;

/// <summary>
/// The RPM's %changelog entry in Fedora's format: one entry for this build, dated by the commit (SOURCE_DATE_EPOCH, so two
/// builds of the same inputs write the same bytes), naming the upstream commits since the previous build of the same
/// repository and distribution when it is an ancestor, else since the tag before it.
/// </summary>
public static partial class Changelog
{
    public const string DefaultAuthor = "BuildKit <buildkit@localhost>";

    /// <summary>The most commits one entry names; the rest are counted.</summary>
    public const int MaxChanges = 50;

    public static string Text(SourceFacts facts, PackageVersion version, string author)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"* {facts.CommitTime.UtcDateTime:ddd MMM dd yyyy} {author} - {version.Version}-{version.Release}\n");
        foreach (var change in facts.Changes)
        {
            var space = change.IndexOf(' ');
            var (id, subject) = space < 0 ? (change, "") : (change[..space], change[(space + 1)..]);
            text.Append(CultureInfo.InvariantCulture, $"- {subject.Trim()} ({id[..Math.Min(7, id.Length)]})\n");
        }
        var rest = facts.ChangeCount - facts.Changes.Length;
        if (rest > 0) text.Append(CultureInfo.InvariantCulture, $"- and {rest} earlier commit{(rest == 1 ? "" : "s")}{(facts.ChangesSince is { } since ? $" since {(IsCommitId(since) ? since[..7] : since)}" : "")}\n");
        if (facts.Changes.IsEmpty) text.Append(CultureInfo.InvariantCulture, $"- Built from upstream commit {facts.ShortCommit}\n");
        return text.ToString();
    }

    private static bool IsCommitId(string text) => text.Length == 40 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>An author as rpm's changelog wants it, "NAME &lt;EMAIL&gt;"; anything else is refused with an example.</summary>
    public static string CheckAuthor(string value) => AuthorPattern().IsMatch(value)
        ? value
        : throw new Configuration.ConfigurationException(
            $"--{Configuration.Options.ChangelogAuthor}={value} is not NAME <EMAIL>. Use e.g. --{Configuration.Options.ChangelogAuthor}=\"Jane Doe <jane@example.org>\".");

    [GeneratedRegex(@"^[^<>\n]*\S <[^<>@\s]+@[^<>\s]+>$")]
    private static partial Regex AuthorPattern();
}
