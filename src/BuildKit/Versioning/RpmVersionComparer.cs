namespace BuildKit.Versioning;

/// <summary>
/// rpm's version ordering (rpmvercmp and EVR comparison), so that the order BuildKit checks is the order dnf applies.
/// Cross-checked against the installed rpm by the integration tests.
/// </summary>
public sealed class RpmVersionComparer : IComparer<Evr>, IComparer<string>
{
    public static RpmVersionComparer Instance { get; } = new();

    public int Compare(Evr? x, Evr? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var rc = VerCmp((x.Epoch ?? 0).ToString(), (y.Epoch ?? 0).ToString());
        if (rc != 0) return rc;
        rc = VerCmp(x.Version, y.Version);
        // As the installed rpm (4.18) orders rpm.ver values: a missing release sorts as an empty one.
        return rc != 0 ? rc : VerCmp(x.Release ?? "", y.Release ?? "");
    }

    public int Compare(string? x, string? y) => VerCmp(x ?? "", y ?? "");

    /// <summary>rpmvercmp: -1, 0 or 1.</summary>
    public static int VerCmp(string a, string b)
    {
        if (a == b) return 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && !IsAlnum(a[i]) && a[i] != '~' && a[i] != '^') i++;
            while (j < b.Length && !IsAlnum(b[j]) && b[j] != '~' && b[j] != '^') j++;

            // A tilde sorts before everything, even the end of the string.
            if (At(a, i) == '~' || At(b, j) == '~')
            {
                if (At(a, i) != '~') return 1;
                if (At(b, j) != '~') return -1;
                i++;
                j++;
                continue;
            }

            // A caret sorts after the end of the string but before anything else.
            if (At(a, i) == '^' || At(b, j) == '^')
            {
                if (i >= a.Length) return -1;
                if (j >= b.Length) return 1;
                if (a[i] != '^') return 1;
                if (b[j] != '^') return -1;
                i++;
                j++;
                continue;
            }

            if (i >= a.Length || j >= b.Length) break;

            int segmentEndA = i, segmentEndB = j;
            var isNumeric = char.IsAsciiDigit(a[i]);
            if (isNumeric)
            {
                while (segmentEndA < a.Length && char.IsAsciiDigit(a[segmentEndA])) segmentEndA++;
                while (segmentEndB < b.Length && char.IsAsciiDigit(b[segmentEndB])) segmentEndB++;
            }
            else
            {
                while (segmentEndA < a.Length && char.IsAsciiLetter(a[segmentEndA])) segmentEndA++;
                while (segmentEndB < b.Length && char.IsAsciiLetter(b[segmentEndB])) segmentEndB++;
            }

            // Segments of different kinds: a number is newer than letters.
            if (segmentEndB == j) return isNumeric ? 1 : -1;

            var segmentA = a[i..segmentEndA];
            var segmentB = b[j..segmentEndB];
            if (isNumeric)
            {
                segmentA = segmentA.TrimStart('0');
                segmentB = segmentB.TrimStart('0');
                if (segmentA.Length != segmentB.Length) return segmentA.Length > segmentB.Length ? 1 : -1;
            }
            var rc = string.CompareOrdinal(segmentA, segmentB);
            if (rc != 0) return rc < 0 ? -1 : 1;
            i = segmentEndA;
            j = segmentEndB;
        }

        if (i >= a.Length && j >= b.Length) return 0;
        return i >= a.Length ? -1 : 1;
    }

    private static char At(string s, int index) => index < s.Length ? s[index] : '\0';

    private static bool IsAlnum(char c) => char.IsAsciiLetterOrDigit(c);
}
