using BuildKit.Containers;
using BuildKit.Configuration;
using BuildKit.Products;
using BuildKit.Versioning;

namespace BuildKit.Tests.Products;

public sealed class GrafanaRecipeSpecs
{
    private static readonly string Modern = Path.Combine(Repository.Root, "tests", "fixtures", "grafana");
    private static readonly string Legacy = Path.Combine(Repository.Root, "tests", "fixtures", "grafana-legacy");
    private readonly GrafanaRecipe _recipe = new();

    private static RecipeContext Context(string tree, long memory = 24_000, Packager packager = Packager.Rpmbuild) =>
        new(tree, Distribution.Named(Distribution.DefaultName, "tests"), new PackageVersion(null, "12.3.0", 1, VersionKind.Release, "tag"), "0123abc", "v12.3.0", DateTimeOffset.UnixEpoch, 2, memory, packager);

    private static Dictionary<string, string> Toolchains(string go, string node) => new() { ["go"] = go, ["node"] = node };

    /// <summary>A tree with Grafana's layout and this package.json.</summary>
    private static string TreeWith(TempDir temp, string packageJson)
    {
        temp.File("tree/package.json", packageJson);
        temp.File("tree/build.go", "package main\n");
        temp.File("tree/conf/defaults.ini", "");
        return temp.Combine("tree");
    }

    [Fact]
    public void The_era_comes_from_the_files_in_the_tree()
    {
        // Act
        var modern = GrafanaRecipe.DetectEra(Modern);
        var legacy = GrafanaRecipe.DetectEra(Legacy);

        // Assert
        modern.Should().Be(GrafanaEra.Modern);
        legacy.Should().Be(GrafanaEra.Legacy);
    }

    [Fact]
    public void The_srpm_vendors_go_modules_unless_the_tree_does_and_for_yarn_berry_the_yarn_release_and_an_offline_cache_placed_beside_the_stage_step()
    {
        // Arrange
        using var temp = TempDir.Create();
        var yarnOne = TreeWith(temp, """{ "name": "grafana", "version": "8.0.0" }""");
        temp.File("tree/go.mod", "module github.com/grafana/grafana\n\ngo 1.16\n");
        temp.File("tree/vendor/modules.txt", "# github.com/BurntSushi/toml v0.3.1\n## explicit\ngithub.com/BurntSushi/toml\n");

        // Act
        var berry = _recipe.Steps(Context(Modern)).Single(s => s.Name == "vendor");
        var classic = _recipe.Steps(Context(yarnOne)).Single(s => s.Name == "vendor");
        var copy = _recipe.Steps(Context(Modern)).Last();

        // Assert
        berry.Script.Should().Contain("if [ -f go.mod ] && [ ! -d vendor ]; then go mod vendor -o \"$vendored/vendor\"; fi")
            .And.Contain("/node/corepack}/v1/yarn/4.5.3/yarn.js\" \"$vendored/.yarn/releases/yarn-4.5.3.cjs\"")
            .And.Contain("YARN_ENABLE_GLOBAL_CACHE=false YARN_CACHE_FOLDER=\"$vendored/.yarn/cache\" yarn install --immutable --mode=skip-build")
            .And.Contain("--sort=name --mtime=@0").And.Contain("> .buildkit-vendor/vendor.tar.gz");
        copy.Script.Should().Contain("cp .buildkit-vendor/vendor.tar.gz \"/vendored/grafana-$BUILDKIT_VERSION-vendor.tar.gz\"");
        copy.RunsBesidePrevious.Should().BeTrue("the archive is placed beside the stage step, which neither reads nor writes it");
        classic.Script.Should().NotContain(".yarn/releases", "yarn 1 has no offline cache of its own to carry");
    }

    [Fact]
    public void A_run_that_stops_at_build_makes_neither_the_vendor_archive_nor_the_npm_licences_only_packages_carry()
    {
        // Act
        var steps = _recipe.Steps(Context(Modern) with { MakesPackages = false });

        // Assert
        steps.Select(s => s.Name).Should().Equal("frontend", "backend", "stage");
        steps[0].Script.Should().NotContain(NpmLicences.Folder);
        steps[0].Reuse!.Outputs.Should().Equal("public/build");
    }

