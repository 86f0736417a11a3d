using BuildKit.Processes;
using BuildKit.Products;
using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

public sealed class NpmComponentsSpecs
{
    private static readonly string[] Shipped = ["@emotion/hash 0.9.1", "js-tokens 4.0.0", "loose-envify 1.4.0", "react 18.2.0"];
    private static readonly string[] BuildOnly = ["@types/node 20.10.0", "typescript 5.3.3", "undici-types 5.26.5"];

    [Theory]
    [InlineData("yarn-v1.lock")]
    [InlineData("yarn-berry.lock")]
    [InlineData("package-lock.json")]
    public void The_lockfile_s_packages_are_split_into_what_production_dependencies_reach_and_what_only_development_needs(string lockfile)
    {
        // Arrange
        using var tree = SbomFixture.NpmTree(lockfile);

        // Act
        var components = NpmComponents.Read(tree.Path);

        // Assert
        components.Where(c => !c.BuildOnly).Select(c => $"{c.Name} {c.Version}").Should().Equal(Shipped);
        components.Where(c => c.BuildOnly).Select(c => $"{c.Name} {c.Version}").Should().Equal(BuildOnly);
        components.Should().OnlyContain(c => c.Ecosystem == Ecosystem.Npm && c.Purl == Purls.Npm(c.Name, c.Version));
        components.Single(c => c.Name == "@types/node").Purl.Should().Be("pkg:npm/%40types/node@20.10.0");
    }

    [Theory]
    [InlineData("yarn-v1.lock")]
    [InlineData("package-lock.json")]
    public void An_integrity_string_becomes_an_spdx_sha512_checksum_in_hex(string lockfile)
    {
        // Arrange
        using var tree = SbomFixture.NpmTree(lockfile);

        // Act
        var react = NpmComponents.Read(tree.Path).Single(c => c.Name == "react");

        // Assert
        react.Checksums.Keys.Should().Equal("SHA512");
        react.Checksums["SHA512"].Should().MatchRegex("^[0-9a-f]{128}$");
    }

    [Fact]
    public void Yarn_berry_s_checksum_of_its_cache_archive_is_a_comment_not_a_checksum_of_the_package()
    {
        // Arrange
        using var tree = SbomFixture.NpmTree("yarn-berry.lock");

        // Act
        var react = NpmComponents.Read(tree.Path).Single(c => c.Name == "react");

        // Assert
        react.Checksums.Should().BeEmpty();
        react.Comment.Should().StartWith("yarn cache checksum 10c0/");
    }

    [ToolFact("node")]
    public async Task Licences_come_from_package_lock_json_or_from_the_installed_package_json_files_the_install_step_listed_and_are_noassertion_otherwise()
    {
        // Arrange
        using var npm = SbomFixture.NpmTree("package-lock.json");
        using var yarn = SbomFixture.NpmTree("yarn-v1.lock");
        yarn.File("node_modules/react/package.json", """{ "name": "react", "version": "18.2.0", "license": "MIT" }""");
        yarn.File("node_modules/@types/node/package.json", """{ "name": "@types/node", "version": "20.10.0", "license": { "type": "MIT" } }""");
        yarn.File("node_modules/react/node_modules/loose-envify/package.json", """{ "name": "loose-envify", "version": "1.4.0", "license": "MIT" }""");
        yarn.File("node_modules/loose-envify/package.json", """{ "name": "loose-envify", "version": "1.3.0", "license": "BSD-3-Clause" }""");
        await new ProcessRunner(new RecordingLog()).RunAsync(new ToolCommand("bash", "-c", NpmLicences.Command) { Quiet = true }.InDirectory(yarn.Path));
        Directory.Delete(yarn.Combine("node_modules"), recursive: true);

        // Act
        var fromLockfile = NpmComponents.Read(npm.Path);
        var installed = NpmComponents.Read(yarn.Path);

        // Assert
        fromLockfile.Single(c => c.Name == "typescript").Licence.Should().Be("Apache-2.0");
        installed.Where(c => c.Licence != Component.NoAssertion).Select(c => $"{c.Name} {c.Licence}").Should().Equal("@types/node MIT", "loose-envify MIT", "react MIT");
    }

    [Fact]
    public void A_workspace_s_own_production_dependencies_ship_and_the_workspace_itself_is_no_component()
    {
        // Arrange
        using var tree = TempDir.Create();
        tree.File("package.json", """{ "name": "app", "dependencies": { "@app/data": "workspace:*" }, "devDependencies": { "jest": "^29.0.0" } }""");
        tree.File("packages/data/package.json", """{ "name": "@app/data", "dependencies": { "lodash": "^4.17.21" }, "devDependencies": { "tslib": "^2.6.0" } }""");
        tree.File("yarn.lock", """
            __metadata:
              version: 8

            "@app/data@workspace:*, @app/data@workspace:packages/data":
              version: 0.0.0-use.local
              resolution: "@app/data@workspace:packages/data"
              dependencies:
                lodash: "npm:^4.17.21"
                tslib: "npm:^2.6.0"
              languageName: unknown
              linkType: soft

            "jest@npm:^29.0.0":
              version: 29.7.0
              resolution: "jest@npm:29.7.0"
              languageName: node
              linkType: hard

            "lodash@npm:^4.17.21":
              version: 4.17.21
              resolution: "lodash@npm:4.17.21"
              languageName: node
              linkType: hard

            "tslib@npm:^2.6.0":
              version: 2.6.2
              resolution: "tslib@npm:2.6.2"
              languageName: node
              linkType: hard
            """);

        // Act
        var components = NpmComponents.Read(tree.Path);

        // Assert
        components.Select(c => $"{c.Name} {(c.BuildOnly ? "build-only" : "shipped")}").Should().Equal("jest build-only", "lodash shipped", "tslib build-only");
    }

    [Fact]
    public void A_tree_without_a_lockfile_has_no_npm_components()
    {
        // Arrange
        using var tree = TempDir.Create();

        // Act
        var components = NpmComponents.Read(tree.Path);

        // Assert
        components.Should().BeEmpty();
    }
}
