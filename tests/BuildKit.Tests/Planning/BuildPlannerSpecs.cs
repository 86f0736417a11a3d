using BuildKit.Configuration;
using BuildKit.Pipeline;
using BuildKit.Planning;

namespace BuildKit.Tests.Planning;

public sealed class BuildPlannerSpecs
{
    private static BuildPlan PlanFor(params string[] options) =>
        StageRunner.Plan(PlanFixture.Products(), PlanFixture.Parse(options), EnvironmentSnapshot.Of(("HOME", "/home/dev")), PlanFixture.Now, PlanFixture.Paths);

    /// <summary>A plan whose releases would go to $GITHUB_REPOSITORY, with no token.</summary>
    private static BuildPlan PublishingPlanFor(params string[] options) =>
        StageRunner.Plan(PlanFixture.Products(), PlanFixture.Parse(options), EnvironmentSnapshot.Of(("GITHUB_REPOSITORY", "me/rpms")), PlanFixture.Now, PlanFixture.Paths);

    [Fact]
    public void The_same_inputs_give_the_same_plan()
    {
        // Act
        var first = PlanFor("--target=Default", "--grafana-ref=main");
        var second = PlanFor("--target=Default", "--grafana-ref=main");

        // Assert
        first.Should().BeEquivalentTo(second);
        PlanTable.Render(first, PlanFixture.Paths).Should().Be(PlanTable.Render(second, PlanFixture.Paths));
    }

    [Fact]
    public void Every_product_in_the_file_is_planned_when_none_are_named()
    {
        // Act
        var plan = PlanFor();

        // Assert
        plan.Products.Select(p => p.Name).Should().Equal("grafana", "hotspot");
        plan.Products[0].Repo.Should().Be("https://github.com/grafana/grafana.git");
        plan.Products[0].RequestedRef.Should().Be("v12.2.0");
        plan.Products[0].Spec.Should().Be("/work/buildkit/specs/grafana.spec");
        plan.Products[0].OutputDirectory.Should().Be("/work/buildkit/artifacts/rpms/fedora-43");
    }

    [Fact]
    public void Command_line_overrides_win_over_the_products_file()
    {
        // Act
        var plan = PlanFor("--products=hotspot", "--hotspot-repo=file:///srv/forks/hotspot", "--hotspot-ref=my-branch", "--distribution=debian-12", "--release=3");

        // Assert
        var hotspot = plan.Products.Should().ContainSingle().Subject;
        hotspot.Repo.Should().Be("file:///srv/forks/hotspot");
        hotspot.RequestedRef.Should().Be("my-branch");
        plan.Distribution.Name.Should().Be("debian-12");
        plan.Release.Should().Be(3);
    }

    [Fact]
    public void Version_from_in_the_products_file_is_planned_and_the_command_line_wins_over_it()
    {
        // Arrange
        var products = PlanFixture.Products(PlanFixture.ProductsYaml.Replace("recipe: grafana", "recipe: grafana\n    version-from: package.json"));

        // Act
        var fromFile = StageRunner.Plan(products, BuildArguments.Parse(PlanFixture.Args([]), products), EnvironmentSnapshot.Of(), PlanFixture.Now, PlanFixture.Paths);
        var fromOption = StageRunner.Plan(products, BuildArguments.Parse(PlanFixture.Args(["--grafana-version-from=6.5.0"]), products), EnvironmentSnapshot.Of(),
            PlanFixture.Now, PlanFixture.Paths);

        // Assert
        fromFile.Products[0].VersionFrom.Kind.Should().Be(BuildKit.Versioning.VersionSourceKind.Tree);
        fromFile.Products[1].VersionFrom.Should().Be(BuildKit.Versioning.VersionSource.Tag);
        fromOption.Products[0].VersionFrom.Should().Be(new BuildKit.Versioning.VersionSource(BuildKit.Versioning.VersionSourceKind.Fixed, "6.5.0"));
        PlanTable.Render(fromFile, PlanFixture.Paths).Should().Contain("package.json");
    }