    [Fact]
    public void A_modern_tree_builds_with_yarn_berry_wire_and_build_go_with_the_oss_tags()
    {
        // Act
        var steps = _recipe.Steps(Context(Modern));

        // Assert
        steps.Select(s => s.Name).Should().Equal("frontend", "backend", "vendor", "stage", "vendored");
        steps[0].Script.Should().Contain($"\"corepack@{NodeToolchain.Corepack}\"").And.Contain("/lib/node_modules/corepack/dist/yarn.js\" \"$HOME/bin/yarn\"")
            .And.Contain("yarn install --immutable").And.Contain("NODE_ENV=production").And.Contain("yarn run build");
        steps[1].Script.Should().Contain("make gen-go").And.Contain("go run build.go -build-tags=oss build")
            .And.Contain("COMMIT_SHA=\"0123abc\"").And.Contain("BUILD_BRANCH=\"v12.3.0\"").And.Contain("-trimpath").And.NotContain("make build-go");
        steps.Single(s => s.Name == "stage").Script.Should().Contain("cp -a conf public packaging /stage/");
    }

    [Fact]
    public void A_modern_frontend_is_reusable_across_changes_to_go_files_only()
    {
        // Act
        var steps = _recipe.Steps(Context(Modern));

        // Assert
        steps[0].Reuse.Should().NotBeNull();
        steps[0].Reuse!.Outputs.Should().Equal("public/build", NpmLicences.Folder);
        steps[0].Reuse!.IgnoredInputs.Should().Contain(["*.go", "go.mod", "go.sum"]);
        steps.Where(s => s.Name is "backend" or "stage").Should().OnlyContain(s => s.Reuse == null, "the backend and the stage always run");
    }

    [Fact]
    public void A_legacy_frontend_runs_through_build_go_so_it_is_never_reused()
    {
        // Act
        var steps = _recipe.Steps(Context(Legacy));

        // Assert
        steps.Single(s => s.Name == "frontend").Reuse.Should().BeNull();
    }

    [Theory]
    [InlineData(16_384, true)]
    [InlineData(16_383, false)]
    public void The_backend_builds_beside_the_frontend_from_sixteen_gigabytes_of_memory_and_after_it_below(long memory, bool beside)
    {
        // Act
        var steps = _recipe.Steps(Context(Modern, memory));

        // Assert
        steps.Single(s => s.Name == "backend").RunsBesidePrevious.Should().Be(beside);
        steps.Where(s => s.Name is not "backend" and not "vendored").Should().OnlyContain(s => !s.RunsBesidePrevious, "vendoring and the stage need both");
    }

    [Theory]
    [InlineData("gen-go: $(WIRE)\n\t$(WIRE) gen ./pkg/server\n", true)]
    [InlineData("gen-go: gen-enterprise-go ## Generate Wire graph\r\n\tgo run ./pkg/build/wire/cmd/wire/main.go gen ./pkg/server\r\n", true)]
    [InlineData("gen-go: $(WIRE) gen-cue\n\t$(WIRE) gen ./pkg/server\n", false)]
    public void A_gen_go_that_first_runs_what_writes_the_frontends_sources_keeps_the_backend_after_the_frontend(string makefile, bool beside)
    {
        // Arrange
        using var temp = TempDir.Create();
        var tree = TreeWith(temp, """{ "name": "grafana", "version": "9.3.0" }""");
        temp.File("tree/Makefile", makefile);

        // Act
        var steps = _recipe.Steps(Context(tree));

        // Assert
        steps[1].Script.Should().Contain("make gen-go");
        steps[1].RunsBesidePrevious.Should().Be(beside);
    }

    [Fact]
    public void A_legacy_backend_builds_after_its_frontend_which_runs_through_build_go_too()
    {
        // Act
        var steps = _recipe.Steps(Context(Legacy));

        // Assert
        steps.Single(s => s.Name == "backend").RunsBesidePrevious.Should().BeFalse();
    }

    [Fact]
    public void A_legacy_tree_builds_with_build_go_and_its_grunt_frontend()
    {
        // Act
        var steps = _recipe.Steps(Context(Legacy));

        // Assert
        steps[0].Script.Should().Contain($"\"yarn@{NodeToolchain.YarnClassic}\"").And.NotContain("corepack")
            .And.Contain("yarn install --pure-lockfile").And.Contain("go run build.go build-frontend");
        steps[1].Script.Should().Contain("go run build.go build").And.NotContain("-build-tags=oss").And.NotContain("make gen-go")
            .And.Contain("GO111MODULE=off", "a v5 tree without go.mod builds from GOPATH");
    }

    [Theory]
    [InlineData(4_000, 3_000)]
    [InlineData(1_000, 1_024)]
    [InlineData(64_000, 8_192)]
    public void The_frontend_gets_three_quarters_of_the_memory_between_one_and_eight_gigabytes(long memory, long heap)
    {
        // Act
        var script = _recipe.Steps(Context(Modern, memory))[0].Script;

        // Assert
        script.Should().Contain($"--max-old-space-size={heap}");
    }

