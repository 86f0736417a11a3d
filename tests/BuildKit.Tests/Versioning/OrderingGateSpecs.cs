using BuildKit.Versioning;

namespace BuildKit.Tests.Versioning;

public sealed class OrderingGateSpecs
{
    private static readonly Evr[] Published = [Evr.Parse("11.3.0~rc.1-1"), Evr.Parse("11.3.0-1"), Evr.Parse("11.2.0-1")];

    [Fact]
    public void A_version_above_everything_published_passes()
    {
        // Act
        var act = () => OrderingGate.Check("grafana", Evr.Parse("11.3.0^20261122.021500.gitabc1234-1"), Published, allowDowngrade: false);

        // Assert
        act.Should().NotThrow();
    }

    [Fact]
    public void A_beta_after_its_release_is_stopped_with_both_versions_and_the_way_out()
    {
        // Act
        var act = () => OrderingGate.Check("grafana", Evr.Parse("11.3.0~beta1-1"), Published, allowDowngrade: false);

        // Assert
        act.Should().Throw<VersionOrderException>()
            .WithMessage("grafana 11.3.0~beta1-1 sorts below grafana 11.3.0-1, which is already published: dnf would not offer it as an upgrade.*--release=N*--allow-downgrade*");
    }

    [Fact]
    public void The_same_version_again_is_stopped()
    {
        // Act
        var act = () => OrderingGate.Check("grafana", Evr.Parse("11.3.0-1"), Published, allowDowngrade: false);

        // Assert
        act.Should().Throw<VersionOrderException>().WithMessage("grafana 11.3.0-1 equals grafana 11.3.0-1*");
    }

    [Fact]
    public void Allow_downgrade_lets_a_lower_version_through()
    {
        // Act
        var act = () => OrderingGate.Check("grafana", Evr.Parse("11.2.0-1"), Published, allowDowngrade: true);

        // Assert
        act.Should().NotThrow();
    }

    [Fact]
    public void Nothing_published_yet_lets_anything_through()
    {
        // Act
        var act = () => OrderingGate.Check("hotspot", Evr.Parse("0^20261122.021500.gitabc1234-1"), [], allowDowngrade: false);

        // Assert
        act.Should().NotThrow();
    }
}