    [Fact]
    public void A_version_from_the_recipe_cannot_read_is_refused_with_the_choices()
    {
        // Act
        var act = () => PlanFor("--hotspot-version-from=package.json");

        // Assert
        act.Should().Throw<ConfigurationException>()
            .WithMessage("--hotspot-version-from: 'package.json' is not a version source. Use tag (the default: the commit's tags), CMakeLists.txt (the version the hotspot tree states there), or a version such as 6.5.0.");
    }

    [Fact]
    public void Credentials_written_into_repository_and_mirror_urls_leave_every_url_of_the_plan_and_are_kept_by_origin_for_git()
    {
        // Act
        var plan = PlanFor("--hotspot-repo=https://me:s3cret@git.example.com:8443/me/hotspot.git",
            "--mirror=https://github.com/=https://x-access-token:t0ken@mirror.example.com/github/");

        // Assert
        plan.Products[1].Repo.Should().Be("https://git.example.com:8443/me/hotspot.git");
        plan.Mirrors["https://github.com/"].Should().Be("https://mirror.example.com/github/");
        plan.GitCredentials.Should().BeEquivalentTo(new Dictionary<string, RemoteCredential>
        {
            ["https://git.example.com:8443"] = new("me", "s3cret"),
            ["https://mirror.example.com"] = new("x-access-token", "t0ken"),
        });
        PlanTable.Render(plan, PlanFixture.Paths).Should().NotContain("s3cret").And.NotContain("t0ken");
    }

    [Fact]
    public void An_ssh_user_name_stays_in_its_url_as_it_is_no_secret()
    {
        // Act
        var plan = PlanFor("--hotspot-repo=ssh://git@git.example.com/me/hotspot.git");

        // Assert
        plan.Products[1].Repo.Should().Be("ssh://git@git.example.com/me/hotspot.git");
        plan.GitCredentials.Should().BeEmpty();
    }

    [Fact]
    public void A_ref_given_on_the_command_line_drops_the_files_pin_on_the_old_ref()
    {
        // Act
        var pinnedByFile = PlanFor().Products[1];
        var newRef = PlanFor("--hotspot-ref=master").Products[1];
        var newPin = PlanFor("--hotspot-ref=master", "--hotspot-commit=abcdef1").Products[1];

        // Assert
        pinnedByFile.PinnedCommit.Should().Be("0123456789abcdef0123456789abcdef01234567");
        newRef.PinnedCommit.Should().BeNull();
        newPin.PinnedCommit.Should().Be("abcdef1");
    }

    [Fact]
    public void A_working_copy_given_without_a_ref_is_built_as_it_is_on_disk_and_never_published()
    {
        // Arrange
        using var temp = TempDir.Create();
        Directory.CreateDirectory(temp.Combine("hotspot", ".git"));
        var inside = Directory.CreateDirectory(temp.Combine("hotspot", "src")).FullName;
        var products = PlanFixture.Products();
        var environment = EnvironmentSnapshot.Of(("GITHUB_REPOSITORY", "me/rpms"), ("GITHUB_TOKEN", "t"));
        BuildPlan Plan(params string[] options) =>
            StageRunner.Plan(products, BuildArguments.Parse(PlanFixture.Args(options), products), environment, PlanFixture.Now, PlanFixture.Paths);

        // Act
        var onDisk = Plan($"--hotspot-repo={inside}").Products[1];
        var withRef = Plan($"--hotspot-repo={inside}", "--hotspot-ref=master").Products[1];
        var notACheckout = Plan($"--hotspot-repo={temp.Path}").Products[1];
        var bare = Directory.CreateDirectory(temp.Combine("hotspot", "mirrors", "hotspot.git", "objects")).Parent!.FullName;
        File.WriteAllText(Path.Combine(bare, "HEAD"), "ref: refs/heads/master\n");
        var bareInsideACheckout = Plan($"--hotspot-repo={bare}").Products[1];
        var publish = () => Plan($"--hotspot-repo={inside}", "--target=Publish");

        // Assert
        onDisk.Should().Match<ProductPlan>(p => p.WorkingCopy && p.Repo == temp.Combine("hotspot") && p.RequestedRef == "working copy" && p.PinnedCommit == null);
        withRef.Should().Match<ProductPlan>(p => !p.WorkingCopy && p.Repo == temp.Combine("hotspot") && p.RequestedRef == "master");
        notACheckout.Should().Match<ProductPlan>(p => !p.WorkingCopy && p.RequestedRef == "v1.5.1");
        bareInsideACheckout.Should().Match<ProductPlan>(p => !p.WorkingCopy && p.Repo == bare && p.RequestedRef == "v1.5.1");
        publish.Should().Throw<ConfigurationException>()
            .WithMessage($"hotspot: --hotspot-repo={temp.Combine("hotspot")} without a ref builds the working copy as it is on disk, uncommitted changes included, and target Publish never publishes such a build*--hotspot-ref=BRANCH*");
    }