    [Fact]
    public void A_go_older_than_go_mod_asks_for_gives_way_to_the_last_release_of_the_minor_go_mod_names()
    {
        // Act
        var go = _recipe.GoNeeded(Modern, Toolchains(go: "1.18.10", node: "18.20.4"));

        // Assert
        go.Should().Be(new GoToolchain("1.19.13", "the go line in go.mod asks for Go 1.19 or newer"));
    }

    [Fact]
    public void A_builder_node_outside_the_trees_pin_is_replaced_by_the_pinned_node_from_the_npm_registry_before_the_frontend()
    {
        // Arrange
        using var temp = TempDir.Create();
        var tree = TreeWith(temp, """{ "name": "grafana", "version": "6.5.0-pre", "engines": { "node": ">=10 <11" } }""");

        // Act
        var steps = _recipe.Steps(Context(tree) with { Toolchains = Toolchains(go: "1.19.8", node: "18.20.4") });

        // Assert
        steps.Select(s => s.Name).Should().Equal("node", "frontend", "backend", "vendor", "stage", "vendored");
        steps[0].ReportsToolchains.Should().BeTrue("the build record names the Node that built the frontend");
        steps[0].Script.Should().Contain("\"node-linux-$arch@>=10 <11\"").And.Contain("echo \"node=$(");
        steps[1].Script.Should().Contain(NodeToolchain.OnPath.Trim());
        steps[1].Script.IndexOf(NodeToolchain.OnPath.Trim(), StringComparison.Ordinal).Should()
            .BeGreaterThan(steps[1].Script.IndexOf("npm install", StringComparison.Ordinal), "yarn is installed by the builder's own npm, on the builder's own Node");
    }

    [Fact]
    public void A_builder_node_the_tree_accepts_is_used_as_it_is()
    {
        // Act
        var steps = _recipe.Steps(Context(Modern) with { Toolchains = Toolchains(go: "1.19.8", node: "18.20.4") });

        // Assert
        steps.Select(s => s.Name).Should().NotContain("node");
        steps[0].Script.Should().NotContain(NodeToolchain.OnPath.Trim());
    }

    [Fact]
    public void Webpack_4_gets_openssls_legacy_provider_and_bundled_plugins_are_built_and_staged()
    {
        // Arrange
        using var temp = TempDir.Create();
        var tree = TreeWith(temp, """
            { "name": "grafana", "version": "8.5.0", "scripts": { "build": "webpack", "plugins:build-bundled": "find plugins-bundled" }, "devDependencies": { "webpack": "4.41.5" } }
            """);

        // Act
        var steps = _recipe.Steps(Context(tree));

        // Assert
        steps[0].Script.Should().Contain("--openssl-legacy-provider").And.Contain("yarn run plugins:build-bundled");
        steps[0].Reuse!.Outputs.Should().Equal("public/build", NpmLicences.Folder, "plugins-bundled");
        steps.Single(s => s.Name == "stage").Script.Should().Contain("cp -a plugins-bundled /stage/");
        _recipe.Steps(Context(Modern))[0].Script.Should().NotContain("--openssl-legacy-provider").And.NotContain("plugins:build-bundled");
    }

    [Fact]
    public void A_vendor_folder_made_by_go_1_13_that_disagrees_with_go_mod_asks_for_go_1_13_and_one_that_agrees_builds_with_the_builders_go()
    {
        // Arrange
        using var temp = TempDir.Create();
        var tree = TreeWith(temp, """{ "name": "grafana", "version": "6.5.0-pre" }""");
        temp.File("tree/vendor/modules.txt", "# github.com/BurntSushi/toml v0.3.1\ngithub.com/BurntSushi/toml\n# github.com/mattn/go-sqlite3 v1.11.0\ngithub.com/mattn/go-sqlite3\n");
        var goMod = """
            module github.com/grafana/grafana

            go 1.13

            require github.com/BurntSushi/toml v0.3.1
            require github.com/codahale/hdrhistogram v0.0.0-20161010025455-3a0bb77429bd

            require (
            	github.com/mattn/go-sqlite3 VERSION // indirect
            )

            exclude github.com/gorilla/websocket v1.4.0
            """;

        // Act
        temp.File("tree/go.mod", goMod.Replace("VERSION", "v1.14.0"));
        var disagreeing = _recipe.GoNeeded(tree, Toolchains(go: "1.19.8", node: "18.20.4"));
        var disagreeingOnGo113 = _recipe.GoNeeded(tree, Toolchains(go: "1.13.15", node: "10.24.1"));
        temp.File("tree/go.mod", goMod.Replace("VERSION", "v1.11.0"));
        var agreeing = _recipe.GoNeeded(tree, Toolchains(go: "1.19.8", node: "18.20.4"));

        // Assert
        disagreeing.Should().Be(new GoToolchain("1.13.15",
            "vendor/modules.txt, made by Go 1.13 or older, disagrees with go.mod, which Go 1.14 and later refuse (\"inconsistent vendoring\"): " +
            "go.mod requires github.com/mattn/go-sqlite3 v1.14.0 (vendor/modules.txt: v1.11.0)"));
        disagreeingOnGo113.Should().BeNull();
        agreeing.Should().BeNull("Go 1.14 and later accept an old vendor/ that agrees with go.mod");
    }

