using BuildKit.Versioning;

namespace BuildKit.IntegrationTests.Versioning;

public sealed class RpmAgreementSpecs
{
    private const int Seed = 20261122;
    private static readonly string[] Numbers = ["0", "00", "01", "1", "2", "9", "10", "010", "11", "99", "100", "007", "2026", "20261122"];
    private static readonly string[] Letters = ["a", "b", "z", "A", "alpha", "beta", "rc", "pre", "git", "fc", "el", "post", "dev"];
    private static readonly string[] Separators = [".", ".", ".", "_", "+", "~", "^", "~~", "^~"];

    [ToolFact("rpm")]
    public async Task The_comparer_agrees_with_the_installed_rpm_on_generated_pairs()
    {
        // Arrange
        var random = new Random(Seed);
        var pairs = Enumerable.Range(0, 2500).Select(_ => Pair(random)).ToList();

        // Act
        var expected = await RpmOracle.CompareAsync(pairs);
        var actual = pairs.Select(p => Math.Sign(Evr.Parse(p.A).CompareTo(Evr.Parse(p.B)))).ToArray();

        // Assert
        var disagreements = pairs.Select((p, i) => (p, rpm: expected[i], ours: actual[i]))
            .Where(x => x.rpm != x.ours)
            .Select(x => $"{x.p.A} vs {x.p.B}: rpm {x.rpm}, ours {x.ours}")
            .ToList();
        disagreements.Should().BeEmpty($"seed {Seed}");
        pairs.Count(p => p.A.Contains('~') || p.B.Contains('~')).Should().BeGreaterThan(300);
        pairs.Count(p => p.A.Contains('^') || p.B.Contains('^')).Should().BeGreaterThan(300);
        pairs.Count(p => p.A.Contains(':') || p.B.Contains(':')).Should().BeGreaterThan(300);
        expected.Distinct().Should().BeEquivalentTo([-1, 0, 1]);
    }

    [ToolFact("rpm")]
    public async Task An_upgrade_history_gets_strictly_increasing_versions_as_rpm_orders_them()
    {
        // Arrange: releases, betas, rcs and nightlies in the order a user would upgrade through them.
        var time = new DateTimeOffset(2026, 1, 5, 22, 0, 0, TimeSpan.Zero);
        SourceFacts Next(string[] tags, string? nearest, int distance, string? stated)
        {
            time = time.AddMinutes(97);
            var commit = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant() + "00000000";
            return new SourceFacts("main", commit, time, [.. tags], nearest, distance, stated);
        }
        var history = new[]
        {
            Next(["v11.2.0"], null, 0, "11.2.0"),
            Next([], "v11.2.0", 1, "11.2.0"),
            Next([], "v11.2.0", 2, "11.2.0"),
            Next(["v11.2.1"], null, 0, "11.2.1"),
            Next([], "v11.2.1", 1, "11.3.0-pre"),
            Next([], "v11.2.1", 2, "11.3.0-pre"),
            Next(["v11.3.0-beta1"], null, 0, "11.3.0-beta1"),
            Next([], "v11.3.0-beta1", 1, "11.3.0-pre"),
            Next(["v11.3.0-beta2"], null, 0, "11.3.0-beta2"),
            Next(["v11.3.0-rc.1"], null, 0, "11.3.0"),
            Next([], "v11.3.0-rc.1", 3, "11.3.0"),
            Next([], "v11.3.0-rc.1", 4, "11.3.0"),
            Next(["v11.3.0-rc.2"], null, 0, "11.3.0"),
            Next(["v11.3.0"], null, 0, "11.3.0"),
            Next(["v11.3.0+security-01"], null, 0, "11.3.0"),
            Next([], "v11.3.0+security-01", 1, "11.3.0"),
            Next([], "v11.3.0+security-01", 2, "11.3.1"),
            Next(["v11.3.1"], null, 0, "11.3.1"),
            Next([], "v11.3.1", 1, "11.4.0-pre"),
            Next(["v11.4.0"], null, 0, "11.4.0"),
        };

        // Act
        var evrs = history.Select(facts => VersionPolicy.Compute(facts).Evr(".fc43").ToString()).ToList();
        var consecutive = evrs.Zip(evrs.Skip(1)).ToList();
        var rpmSays = await RpmOracle.CompareAsync(consecutive);

        // Assert
        rpmSays.Should().AllSatisfy(answer => answer.Should().Be(-1), "each build must upgrade the one before it: " + string.Join(" < ", evrs));
        consecutive.Should().AllSatisfy(p => Evr.Parse(p.First).CompareTo(Evr.Parse(p.Second)).Should().BeNegative());
    }

    private static (string A, string B) Pair(Random random)
    {
        var a = RandomEvr(random);
        var b = random.Next(3) == 0 ? RandomEvr(random) : Mutate(a, random);
        return (a, b);
    }

    private static string RandomEvr(Random random)
    {
        var epoch = random.Next(4) == 0 ? $"{random.Next(3)}:" : "";
        var release = random.Next(3) == 0 ? "" : "-" + Version(random, 2);
        return epoch + Version(random, 5) + release;
    }

    private static string Version(Random random, int maxSegments)
    {
        var text = Numbers[random.Next(Numbers.Length)];
        for (var i = random.Next(maxSegments); i > 0; i--)
        {
            if (random.Next(4) > 0) text += Separators[random.Next(Separators.Length)];
            text += random.Next(3) == 0 ? Letters[random.Next(Letters.Length)] : Numbers[random.Next(Numbers.Length)];
        }
        return text;
    }

    private static string Mutate(string evr, Random random)
    {
        var choices = new Func<string>[]
        {
            () => evr,
            () => evr + "~" + Letters[random.Next(Letters.Length)],
            () => evr + "^" + Numbers[random.Next(Numbers.Length)],
            () => evr.Replace('.', '_'),
            () => evr.Contains(':') ? evr[(evr.IndexOf(':') + 1)..] : "0:" + evr,
            () => evr.Replace("1", "01"),
            () => evr + "." + Numbers[random.Next(Numbers.Length)],
            () => evr + Letters[random.Next(Letters.Length)],
            () => evr.Replace('~', '^'),
        };
        return choices[random.Next(choices.Length)]();
    }
}