    [Fact]
    public void The_plan_of_an_enterprise_linux_build_shows_what_each_builder_installs_and_what_it_refuses_and_why()
    {
        // Act
        var el9 = PlanTable.Render(PlanFor("--target=Plan", "--distribution=el9"), PlanFixture.Paths);
        var el10 = PlanTable.Render(PlanFor("--target=Plan", "--distribution=el10"), PlanFixture.Paths);
        var build = PlanTable.Render(PlanFor("--distribution=el9"), PlanFixture.Paths);
        var mirror = () => PlanFor("--distribution=el9", "--distro-mirror=https://mirror.example/alma");

        // Assert
        el9.Should().Contain("distribution: el9 (dnf family, almalinux:9)")
            .And.MatchRegex(@"\(all\)\s+common\s+git-core rpm-build rpmlint rpmdevtools dnf-plugins-core ")
            .And.MatchRegex(@"grafana\s+grafana\s+golang nodejs npm gcc make")
            .And.MatchRegex(@"hotspot\s+hotspot-qt5\s+cmake ninja-build .*kf5-kio-devel")
            .And.MatchRegex(@"hotspot\s+hotspot-qt6\s+refused: qt6: EL 9 has no KDE Frameworks 6: EPEL 9 packages KF5 only");
        el10.Should().MatchRegex(@"hotspot\s+hotspot-qt5\s+refused: qt5: EL 10 has no Qt5 KDE Frameworks").And.MatchRegex(@"hotspot\s+hotspot-qt6\s+cmake .*kf6-kio-devel");
        build.Should().NotContain("PACKAGES ON", "the builders' packages are the Plan target's detail");
        mirror.Should().Throw<ConfigurationException>().WithMessage("--distro-mirror rewrites Fedora's and Debian's repository files, and the el9 builder reads AlmaLinux's and EPEL's*--base-image=IMAGE*");
    }

    [Fact]
    public void The_clock_is_read_once_and_carried_in_the_plan()
    {
        // Act
        var plan = PlanFor();

        // Assert
        plan.Timestamp.Should().Be(PlanFixture.Now);
        PlanTable.Render(plan, PlanFixture.Paths).Should().Contain("2026-11-22T03:00:00Z");
    }

    [Fact]
    public void Stages_outside_the_target_are_skipped_with_the_reason()
    {
        // Act
        var plan = PlanFor("--target=Fetch");

        // Assert
        var grafana = plan.Products[0];
        grafana["Fetch"].Runs.Should().BeTrue();
        grafana["Version"].Reason.Should().Be("not part of target Fetch");
        grafana["Publish"].Reason.Should().Be("not part of target Fetch");
    }

    [Fact]
    public void The_plan_target_previews_the_default_pipeline()
    {
        // Act
        var plan = PlanFor("--target=plan");
        var table = PlanTable.Render(plan, PlanFixture.Paths);

        // Assert
        plan.Target.Preview.Should().BeTrue();
        plan.Target.Name.Should().Be("Default");
        table.Should().Contain("preview of Default; nothing runs");
        plan.Products[0]["Publish"].Reason.Should().Be("not part of target Default");
    }

    [Fact]
    public void An_unknown_target_is_bad_input_that_lists_the_targets()
    {
        // Act
        var act = () => PlanFor("--target=Bild");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage($"Unknown target 'Bild'. Use --target= one of: {string.Join(", ", Targets.All.Select(t => t.Name))}.");
    }

