using BuildKit.Versioning;

namespace BuildKit.Tests.Versioning;

public sealed class RpmVersionComparerSpecs
{
    [Theory]
    [InlineData("1.0", "1.0", 0)]
    [InlineData("1.0", "2.0", -1)]
    [InlineData("2.0.1", "2.0", 1)]
    [InlineData("1.0a", "1.0", 1)]
    [InlineData("1.0", "1.0a", -1)]
    [InlineData("1.0a", "1.0b", -1)]
    [InlineData("10", "9", 1)]
    [InlineData("010", "10", 0)]
    [InlineData("1.01", "1.1", 0)]
    [InlineData("1.a", "1.1", -1)]
    [InlineData("1_0", "1.0", 0)]
    [InlineData("2.0~beta1", "2.0~rc1", -1)]
    [InlineData("2.0~rc1", "2.0", -1)]
    [InlineData("2.0", "2.0^150825", -1)]
    [InlineData("2.0^150825", "2.0.1", -1)]
    [InlineData("1.0~rc1^git1", "1.0~rc1", 1)]
    [InlineData("1.0~rc1^git1", "1.0", -1)]
    [InlineData("1.0~~x", "1.0~alpha", -1)]
    [InlineData("1.0^", "1.0", 1)]
    [InlineData("1.0~", "1.0", -1)]
    [InlineData("11.3.0~beta1", "11.3.0", -1)]
    [InlineData("11.3.0^20261122.021500.gitabc", "11.3.1", -1)]
    public void Versions_compare_as_rpmvercmp_does(string a, string b, int expected)
    {
        // Act
        var forward = RpmVersionComparer.VerCmp(a, b);
        var backward = RpmVersionComparer.VerCmp(b, a);

        // Assert
        forward.Should().Be(expected);
        backward.Should().Be(-expected);
    }

    [Theory]
    [InlineData("1:1.0-1", "2.0-1", 1)]
    [InlineData("0:1.0-1", "1.0-1", 0)]
    [InlineData("1.0-2", "1.0-10", -1)]
    [InlineData("1.0-1.fc43", "1.0-1.fc42", 1)]
    [InlineData("1.0", "1.0-5", -1)]
    [InlineData("1.0", "1.0", 0)]
    public void Epoch_version_and_release_compare_in_that_order(string a, string b, int expected)
    {
        // Act
        var result = Evr.Parse(a).CompareTo(Evr.Parse(b));

        // Assert
        Math.Sign(result).Should().Be(expected);
    }

    [Fact]
    public void An_evr_splits_the_release_at_the_last_dash()
    {
        // Act
        var evr = Evr.Parse("2:11.3.0~beta1-1.fc43");

        // Assert
        evr.Should().Be(new Evr(2, "11.3.0~beta1", "1.fc43"));
        evr.ToString().Should().Be("2:11.3.0~beta1-1.fc43");
    }
}