    [Fact]
    public void A_vendor_folder_made_by_go_1_14_or_later_builds_with_the_builders_go()
    {
        // Arrange
        using var temp = TempDir.Create();
        var tree = TreeWith(temp, """{ "name": "grafana", "version": "8.0.0" }""");
        temp.File("tree/go.mod", "module github.com/grafana/grafana\n\ngo 1.16\n");
        temp.File("tree/vendor/modules.txt", "# github.com/BurntSushi/toml v0.3.1\n## explicit\ngithub.com/BurntSushi/toml\n");

        // Act
        var go = _recipe.GoNeeded(tree, Toolchains(go: "1.19.8", node: "18.20.4"));

        // Assert
        go.Should().BeNull();
    }

    [Fact]
    public void A_builder_go_that_meets_the_tree_builds_it()
    {
        // Act
        var go = _recipe.GoNeeded(Modern, Toolchains(go: "1.19.8", node: "18.20.4"));

        // Assert
        go.Should().BeNull();
    }

    [Fact]
    public void The_yarn_a_tree_pins_is_read_from_package_json_and_the_pinned_yarn_1_without_a_pin()
    {
        // Act
        var modern = _recipe.PinnedToolchains(Modern);
        var legacy = _recipe.PinnedToolchains(Legacy);

        // Assert
        modern.Should().Be("yarn=4.5.3\n");
        legacy.Should().Be($"yarn={NodeToolchain.YarnClassic}\n");
    }

    [Fact]
    public void The_toolchain_query_reads_nothing_of_the_tree_because_its_answer_is_kept_per_builder_image()
    {
        // Assert
        _recipe.ToolchainQuery.Should().NotContain("packageManager").And.NotContain("yarn").And.Contain("go=").And.Contain("node=");
    }

    [Fact]
    public void A_tree_without_grafanas_layout_is_named_with_what_is_missing()
    {
        // Act
        var act = () => _recipe.Validate(Path.Combine(Repository.Root, "tests", "fixtures", "hotspot"));

        // Assert
        act.Should().Throw<RecipeException>().WithMessage("*does not have Grafana's build layout: build.go, package.json, conf/defaults.ini missing*");
    }

    [Fact]
    public void The_fpm_packager_runs_upstreams_own_legacy_pkg_rpm_with_the_version_the_ordering_gate_checked()
    {
        // Act
        var steps = _recipe.Steps(Context(Legacy, packager: Packager.Fpm));

        // Assert
        steps.Select(s => s.Name).Should().Equal("frontend", "fpm");
        steps[1].Script.Should().Contain("go run build.go build pkg-rpm", "Grafana 5's build.go has no -includeBuildId")
            .And.Contain("p.version = process.argv[1]").And.Contain("\"12.3.0-1\"").And.Contain("cp -p dist/*.rpm /stage/fpm/");
        _recipe.Toolset(Distribution.Named(Distribution.DefaultName, "tests"), Legacy, Packager.Fpm).Name.Should().Be("grafana-fpm");
    }

    [Fact]
    public void A_build_go_that_defines_include_build_id_is_told_to_leave_the_timestamp_out_of_the_iteration()
    {
        // Arrange
        using var temp = TempDir.Create();
        var tree = TreeWith(temp, File.ReadAllText(Path.Combine(Legacy, "package.json")));
        File.Copy(Path.Combine(Legacy, "Gruntfile.js"), Path.Combine(tree, "Gruntfile.js"));
        temp.File("tree/build.go", File.ReadAllText(Path.Combine(Legacy, "build.go"))
            .Replace("flag.Parse()", "flag.BoolVar(&includeBuildId, \"includeBuildId\", true, \"IncludeBuildId in package name\")\n\tflag.Parse()"));

        // Act
        var steps = _recipe.Steps(Context(tree, packager: Packager.Fpm));

        // Assert
        steps[1].Script.Should().Contain("go run build.go -includeBuildId=false build pkg-rpm");
    }

    [Fact]
    public void The_fpm_packager_on_a_modern_tree_explains_that_upstream_removed_pkg_rpm()
    {
        // Act
        var act = () => _recipe.Steps(Context(Modern, packager: Packager.Fpm));

        // Assert
        act.Should().Throw<RecipeException>().WithMessage("*which Grafana removed in 8.0*--packager=rpmbuild.");
    }
}