    [Fact]
    public void The_cache_folder_comes_from_the_option_then_the_environment_then_home_and_says_which_chose_it()
    {
        // Act
        var fromOption = Paths.Cache("/opt/cache", EnvironmentSnapshot.Of(("BUILDKIT_CACHE_DIR", "/env/cache")));
        var fromEnvironment = Paths.Cache(null, EnvironmentSnapshot.Of(("BUILDKIT_CACHE_DIR", "/env/cache"), ("HOME", "/home/dev")));
        var fromHome = Paths.Cache(null, EnvironmentSnapshot.Of(("HOME", "/home/dev")));

        // Assert
        fromOption.Should().Be(("/opt/cache", "--cache-dir"));
        fromEnvironment.Should().Be(("/env/cache", "$BUILDKIT_CACHE_DIR"));
        fromHome.Should().Be(("/home/dev/.cache/buildkit", "$HOME"));
    }

    [Fact]
    public void The_fpm_packager_is_refused_up_front_on_the_debian_builder()
    {
        // Act
        var act = () => PlanFor("--packager=fpm", "--products=grafana", "--distribution=debian-12");

        // Assert
        act.Should().Throw<ConfigurationException>()
            .WithMessage("--packager=fpm cannot run in the debian-12 builder: fpm comes from RubyGems*Use a Fedora distribution (--distribution=fedora-43) or the default --packager=rpmbuild.");
    }

    [Fact]
    public void The_fpm_packager_is_grafanas_only()
    {
        // Act
        var act = () => PlanFor("--packager=fpm");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("--packager=fpm is not how hotspot is packaged: the hotspot recipe supports rpmbuild.*");
    }

    [Fact]
    public void The_fpm_packager_is_planned_for_grafana_on_fedora()
    {
        // Act
        var plan = PlanFor("--packager=FPM", "--products=grafana");

        // Assert
        plan.Packager.Should().Be(Packager.Fpm);
        PlanTable.Render(plan, PlanFixture.Paths).Should().Contain("packager:     fpm");
    }

    [Fact]
    public void Publishing_without_a_token_stops_the_plan_unless_it_is_a_dry_run()
    {
        // Act
        var act = () => PublishingPlanFor("--target=Publish");
        var dryRun = PublishingPlanFor("--target=Publish", "--dry-run");
        var build = PublishingPlanFor();

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("Publishing to me/rpms needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)*");
        dryRun.Products[0]["Publish"].Runs.Should().BeTrue();
        PlanTable.Render(dryRun, PlanFixture.Paths).Should().Contain("publish to:   me/rpms at https://api.github.com/ (dry run: nothing changes)");
        build.Products[0]["Publish"].Reason.Should().Be("not part of target Default");
    }

    [Fact]
    public void The_payload_is_compressed_fast_for_a_local_build_and_as_fedora_does_for_a_published_one_unless_the_option_says_otherwise()
    {
        // Act
        var local = PublishingPlanFor();
        var nightly = PublishingPlanFor("--target=Nightly", "--dry-run");
        var chosen = PublishingPlanFor("--target=Publish", "--dry-run", "--payload-compression=fast");
        var rpmsOwn = PublishingPlanFor("--payload-compression=w6.xzdio");

        // Assert
        local.Payload.Io.Should().Be("w3.zstdio");
        nightly.Payload.Io.Should().Be("w19.zstdio");
        chosen.Payload.Io.Should().Be("w3.zstdio");
        rpmsOwn.Payload.Io.Should().Be("w6.xzdio");
        PlanTable.Render(local, PlanFixture.Paths).Should().Contain("packager:     rpmbuild, payload w3.zstdio (fast, for a build that is not published)");
        PlanTable.Render(nightly, PlanFixture.Paths).Should().Contain("payload w19.zstdio (Fedora's, for a published build)");
        PlanTable.Render(chosen, PlanFixture.Paths).Should().Contain("payload w3.zstdio (--payload-compression=fast)");
    }

