using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace BuildKit.Products;

/// <summary>
/// A version range as npm reads engines.node and nvm reads .nvmrc: alternatives joined by ||, each a set of comparators
/// (&gt;=, &gt;, &lt;, &lt;=, =, ^, ~, x-ranges, partial versions, hyphen ranges). Pre-release tags are ignored: Node's
/// releases have none.
/// </summary>
public sealed partial class NodeRange
{
    private readonly ImmutableArray<ImmutableArray<Comparator>> _alternatives;

    private NodeRange(string text, ImmutableArray<ImmutableArray<Comparator>> alternatives) => (Text, _alternatives) = (text, alternatives);

    /// <summary>The range as the tree wrote it, which npm resolves to the newest version it allows.</summary>
    public string Text { get; }

    public override string ToString() => Text;

    public static NodeRange? TryParse(string text)
    {
        var alternatives = ImmutableArray.CreateBuilder<ImmutableArray<Comparator>>();
        foreach (var alternative in text.Split("||"))
        {
            var joined = Hyphen().Replace(OperatorSpace().Replace(alternative.Trim(), "$1"), ">=$1 <=$2");
            var comparators = ImmutableArray.CreateBuilder<Comparator>();
            foreach (var token in joined.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!TryComparators(token, comparators)) return null;
            }
            alternatives.Add(comparators.ToImmutable());
        }
        return new NodeRange(text.Trim(), alternatives.ToImmutable());
    }

    public bool IsSatisfiedBy(string version) =>
        Partial.TryParse(version) is { Major: { } major } have
        && _alternatives.Any(all => all.All(c => c.Holds((major, have.Minor ?? 0, have.Patch ?? 0))));

    private static bool TryComparators(string token, ImmutableArray<Comparator>.Builder into)
    {
        var match = Token().Match(token);
        if (!match.Success || Partial.TryParse(match.Groups[2].Value) is not { } version) return false;
        var op = match.Groups[1].Value;
        if (version.Major is not { } major)
        {
            if (op is "<" or ">") into.Add(new Comparator("<", (0, 0, 0)));
            return true;
        }
        var low = (major, version.Minor ?? 0, version.Patch ?? 0);
        var next = version.Minor is null ? (major + 1, 0, 0) : version.Patch is null ? (major, version.Minor.Value + 1, 0) : (major, version.Minor.Value, version.Patch.Value + 1);
        switch (op)
        {
            case "" or "=":
                into.Add(new Comparator(">=", low));
                into.Add(new Comparator("<", next));
                break;
            case ">=": into.Add(new Comparator(">=", low)); break;
            case ">": into.Add(new Comparator(">=", next)); break;
            case "<": into.Add(new Comparator("<", low)); break;
            case "<=": into.Add(new Comparator("<", next)); break;
            case "~":
                into.Add(new Comparator(">=", low));
                into.Add(new Comparator("<", version.Minor is null ? (major + 1, 0, 0) : (major, version.Minor.Value + 1, 0)));
                break;
            case "^":
                into.Add(new Comparator(">=", low));
                into.Add(new Comparator("<", major > 0 || version.Minor is null ? (major + 1, 0, 0) : (0, version.Minor.Value + 1, 0)));
                break;
            default: return false;
        }
        return true;
    }

    private sealed record Comparator(string Op, (int, int, int) Bound)
    {
        public bool Holds((int, int, int) version) => Op == ">=" ? Compare(version, Bound) >= 0 : Compare(version, Bound) < 0;

        private static int Compare((int A, int B, int C) x, (int A, int B, int C) y) =>
            x.A != y.A ? x.A.CompareTo(y.A) : x.B != y.B ? x.B.CompareTo(y.B) : x.C.CompareTo(y.C);
    }

    /// <summary>A version with its missing or wildcard parts left null: "10" is any 10.x.y, "*" any version.</summary>
    private sealed record Partial(int? Major, int? Minor, int? Patch)
    {
        public static Partial? TryParse(string text)
        {
            var parts = text.TrimStart('v', 'V', '=').Split('-', '+')[0].Split('.');
            if (parts.Length > 3) return null;
            var numbers = new int?[3];
            for (var i = 0; i < parts.Length; i++)
            {
                if (parts[i] is "x" or "X" or "*" or "") break;
                if (!int.TryParse(parts[i], out var number)) return null;
                numbers[i] = number;
            }
            return new Partial(numbers[0], numbers[0] is null ? null : numbers[1], numbers[1] is null ? null : numbers[2]);
        }
    }

    [GeneratedRegex(@"(>=|<=|>|<|=|\^|~)\s+")]
    private static partial Regex OperatorSpace();

    [GeneratedRegex(@"(\S+)\s+-\s+(\S+)")]
    private static partial Regex Hyphen();

    [GeneratedRegex(@"^(>=|<=|>|<|=|\^|~)?(.*)$")]
    private static partial Regex Token();
}
