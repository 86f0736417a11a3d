using BuildKit.Pipeline;

namespace BuildKit.IntegrationTests.Products;

/// <summary>The upgrade test of Verify on two releases of the Grafana fixture: what it keeps, what it refuses.</summary>
public sealed class UpgradeTestSpecs : IDisposable
{
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose() => _temp.Dispose();

    private async Task<GitUpstream> TwoGrafanaReleasesAsync()
    {
        var upstream = await GrafanaFixture.CreateAsync(_temp, "12.3.0");
        await GrafanaFixture.ReleaseAsync(upstream, "12.3.1");
        return upstream;
    }

    private Task BuildAsync(GitUpstream upstream, string reference, string? spec = null) =>
        PipelineRun.Open(_temp, GrafanaFixture.ProductsYaml(upstream.Url, reference, spec), hostTrust: true).PackageAsync();

    private PipelineRun Verify(GitUpstream upstream, string reference, string? spec = null) =>
        PipelineRun.Open(_temp, GrafanaFixture.ProductsYaml(upstream.Url, reference, spec), hostTrust: true);

    [DockerFact]
    public async Task A_good_package_passes_rpmlint_installs_and_upgrades_keeping_edited_config_and_the_user_and_refuses_a_downgrade()
    {
        // Arrange
        var upstream = await TwoGrafanaReleasesAsync();
        await BuildAsync(upstream, "v12.3.0");
        var run = Verify(upstream, "v12.3.1");

        // Act
        await run.VerifyAsync();

        // Assert
        run.Log.Text.Should().Contain("[grafana/verify] rpmlint: no errors")
            .And.Contain("[grafana/verify] upgraded from grafana-12.3.0-1.x86_64.rpm: grafana version 12.3.1")
            .And.Contain("/etc/grafana/grafana.ini kept its local edit; the new default is /etc/grafana/grafana.ini.rpmnew")
            .And.Contain("a downgrade to grafana-12.3.0-1.x86_64.rpm is refused")
            .And.Contain("not checked on the apt family");
    }

    [DockerFact]
    public async Task The_upgrade_test_fails_a_package_whose_config_file_is_not_noreplace()
    {
        // Arrange
        var upstream = await TwoGrafanaReleasesAsync();
        await BuildAsync(upstream, "v12.3.0");
        var plainConfig = GrafanaFixture.SpecVariant(_temp, "plain-config",
            spec => spec.Replace("%config(noreplace) %attr(0640, root, grafana) %{_sysconfdir}/grafana/grafana.ini", "%config %attr(0640, root, grafana) %{_sysconfdir}/grafana/grafana.ini"));

        // Act
        var act = () => Verify(upstream, "v12.3.1", plainConfig).VerifyAsync();

        // Assert
        (await act.Should().ThrowAsync<RunFailedException>())
            .WithMessage("grafana/Verify: The upgrade test of grafana-12.3.1-1.x86_64.rpm from grafana-12.3.0-1.x86_64.rpm failed: /etc/grafana/grafana.ini lost its local edit on upgrade: a configuration file must be %config(noreplace)");
    }

    [DockerFact]
    public async Task The_upgrade_test_fails_a_package_whose_scriptlet_deletes_the_service_user()
    {
        // Arrange
        var upstream = await TwoGrafanaReleasesAsync();
        var deletesUser = GrafanaFixture.SpecVariant(_temp, "deletes-user", spec => spec.Replace("%postun\n", "%postun\nuserdel grafana || :\n"));
        await BuildAsync(upstream, "v12.3.0", deletesUser);

        // Act
        var act = () => Verify(upstream, "v12.3.1").VerifyAsync();

        // Assert
        (await act.Should().ThrowAsync<RunFailedException>())
            .WithMessage("grafana/Verify: The upgrade test of grafana-12.3.1-1.x86_64.rpm from grafana-12.3.0-1.x86_64.rpm failed: the service user and group grafana do not exist after the upgrade*");
    }
}