    [Theory]
    [InlineData("best")]
    [InlineData("w9.lz4io")]
    [InlineData("zstd")]
    public void A_payload_compression_rpm_does_not_know_is_refused_with_the_choices(string value)
    {
        // Act
        var act = () => PlanFor($"--payload-compression={value}");

        // Assert
        act.Should().Throw<ConfigurationException>()
            .WithMessage($"--payload-compression={value} is not a payload compression. Use fast (w3.zstdio), fedora (w19.zstdio), or rpm's own form wLEVEL.KIND*");
    }

    [Fact]
    public void Publishing_results_built_elsewhere_runs_only_provision_and_publish_and_says_where_they_come_from()
    {
        // Act
        var nightly = PublishingPlanFor("--target=Nightly", "--dry-run", "--from=results");
        var build = () => PublishingPlanFor("--from=results");

        // Assert
        var from = Path.GetFullPath("results");
        nightly.From.Should().Be(from);
        nightly.Products[0].Stages.Where(s => s.Decision.Runs).Select(s => s.Stage).Should().Equal("Provision", "Publish");
        nightly.Products[0]["Build"].Reason.Should().Be($"its results come from --from={from}");
        PlanTable.Render(nightly, PlanFixture.Paths).Should().Contain($"results:      {from} (built elsewhere: nothing is built, each product's results there are published)");
        build.Should().Throw<ConfigurationException>().WithMessage(
            $"--from={from} publishes results built elsewhere, and target Default does not publish. Use it with --target=Publish (a release of the version) or --target=Nightly*");
    }

    [Fact]
    public void The_hosted_repository_is_planned_with_the_url_its_branch_is_served_at_and_without_the_credentials_of_its_remote()
    {
        // Act
        var hosted = PublishingPlanFor("--target=Nightly", "--dry-run", "--repo-push=https://me:s3cret@git.example.org/me/rpms.git", "--repo-url=https://rpms.example.org/");
        var withoutUrl = () => PublishingPlanFor("--target=Nightly", "--dry-run", "--repo-push=https://git.example.org/me/rpms.git");
        var notPublishing = () => PublishingPlanFor("--repo-push=https://git.example.org/me/rpms.git", "--repo-url=https://rpms.example.org/");

        // Assert
        hosted.HostedRepository.Should().Be(new HostedRepositorySettings("https://git.example.org/me/rpms.git", "gh-pages", "https://rpms.example.org/"));
        hosted.GitCredentials.Should().ContainKey("https://git.example.org");
        PlanTable.Render(hosted, PlanFixture.Paths).Should().Contain(
            "dnf repo:     https://git.example.org/me/rpms.git branch gh-pages, served at https://rpms.example.org/, keeping 7 builds of each package and architecture")
            .And.NotContain("s3cret");
        withoutUrl.Should().Throw<ConfigurationException>().WithMessage("--repo-push needs --repo-url=URL, where the gh-pages branch is served as static pages*");
        notPublishing.Should().Throw<ConfigurationException>().WithMessage("--repo-push pushes the dnf repository of what is published, and target Default does not publish*");
    }

    [Fact]
    public void A_clean_build_is_planned_and_said_and_an_incremental_one_is_the_default()
    {
        // Act
        var incremental = PlanFor();
        var clean = PlanFor("--clean");

        // Assert
        incremental.Clean.Should().BeFalse();
        clean.Clean.Should().BeTrue();
        PlanTable.Render(clean, PlanFixture.Paths).Should().Contain("clean:        every build starts from a fresh tree and an empty build folder");
        PlanTable.Render(incremental, PlanFixture.Paths).Should().NotContain("clean:");
    }

    [Fact]
    public void Signing_without_a_key_stops_the_plan_and_no_signing_is_said_plainly()
    {
        // Act
        var act = () => PlanFor("--sign");
        var unsigned = PlanTable.Render(PlanFor(), PlanFixture.Paths);

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("--sign needs a private key: pass --sign-key=FILE*or put the key in $BUILDKIT_GPG_KEY*");
        unsigned.Should().Contain("signing:      no (packages are not signed)");
    }
}
