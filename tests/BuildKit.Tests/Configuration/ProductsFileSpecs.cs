using BuildKit.Configuration;

namespace BuildKit.Tests.Configuration;

public sealed class ProductsFileSpecs
{
    private const string Source = "/work/buildkit/specs/products.yaml";

    private static Action Parsing(string yaml) => () => ProductsFile.Parse(yaml, Source);

    [Fact]
    public void A_valid_file_gives_every_product_with_paths_resolved_against_the_files_folder()
    {
        // Act
        var file = PlanFixture.Products();

        // Assert
        file.Distribution.Should().Be("fedora-43");
        file.Products.Should().HaveCount(2);
        file.Find("HOTSPOT")!.Spec.Should().Be("/work/buildkit/specs/hotspot.spec");
        file.Find("hotspot")!.Commit.Should().Be("0123456789abcdef0123456789abcdef01234567");
    }

    [Fact]
    public void A_product_named_unlike_its_specs_package_is_refused_with_the_name_to_use()
    {
        // Arrange
        using var temp = TempDir.Create();
        temp.File("specs/hotspot.spec", "Name:           hotspot\nVersion:        %{buildkit_version}\n");

        // Act
        var parsing = () => ProductsFile.Parse("""
            products:
              my-hotspot: { repo: ../forks/hotspot, ref: main, recipe: hotspot, spec: hotspot.spec }
            """, temp.Combine("specs", "products.yaml"));

        // Assert
        parsing.Should().Throw<ConfigurationException>().WithMessage("*products.yaml:2: product 'my-hotspot' is packaged by *hotspot.spec, whose Name is 'hotspot'*call the product 'hotspot'*");
    }

    [Fact]
    public void A_local_repository_path_is_resolved_against_the_files_folder_and_urls_stay_as_written()
    {
        // Act
        var file = ProductsFile.Parse("""
            products:
              hotspot: { repo: ../forks/hotspot, ref: main, recipe: hotspot, spec: hotspot.spec }
              grafana: { repo: "git@github.com:me/grafana.git", ref: main, recipe: grafana, spec: grafana.spec }
            """, Source);

        // Assert
        file.Find("hotspot")!.Repo.Should().Be("/work/buildkit/forks/hotspot");
        file.Find("grafana")!.Repo.Should().Be("git@github.com:me/grafana.git");
    }

    [Fact]
    public void A_missing_key_is_named_with_the_product_the_file_and_the_fix()
    {
        // Act
        var act = Parsing("""
            products:
              grafana:
                repo: https://github.com/grafana/grafana.git
                recipe: grafana
                spec: grafana.spec
            """);

        // Assert
        act.Should().Throw<ConfigurationException>()
            .WithMessage($"{Source}:3: products.grafana has no 'ref'. Add 'ref:' to it.");
    }

    [Fact]
    public void A_wrong_typed_value_is_named_with_its_line()
    {
        // Act
        var act = Parsing("""
            products:
              grafana:
                repo: [a, b]
                ref: main
                recipe: grafana
                spec: grafana.spec
            """);

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage($"{Source}:3: products.grafana.repo must be a text value.");
    }

    [Fact]
    public void A_misspelt_key_is_rejected_with_the_keys_allowed_there()
    {
        // Act
        var act = Parsing("""
            products:
              grafana: { repo: x, ref: main, recipe: grafana, spec: s.spec, comit: abcdef1 }
            """);

        // Assert
        act.Should().Throw<ConfigurationException>()
            .WithMessage($"{Source}:2: unknown key 'products.grafana.comit'. Allowed here: commit, options, packages, patches, recipe, ref, repo, smoke, spec, upstream, version-from.");
    }

    [Fact]
    public void A_pin_that_is_not_a_commit_id_is_rejected()
    {
        // Act
        var act = Parsing("products:\n  grafana: { repo: x, ref: main, commit: main, recipe: grafana, spec: g.spec }\n");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("*products.grafana.commit: 'main' is not a commit id*");
    }

    [Fact]
    public void A_file_without_products_says_what_to_add()
    {
        // Act
        var act = Parsing("distribution: fedora-43\n");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage($"{Source}: the key 'products' is missing.*");
    }

    [Fact]
    public void Broken_yaml_names_the_line()
    {
        // Act
        var act = Parsing("products:\n  grafana:\n    repo: x\n   ref: main\n");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage($"{Source}:*: not valid YAML*");
    }

    [Fact]
    public void An_unknown_distribution_lists_the_known_ones()
    {
        // Act
        var act = Parsing("distribution: fedora-12\nproducts:\n  grafana: { repo: x, ref: main, recipe: grafana, spec: g.spec }\n");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("Unknown distribution 'fedora-12'*fedora-43, fedora-42, el9, el10, debian-12, debian-13.");
    }

    [Fact]
    public void Patches_and_mirrors_are_read_with_paths_resolved_against_the_files_folder()
    {
        // Act
        var file = ProductsFile.Parse("""
            mirrors:
              "https://github.com/": "https://git.example.com/mirror/"
            products:
              grafana:
                repo: https://github.com/me/grafana.git
                ref: main
                recipe: grafana
                spec: grafana.spec
                patches: [patches/grafana/0001-fix.patch, patches/grafana/extra]
              hotspot: { repo: x, ref: main, recipe: hotspot, spec: hotspot.spec, patches: patches/hotspot }
            """, Source);

        // Assert
        file.Mirrors.Should().Equal(new Dictionary<string, string> { ["https://github.com/"] = "https://git.example.com/mirror/" });
        file.Find("grafana")!.Patches.Should().Equal("/work/buildkit/specs/patches/grafana/0001-fix.patch", "/work/buildkit/specs/patches/grafana/extra");
        file.Find("hotspot")!.Patches.Should().Equal("/work/buildkit/specs/patches/hotspot");
    }

    [Fact]
    public void A_forks_upstream_branch_is_read_for_the_upstream_report()
    {
        // Act
        var file = ProductsFile.Parse("""
            products:
              grafana:
                repo: https://github.com/me/grafana.git
                ref: my-fix
                recipe: grafana
                spec: grafana.spec
                upstream: { repo: https://github.com/grafana/grafana.git, branch: main }
            """, Source);

        // Assert
        file.Find("grafana")!.Upstream.Should().Be(new UpstreamBranch("https://github.com/grafana/grafana.git", "main"));
    }

    [Fact]
    public void An_upstream_without_a_branch_says_what_to_add()
    {
        // Act
        var act = Parsing("products:\n  grafana: { repo: x, ref: main, recipe: grafana, spec: g.spec, upstream: { repo: y } }\n");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("*products.grafana.upstream has no 'branch'. Add 'branch:' to it.");
    }

    [Fact]
    public void Mirrors_that_are_not_a_mapping_of_prefixes_are_rejected()
    {
        // Act
        var act = Parsing("mirrors: [a, b]\nproducts:\n  grafana: { repo: x, ref: main, recipe: grafana, spec: g.spec }\n");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage($"{Source}:1: mirrors must map URL prefixes to their replacements*");
    }

    [Fact]
    public void A_missing_file_names_the_path_and_the_option()
    {
        // Arrange
        using var temp = TempDir.Create();

        // Act
        var act = () => ProductsFile.Load(temp.Combine("nope.yaml"));

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage("The products file */nope.yaml does not exist. Pass an existing file with --config=FILE*");
        Directory.GetFileSystemEntries(temp.Path).Should().BeEmpty();
    }
}
